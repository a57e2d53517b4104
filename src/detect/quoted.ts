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

/** QUOTED, tried at one place (sticky): the match that starts there, if any. */
const QUOTED_AT = new RegExp(QUOTED.source, "y");

/**
 * The QUOTED matches of `s`, in order, as a global scan finds them: each search starts near the next
 * place a value opens (QUOTED_SITE). In the common shapes there (`"name": "`, every site of a data
 * dump; `name = "` in code) the match is read by hand (quotedAt), with no regex run and nothing
 * allocated; at a site no match can use (a comparison, `x === "…"`) nothing runs; anywhere else the
 * regex is tried where a match with that site could start (siteMatch).
 *
 * Two offsets move: `cursor`, where the next match may start, and `sites`, where the next site is looked
 * for. Every match holds a site at its operator and starts at most QUOTED_REACH before it; a site no
 * match uses is passed over, and then no match starts before its quote (one that did would run
 * through the site's operator, and a name holds no operator character).
 */
export function eachQuoted(s: string, fn: QuotedPair): void {
  let cursor = 0;
  let sites = 0;
  for (;;) {
    QUOTED_SITE.lastIndex = sites;
    if (!QUOTED_SITE.test(s)) return;
    const opened = QUOTED_SITE.lastIndex;
    let end = quotedAt(s, cursor, opened, fn);
    if (end === -1 && !unusedSite(s, opened - 1)) end = siteMatch(s, cursor, opened, fn);
    if (end !== -1) {
      cursor = sites = end;
      continue;
    }
    // No match starts before this site's quote (unusedSite) or before its end (siteMatch tried up to
    // it): the quote may still open the next match's name (`x == "a": "b"`).
    sites = opened;
    cursor = opened - 1;
  }
}

/**
 * The QUOTED match that starts where a match with the site ending at `opened` (past its quote) may
 * start, handed to `fn`, and its end; -1 when there is none. Tried at each place from QUOTED_REACH
 * before the site's operator to its quote where the match's look-behind and first characters fit: a
 * match that starts there uses this site (its name cannot run past the operator), and none starts
 * earlier past `cursor` (it would run through this site's operator, or use an earlier site).
 */
function siteMatch(s: string, cursor: number, opened: number, fn: QuotedPair): number {
  for (let p = Math.max(cursor, opened - QUOTED_SITE_MAX - QUOTED_REACH); p < opened; p++) {
    const c = s.charCodeAt(p);
    // `["'`]?[A-Za-z_$@]` after `(?<![\w$]|::)`.
    if (!(isNameStart(c) || (isQuote(c) && isNameStart(s.charCodeAt(p + 1))))) continue;
    const b = s.charCodeAt(p - 1);
    if (isWordOrDollar(b) || (b === 58 && s.charCodeAt(p - 2) === 58)) continue;
    QUOTED_AT.lastIndex = p;
    const m = QUOTED_AT.exec(s);
    if (m === null) continue;
    // The name starts past the match's optional quote (a name never starts with one); the value
    // ends before the closing quote.
    const nameFrom = p + (isQuote(c) ? 1 : 0);
    const valueTo = p + m[0].length - 1;
    fn(nameFrom, nameFrom + m[1]!.length, valueTo - m[3]!.length, valueTo);
    return p + m[0].length;
  }
  return -1;
}

/**
 * Whether no QUOTED match can use the site whose quote is at `q`: the operator it would end is none of
 * QUOTED's (`==`, `!=`, `<=`, `>=`, `+=` and the like end in `=` after a character no name, quote,
 * `]`, blank or longer operator ends with; `>` ends only `=>`; `:` must follow a name, a quote, `]`
 * or a blank). With a string prefix before the quote (`r"`, a name's letters too) it is not known.
 */
function unusedSite(s: string, q: number): boolean {
  let a = q - 1;
  if (isPrefixLetter(s.charCodeAt(a))) return false;
  // The site's blanks are QUOTED's `\s{0,8}`: the operator's last character is the first other one.
  for (let n = 0; n <= 8 && isRegexSpace(s.charCodeAt(a)); n++) a--;
  const op = s.charCodeAt(a);
  const before = s.charCodeAt(a - 1); // NaN before the text's start: no name there
  if (op === 62) return before !== 61; // `>` ends `=>` only
  if (op !== 61 && op !== 58) return false;
  if (isNameChar(before) || isQuote(before) || before === 93 || isRegexSpace(before)) return false;
  // `=` may end `:=`, `??=` or `||=`.
  return op === 58 || (before !== 58 && before !== 63 && before !== 124);
}

/** `[rRbBuUfF]`: a string prefix's letters. */
function isPrefixLetter(c: number): boolean {
  return c === 114 || c === 82 || c === 98 || c === 66 || c === 117 || c === 85 || c === 102 || c === 70;
}

/** JavaScript's `\s` (a regex's blank), for one UTF-16 unit. */
function isRegexSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return c >= 160 && SPACE.test(String.fromCharCode(c));
}
const SPACE = /\s/;

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

/**
 * What a regex's `.` does not match, and what ends a line for its `^` in multiline mode: line feed,
 * carriage return, line and paragraph separators.
 */
export function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}
