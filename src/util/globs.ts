/**
 * Glob matching for many paths against many globs. Each glob is compiled (picomatch) only the first
 * time a path contains the glob's longest fixed piece of text: `**\/.cursor/rules/**` is never compiled,
 * nor run, for a path without `/.cursor/rules/`. Same answers as picomatch with `{ dot: true }`.
 */
import picomatch from "picomatch";

export interface LazyGlob {
  readonly glob: string;
  /** A piece of text every matching path contains ("" when the glob has none). */
  readonly needle: string;
  test(path: string): boolean;
}

/**
 * The longest run of plain characters outside braces, brackets and extglob groups. Every path the
 * glob matches contains it (a leading `**\/` also matches nothing, so a leading slash is dropped).
 */
export function needleOf(glob: string): string {
  if (glob.startsWith("!")) return ""; // a negated glob matches paths without its text
  let best = "";
  let run = "";
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    const opens = c === "{" || c === "[" || c === "(";
    if (c === "\\") {
      if (depth === 0) run += glob[i + 1] ?? "";
      i++;
      continue;
    }
    if (opens) depth++;
    else if ((c === "}" || c === "]" || c === ")") && depth > 0) depth--;
    if (depth > 0 || opens || c === "}" || c === "]" || c === ")" || "*?!@+".includes(c)) {
      best = longer(best, run);
      run = "";
      continue;
    }
    run += c;
  }
  return longer(best, run);
}

/** The longer of two runs, a leading slash dropped (`**\/x` matches `x` at the root too). */
function longer(best: string, run: string): string {
  const r = run.startsWith("/") ? run.slice(1) : run;
  return r.length > best.length ? r : best;
}

export function lazyGlob(glob: string): LazyGlob {
  const needle = needleOf(glob);
  let compiled: ((p: string) => boolean) | undefined;
  return {
    glob,
    needle,
    test(path: string): boolean {
      if (needle && !path.includes(needle)) return false;
      compiled ??= compile(glob);
      return compiled(path);
    },
  };
}

/**
 * picomatch's own matcher wraps each test in result objects; its regex answers the same (a path equal
 * to the glob text matches too, as in picomatch.test), at a fraction of the cost per path.
 */
function compile(glob: string): (p: string) => boolean {
  const re = picomatch.makeRe(glob, { dot: true });
  return (p) => p === glob || re.test(p);
}

/** True when any of the globs matches. */
export function globSet(globs: readonly string[]): (path: string) => boolean {
  const set = globs.map(lazyGlob);
  return (path) => {
    for (const g of set) if (g.test(path)) return true;
    return false;
  };
}
