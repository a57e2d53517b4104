/**
 * Glob matching for many paths against many globs. Each glob is compiled (picomatch) only the first
 * time a path contains the glob's longest fixed piece of text: `**\/.cursor/rules/**` is never compiled,
 * nor run, for a path without `/.cursor/rules/`. Same answers as picomatch with `{ dot: true }`.
 */
import picomatch from "picomatch";
import { append } from "./arrays.js";

export interface LazyGlob {
  readonly glob: string;
  /** Every matching path contains one of these (empty: no such text). */
  readonly needles: readonly string[];
  /** picomatch's answer, skipping the glob when the path holds none of its needles. */
  test(path: string): boolean;
  /** picomatch's answer, for a path already known to hold a needle. */
  match(path: string): boolean;
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

/** Most brace alternatives worth expanding into separate needles. */
const MAX_EXPANSIONS = 64;

/**
 * The globs a brace pattern stands for (`*.{pem,key}` → `*.pem`, `*.key`), or undefined when it has
 * no plain comma list to expand (escapes, brackets, extglobs, ranges, unbalanced braces, too many
 * alternatives).
 */
export function expandBraces(glob: string): string[] | undefined {
  // Escapes, brackets and extglob groups can hold braces that are not alternations: not expanded.
  if (/[\\[\]()]/.test(glob)) return undefined;
  const open = glob.indexOf("{");
  if (open < 0) return [glob];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length && close < 0; i++) {
    const c = glob[i];
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) close = i;
    else if (c === "," && depth === 1) commas.push(i);
  }
  if (close < 0 || commas.length === 0) return undefined;
  const cuts = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const alt = glob.slice(0, open) + glob.slice(cuts[k]! + 1, cuts[k + 1]) + glob.slice(close + 1);
    const more = expandBraces(alt);
    if (!more) return undefined;
    append(out, more);
    if (out.length > MAX_EXPANSIONS) return undefined;
  }
  return out;
}

/**
 * Texts of which every matching path contains at least one: one per brace alternative when the
 * alternatives all have fixed text (`**\/{id_rsa,id_dsa}` → id_rsa, id_dsa), else the glob's needle.
 * Empty when a path need not contain anything in particular.
 */
export function needlesOf(glob: string): string[] {
  const alternatives = glob.startsWith("!") ? undefined : expandBraces(glob);
  const needles = alternatives ? [...new Set(alternatives.map(needleOf))] : [needleOf(glob)];
  return needles.includes("") ? [] : needles;
}

