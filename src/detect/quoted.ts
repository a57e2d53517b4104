/**
 * Quoted assignments (`name = "value"`, `"name": "value"`, `key => 'value'`…) in free text: every match
 * of QUOTED, found by a search that starts near where a value opens, and read by hand in the common
 * shapes (the regex reads the rest). Pure.
 */

export const QUOTED =
  /(?<![\w$]|::)["'`]?([A-Za-z_$@][\w$.@-]{0,100}?)["'`]?\]?\s{0,8}(?::=|=>|\?\?=|\|\|=|:|=)(?!=)\s{0,8}(?:[rRbBuUfF]{1,2})?(["'`])((?:(?!\2)[^\\\n]|\\.){1,1000})\2/g;
/**
 * Where a QUOTED value opens: the operator's last character, spaces, a string prefix, the quote. Every
 * QUOTED match holds one, at most QUOTED_REACH characters past the match's start.
 */
const QUOTED_SITE = /[:=>]\s{0,8}(?:[rRbBuUfF]{1,2})?["'`]/g;
const QUOTED_SITE_MAX = 1 + 8 + 2 + 1; // its longest match
/** Opening quote, name (101), closing quote, `]`, spaces (8), then two characters of a 3-character operator. */
const QUOTED_REACH = 1 + 101 + 1 + 1 + 8 + 2;
/** A name's longest run (QUOTED's `[A-Za-z_$@][\w$.@-]{0,100}`) and a value's most units. */
const NAME_MAX = 101;
const VALUE_MAX = 1000;

/** A QUOTED match as offsets in the text: its name [nameFrom, nameTo), its value [valueFrom, valueTo). */
export type QuotedPair = (nameFrom: number, nameTo: number, valueFrom: number, valueTo: number) => void;

/**
 * The QUOTED matches of `s`, in order, as a global scan finds them: each search starts near the next
 * place a value opens (QUOTED_SITE). In the common shapes there (`"name": "`, every site of a data
 * dump; `name = "` in code) the match is read by hand (quotedAt), with no regex run and nothing
 * allocated; anywhere else the regex finds it.
 */
export function eachQuoted(s: string, fn: QuotedPair): void {
  let cursor = 0;
  for (;;) {
    QUOTED_SITE.lastIndex = cursor;
    if (!QUOTED_SITE.test(s)) return;
    const opened = QUOTED_SITE.lastIndex;
    const end = quotedAt(s, cursor, opened, fn);
    if (end !== -1) {
      cursor = end;
      continue;
    }
    QUOTED.lastIndex = Math.max(cursor, opened - QUOTED_SITE_MAX - QUOTED_REACH);
    const m = QUOTED.exec(s);
    if (m === null) return;
    // The name starts past the match's optional quote (a name never starts with one); the value
    // ends before the closing quote.
    const nameFrom = m.index + (isQuote(m[0].charCodeAt(0)) ? 1 : 0);
    const valueTo = m.index + m[0].length - 1;
    fn(nameFrom, nameFrom + m[1]!.length, valueTo - m[3]!.length, valueTo);
    cursor = QUOTED.lastIndex;
  }
}

/**
 * The first QUOTED match at or past `cursor` when the first value-opening site there (ending at
 * `opened`, past its quote) has the common shapes: `:`, `=`, `:=` or `=>` with only blanks and tabs
 * around it, after a name in quotes (`"name": "`) or bare (`name = "`, `this.key => '`). Handed to
 * `fn`, and its end returned; -1 for any other shape, which the regex then reads.
 *
 * Why it is the regex's match: every match holds a site at its operator, so none starts before this
 * one's name (its operator would be an earlier site), and a name is made of name characters, which no
 * quote, blank or operator is. A quoted name runs from after its opening quote to its closing one (the
 * regex may start at the opening quote or, when its look-behind fails there, just after it: the same
 * groups). A bare name ends at the operator's blanks and starts where the regex first can: the first
 * place at most NAME_MAX characters back, in the run of name characters, where a name may start and the
 * look-behind passes (`a.b` may start at `a` or `b`, `ab` only at `a`). A value's units are characters
 * other than its quote, a backslash and a line feed, or a backslash and a character that is not a line
 * break, one to VALUE_MAX of them; the first quote that is not a unit's ends it.
 */
