/**
 * Rewrites a rule pattern into an equivalent that V8's regex engine scans fast. Pure.
 *
 * Rule authors write token boundaries as `(?:^|[^A-Za-z0-9_])…` (portable, and clear) and sometimes
 * capture through a lookahead, `(?=(tok_…)(?!…))tok_`, so a match consumes only the literal. Both
 * defeat V8's literal search: the engine then tries the pattern at every offset, 10–20 times slower on
 * code full of the rule's keyword (`pat` occurs in every `path`). The rewrites:
 *   1. a leading `(?:^|[^C])` becomes `(?<![C])` (same condition on the previous character);
 *   2. `(?<![C])(?=(BODY)TAIL)LIT`, where BODY starts with the plain literal LIT and every character
 *      BODY can match is in C, becomes `(?<![C])(BODY)TAIL`. Every match of BODY begins with LIT, and
 *      no second match can start inside one (the lookbehind fails after any character of C), so the
 *      same captures come out; only how far a match reaches changes. A BODY that can match outside C
 *      (a comma-separated list of tokens, say) could hold a second, overlapping match: kept as is.
 * Anything else is returned unchanged.
 */

/** The index just past the group or class opening at `open` (source[open] is `(` or `[`), or -1. */
function closeOf(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") {
        inClass = false;
        if (source[open] === "[") return i + 1;
      }
      continue;
    }
    if (c === "[") {
      inClass = true;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The literal text `s` spells when it holds no regex syntax (escaped punctuation allowed), else undefined. */
function plainLiteral(s: string): string | undefined {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "\\") {
      const n = s[i + 1];
      if (n === undefined || /[A-Za-z0-9]/.test(n)) return undefined; // \d, \b, \1…: not a literal
      out += n;
      i++;
    } else if ("^$.|?*+()[]{}".includes(c)) return undefined;
    else out += c;
  }
  return out;
}

/** The plain literal text BODY starts with (up to its first regex syntax). */
function literalPrefix(body: string): string {
  if (body.startsWith("(?:")) {
    // A leading alternation of plain literals: their common prefix.
    const end = closeOf(body, 0);
    const alts =
      end > 0
        ? body
            .slice(3, end - 1)
            .split("|")
            .map(plainLiteral)
        : [];
    if (alts.length === 0 || alts.some((a) => a === undefined)) return "";
    let common = alts[0]!;
    for (const a of alts) while (!a!.startsWith(common)) common = common.slice(0, -1);
    return common;
  }
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\") {
      const n = body[i + 1];
      if (n === undefined || /[A-Za-z0-9]/.test(n)) break;
      out += n;
      i++;
      continue;
    }
    if ("^$.|?*+()[]{}".includes(c)) {
      // A quantifier applies to the character before it: that one is not certain either.
      if ("?*{".includes(c)) out = out.slice(0, -1);
      break;
    }
    out += c;
  }
  return out;
}

export function optimizePattern(source: string, ignoreCase = false): string {
  let s = source;
  // 1. Leading boundary alternation → negative lookbehind.
  if (s.startsWith("(?:^|[^")) {
    const classEnd = closeOf(s, 5);
    if (classEnd > 0 && s[classEnd] === ")") s = `(?<![${s.slice(7, classEnd - 1)}])${s.slice(classEnd + 1)}`;
  }
  if (!s.startsWith("(?<![")) return source;
  const lbEnd = closeOf(s, 0);
  if (lbEnd < 0 || !s.startsWith("(?=(", lbEnd)) return s;
  // 2. Capture-through-lookahead → plain capture. (A lookbehind followed by a lookahead is the slowest
  // form of all, so when this rewrite does not apply the original is kept.)
  const laEnd = closeOf(s, lbEnd);
  const groupEnd = closeOf(s, lbEnd + 3);
  if (laEnd < 0 || groupEnd < 0) return source;
  const body = s.slice(lbEnd + 4, groupEnd - 1);
  const tail = s.slice(groupEnd, laEnd - 1);
  const lit = plainLiteral(s.slice(laEnd));
  if (!lit || !literalPrefix(body).startsWith(lit)) return source;
  if (!charsWithin(body, s.slice(4, lbEnd - 2), ignoreCase)) return source;
  return `${s.slice(0, lbEnd)}(${body})${tail}`;
}

/** ASCII codes a single-character regex token (`a`, `\\d`, `[A-Z_]`, `.`) matches, or null if it also
 * matches beyond ASCII or is not a valid token. */
function tokenChars(token: string, ignoreCase = false): Set<number> | null {
  let re: RegExp;
  try {
    re = new RegExp(`^${token}$`, ignoreCase ? "i" : "");
  } catch {
    return null;
  }
  if (re.test("\u00e9") || re.test("\u4e00")) return null;
  const out = new Set<number>();
  for (let c = 0; c < 128; c++) if (re.test(String.fromCharCode(c))) out.add(c);
  return out;
}

/**
 * True when every character `body` can match lies in the class `[cls]`. Conservative: characters
 * inside lookarounds count too, and anything not understood answers false.
 */