export function lazyGlob(glob: string): LazyGlob {
  const needles = needlesOf(glob);
  let compiled: ((p: string) => boolean) | undefined;
  const match = (path: string): boolean => {
    compiled ??= compile(glob);
    return compiled(path);
  };
  return {
    glob,
    needles,
    match,
    test: (path) => (needles.length === 0 || needles.some((n) => path.includes(n))) && match(path),
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

/**
 * Many globs over many paths: one pass over a path finds which globs' needles it contains (needles are
 * looked up by their first two characters), and only those globs, and the ones without needles, are
 * tested. `candidates` marks them, in glob order. Needles never start with `/`, so `path` and `/path`
 * have the same candidates.
 */
export class GlobIndex {
  readonly globs: readonly LazyGlob[];
  private readonly needles: string[] = [];
  /** needle index → indexes of the globs it belongs to. */
  private readonly owners: number[][] = [];
  /** (first char × 128 + second char) of ASCII needles → 1 + index into `buckets`. */
  private readonly heads = new Int32Array(128 * 128);
  private readonly buckets: number[][] = [];
  private readonly always: Uint8Array;
  private readonly marks: Uint8Array;

  constructor(globs: readonly string[]) {
    this.globs = globs.map(lazyGlob);
    this.always = new Uint8Array(globs.length);
    this.marks = new Uint8Array(globs.length);
    const ids = new Map<string, number>();
    this.globs.forEach(({ needles }, g) => {
      // No needle, or one this index cannot look up (shorter than 2, not ASCII): always tested.
      if (needles.length === 0 || needles.some((n) => !/^[\x00-\x7f]{2,}$/.test(n))) {
        this.always[g] = 1;
        return;
      }
      for (const n of needles) {
        let id = ids.get(n);
        if (id === undefined) {
          id = this.needles.length;
          ids.set(n, id);
          this.needles.push(n);
          this.owners.push([]);
          const key = n.charCodeAt(0) * 128 + n.charCodeAt(1);
          if (this.heads[key] === 0) this.heads[key] = this.buckets.push([]);
          this.buckets[this.heads[key]! - 1]!.push(id);
        }
        this.owners[id]!.push(g);
      }
    });
  }

  /** Whether glob `g`, marked by candidates(path), matches `path` (its needles are known present). */
  test(g: number, path: string): boolean {
    const glob = this.globs[g]!;
    return this.always[g] === 1 ? glob.test(path) : glob.match(path);
  }

  /** 1 for each glob that may match `path` (valid until the next call). */
  candidates(path: string): Uint8Array {
    const marks = this.marks;
    marks.set(this.always);
    for (let i = 0; i + 1 < path.length; i++) {
      const a = path.charCodeAt(i);
      const b = path.charCodeAt(i + 1);
      if (a >= 128 || b >= 128) continue;
      const head = this.heads[a * 128 + b]!;
      if (head === 0) continue;
      // Indexed loops: every path of a tree comes here, mostly before V8 optimises this (a for-of
      // loop there makes an iterator result per element).
      const bucket = this.buckets[head - 1]!;
      for (let k = 0; k < bucket.length; k++) {
        const id = bucket[k]!;
        if (!path.startsWith(this.needles[id]!, i)) continue;
        const owners = this.owners[id]!;
        for (let o = 0; o < owners.length; o++) marks[owners[o]!] = 1;
      }
    }
    return marks;
  }
}

/** `**\/name` and `**\/*.suffix`: globs on the last path segment alone, with no other pattern syntax. */
const BASENAME_GLOB = /^\*\*\/(\*?)([^*?[\]{}()!+@\\/]+)$/;

/** True when a segment of `path` before `end` is `.` or `..` (picomatch's `**` never crosses one). */
function dotSegment(path: string, end: number): boolean {
  for (let at = path.indexOf(".", 0); at !== -1 && at < end; at = path.indexOf(".", at + 1)) {
    if (at > 0 && path.charCodeAt(at - 1) !== 47) continue;
    const next = path.charCodeAt(at + 1) === 46 ? at + 2 : at + 1;
    if (next <= end && (next === path.length || path.charCodeAt(next) === 47)) return true;
  }
  return false;
}

/**
 * True when any of the globs matches (picomatch's answer, `dot: true`). Globs on the last path segment
 * (lockfiles, `*.map`: the usual excludes) are answered from that segment, as picomatch does: a
 * literal name allows no trailing slash, a `*` name one, and no `.` or `..` segment may come before.
 * The rest go through a GlobIndex.
 */
export function globSet(globs: readonly string[]): (path: string) => boolean {
  const names = new Set<string>();
  const suffixes: string[] = [];
  const rest: string[] = [];
  for (const glob of globs) {
    const m = BASENAME_GLOB.exec(glob);
    if (!m) rest.push(glob);
    else if (m[1]) suffixes.push(m[2]!);
    else names.add(m[2]!);
  }
  const index = rest.length > 0 ? new GlobIndex(rest) : undefined;
  return (path) => {
    if (names.size > 0 || suffixes.length > 0) {
      let end = path.length;
      while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
      const trailing = path.length - end;
      const slash = path.lastIndexOf("/", end - 1);
      const base = path.slice(slash + 1, end);
      let hit = trailing === 0 && names.has(base);
      for (let k = 0; !hit && trailing <= 1 && k < suffixes.length; k++) hit = base.endsWith(suffixes[k]!);
      if (hit && !dotSegment(path, Math.max(slash, 0))) return true;
    }
    if (!index) return false;
    const marks = index.candidates(path);
    for (let g = 0; g < marks.length; g++) if (marks[g] === 1 && index.test(g, path)) return true;
    return false;
  };
}