function quotedAt(s: string, cursor: number, opened: number, fn: QuotedPair): number {
  const q = opened - 1;
  const quote = s.charCodeAt(q);
  // The operator ends at j (the site's first character). `:`, `=`, `:=` or `=>`: where the blanks
  // after the name end, before it (`??=`, `==` and the rest are the regex's).
  const j = backOverBlanks(s, q - 1, cursor);
  const op = s.charCodeAt(j);
  const before = s.charCodeAt(j - 1);
  let end: number;
  if (op === 58) end = j - 1;
  else if (op === 61) end = before === 58 ? j - 2 : j - 1;
  else if (op === 62 && before === 61) end = j - 2;
  else return -1;
  const k = backOverBlanks(s, end, cursor);
  if (k < cursor) return -1;
  const last = s.charCodeAt(k);
  let nameFrom: number;
  let nameTo: number;
  if (isQuote(last)) {
    nameTo = k;
    let i = k - 1;
    while (i >= cursor && nameTo - i <= NAME_MAX && isNameChar(s.charCodeAt(i))) i--;
    nameFrom = i + 1;
    // The loop stops by NAME_MAX characters: a longer name leaves a name character at i, not a quote.
    if (
      nameFrom === nameTo ||
      i < cursor ||
      !isQuote(s.charCodeAt(i)) ||
      !isNameStart(s.charCodeAt(nameFrom))
    )
      return -1;
  } else if (isNameChar(last)) {
    nameTo = k + 1;
    const lowest = Math.max(cursor, nameTo - NAME_MAX);
    let i = k;
    while (i >= lowest && isNameChar(s.charCodeAt(i))) i--;
    nameFrom = i + 1;
    while (nameFrom < nameTo && !bareNameStarts(s, nameFrom)) nameFrom++;
    if (nameFrom === nameTo) return -1;
  } else return -1;
  let v = q + 1;
  let units = 0;
  for (;;) {
    if (v >= s.length) return -1;
    const c = s.charCodeAt(v);
    if (c === quote) break;
    if (c === 10) return -1;
    if (c === 92) {
      if (v + 1 >= s.length || isLineBreak(s.charCodeAt(v + 1))) return -1;
      v += 2;
    } else v++;
    if (++units > VALUE_MAX) return -1;
  }
  if (units === 0) return -1;
  fn(nameFrom, nameTo, q + 1, v);
  return v + 1;
}

/**
 * Whether a QUOTED name may start at `p` (inside a run of name characters): a name's first character,
 * and the look-behind `(?<![\w$]|::)` passes.
 */
function bareNameStarts(s: string, p: number): boolean {
  if (!isNameStart(s.charCodeAt(p))) return false;
  const c = s.charCodeAt(p - 1);
  if (isWordOrDollar(c)) return false;
  return !(c === 58 && s.charCodeAt(p - 2) === 58);
}

/** Where the blanks and tabs (8 at most) that end at `i` start, less one; never below `floor - 1`. */
function backOverBlanks(s: string, i: number, floor: number): number {
  for (let n = 0; n < 8 && i >= floor; n++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i--;
  }
  return i;
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39 || c === 96;
}

/** `[A-Za-z_$@]`: where a QUOTED name may start. */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c === 64;
}

/** `[\w$]`: what QUOTED's look-behind rejects before a name. */
function isWordOrDollar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** `[\w$.@-]`: the rest of a QUOTED name. */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

/** What a regex's `.` does not match: line feed, carriage return, line and paragraph separators. */
function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}