function charsWithin(body: string, cls: string, ignoreCase: boolean): boolean {
  const allowed = tokenChars(`[${cls}]`, ignoreCase);
  if (!allowed) return false;
  const within = (token: string) => {
    const chars = tokenChars(token, ignoreCase);
    return chars !== null && [...chars].every((c) => allowed.has(c));
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\") {
      // \u, \x, \c, \p and back-references are not single plain tokens here: give up.
      if (/[uxcpPk0-9]/.test(body[i + 1] ?? "") || !within(body.slice(i, i + 2))) return false;
      i++;
    } else if (c === "[") {
      const end = closeOf(body, i);
      if (end < 0 || !within(body.slice(i, end))) return false;
      i = end - 1;
    } else if (c === "(") {
      if (body[i + 1] === "?") {
        i++;
        if (body[i + 1] === "<" && body[i + 2] !== "=" && body[i + 2] !== "!") return false; // named group
        while (":=!<".includes(body[i + 1] ?? "")) i++;
      }
    } else if (c === "{") {
      const end = body.indexOf("}", i);
      if (end < 0 || !/^\{\d+(?:,\d*)?\}$/.test(body.slice(i, end + 1))) return false;
      i = end;
    } else if (!")|*+?^$".includes(c)) {
      if (!within(c === "." ? "." : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))) return false;
    }
  }
  return true;
}

/** True when `source` holds a `|` outside every group and class (an alternation of whole patterns). */
function topLevelAlternation(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "(" || c === "[") {
      const end = closeOf(source, i);
      if (end < 0) return true; // not understood: assume the worst
      i = end - 1;
    } else if (c === "|") return true;
  }
  return false;
}

/**
 * Text every match of the regex `source` starts with, or "" when none is certain. Leading lookarounds
 * and assertions (`\b`, `^`) consume nothing and are skipped; a leading capture group is entered
 * when it is neither optional nor an alternation; then comes the plain literal (or the common prefix
 * of a leading alternation of literals). Detection tries such a rule only where that text occurs.
 */
/**
 * The length of the zero-width assertion `s` starts with (`\b`, `\B`, `^`, or a look-around group), 0
 * when it starts with none, -1 when its look-around is never closed.
 */
function assertionHead(s: string): number {
  if (s.startsWith("\\b") || s.startsWith("\\B")) return 2;
  if (s.startsWith("^")) return 1;
  return /^\(\?(?:<[=!]|[=!])/.test(s) ? closeOf(s, 0) : 0;
}

export function matchPrefix(source: string): string {
  let s = source;
  for (;;) {
    if (topLevelAlternation(s)) return "";
    const head = assertionHead(s);
    if (head < 0) return "";
    if (head > 0) s = s.slice(head);
    else if (s.startsWith("(") && !s.startsWith("(?")) {
      const end = closeOf(s, 0);
      const after = s[end];
      if (end < 0 || after === "?" || after === "*" || after === "{") return "";
      s = s.slice(1, end - 1);
    } else return literalPrefix(s);
  }
}

/** Negated character classes (`[^\n;]`, `[^\s"']`): each matches no line break its body names. */
const NEGATED_CLASS = /\[\^(?:\\[\s\S]|[^\]\\])*\]/g;
/** Every character class (a `*` or `+` inside one repeats nothing). */
const ANY_CLASS = /\[(?:\\[\s\S]|[^\]\\])*\]/g;

/**
 * Whether a pattern's match may run across lines, further than the lines around a keyword hit hold
 * (detect.ts then matches such a rule on the whole text, not on the windows around its hits): `[\s\S]`,
 * a `\n` it may match, or a `\s` repeated ten times or more. A `\n` or `\s` inside a negated class
 * says the opposite (`[^\n;]{0,200}` stays on its line): those classes are left out first. Taking a
 * one-line rule for a multi-line one costs only speed: a rule matched on the whole of a 4 MB bundle
 * that names its keyword once took 2.5 s.
 */
export function spansLines(pattern: string): boolean {
  return /\[\\s\\S\]|\[\\S\\s\]|(?<!\\)\\n|\\s[^{]{0,3}\{\d{2,}|\\s[\]*+]{1,2}[*+]/.test(
    pattern.replace(NEGATED_CLASS, "x"),
  );
}

/** Repetition that lets a look-behind reach far back: `*`, `+`, `{n,}` or an upper bound over 16. */
const FAR_REACH = /(?<!\\)[*+]|\{\d+,(?:\d{3,}|[2-9]\d|1[7-9])?\}/;

/**
 * The look-behind a pattern starts with, when it may reach far back (FAR_REACH), else undefined. The
 * regex engine finds where a match may start by the first character it consumes; a pattern that
 * consumes nothing before such a look-behind has it tried at every offset of the text, back over its
 * whole reach each time (a MySQL rule written that way took 100 times longer than any other). Leading
 * `^`, `\b` and other look-arounds are passed over: they consume nothing either.
 */
export function farLookbehindFirst(source: string): string | undefined {
  let s = source;
  for (let head = assertionHead(s); head > 0; head = assertionHead(s)) {
    const group = s.slice(0, head);
    if (group.startsWith("(?<") && FAR_REACH.test(group.replace(ANY_CLASS, "x"))) return group;
    s = s.slice(head);
  }
  return undefined;
}
