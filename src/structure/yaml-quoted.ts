/**
 * Quoted scalars for the fast YAML path (yaml-token.ts, yaml-fast.ts): where one closes, a double-quoted
 * one's escapes, and one folded over lines, as the yaml library reads them (release notes, changelogs
 * and Ansible tasks write long quoted text over lines, and Jinja's `\"` inside double quotes). What
 * the library alone judges throws BAIL. Pure.
 */
import { BAIL } from "./yaml-bail.js";

/** A quoted scalar on one line with no `\\` (double) or `''` (single) in it, closing quote included. */
const PLAIN_DOUBLE = /"[^"\\\n]*"/y;
const PLAIN_SINGLE = /'[^'\n]*'(?!')/y;

/**
 * Where the scalar quoted by `q` (a character code) that opens at `at` closes on its line (before
 * `end`), or -1: a single-quoted one's `''` is a quote inside it, a double-quoted one's `\"` too.
 */
export function quoteEnd(t: string, at: number, end: number, q: number): number {
  // Most quoted scalars have neither escapes nor doubled quotes: a native match finds their end from
  // the first call, where the loop below runs unoptimised through most of a scan.
  const plain = q === 34 ? PLAIN_DOUBLE : PLAIN_SINGLE;
  plain.lastIndex = at;
  if (plain.test(t)) return plain.lastIndex - 1;
  for (let i = at + 1; i < end; i++) {
    const c = t.charCodeAt(i);
    if (c === 92 && q === 34) i++;
    else if (c === q) {
      if (q === 39 && t.charCodeAt(i + 1) === 39) i++;
      else return i;
    }
  }
  return -1;
}

/** A double-quoted scalar's escapes and what they stand for (`x`, `u`, `U` take hex digits). */
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  " ": " ",
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  N: "\x85",
  _: "\xa0",
  L: "\u2028",
  P: "\u2029",
};
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A double-quoted scalar's content with its escapes resolved (on one line: no escaped line break). */
export function unescapeDouble(s: string): string {
  let out = "";
  let from = 0;
  for (let i = s.indexOf("\\"); i !== -1; i = s.indexOf("\\", from)) {
    out += s.slice(from, i);
    const e = s[i + 1];
    if (e === undefined) throw BAIL;
    const digits = HEX_DIGITS[e];
    if (digits !== undefined) {
      const hex = s.slice(i + 2, i + 2 + digits);
      if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) throw BAIL;
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) throw BAIL;
      out += String.fromCodePoint(code);
      from = i + 2 + digits;
    } else {
      const r = ESCAPES[e];
      if (r === undefined) throw BAIL;
      out += r;
      from = i + 2;
    }
  }
  return out + s.slice(from);
}

/**
 * What the line break between two lines of text in a scalar folded over lines becomes, with
 * `blankLines` blank lines between them: a space, or a line feed for each blank line (plain scalars
 * fold so too: yaml-fast.ts).
 */
export function foldBreak(blankLines: number): string {
  return blankLines > 0 ? "\n".repeat(blankLines) : " ";
}

export interface OverLines {
  /** The content's range: past the opening quote to the closing one. */
  readonly from: number;
  readonly to: number;
  readonly value: string;
  /** Past the closing quote, and the end of its line. */
  readonly after: number;
  readonly lineEnd: number;
}

/**
 * A quoted scalar opening at `at` that does not close on its line, owned by an entry at column
 * `indent`: its lines are folded (a line break between text is a space, each blank line a line feed,
 * blanks around breaks dropped). Every line after the first must be indented past `indent`, or be
 * blank; a document marker, a line break escaped in double quotes, or no closing quote is the library's.
 */
export function quotedOverLines(t: string, at: number, indent: number): OverLines {
  const q = t.charCodeAt(at);
  let pos = at + 1;
  let value = "";
  let blanks = 0;
  for (let first = true; ; first = false) {
    const nl = t.indexOf("\n", pos);
    const le = nl === -1 ? t.length : nl;
    if (!first) {
      let i = pos;
      while (i < le && t.charCodeAt(i) === 32) i++;
      if (i < le && i - pos <= indent) throw BAIL; // not indented past its entry
      if (i === pos && (t.startsWith("---", pos) || t.startsWith("...", pos))) throw BAIL;
      pos = i;
    }
    const close = quoteEnd(t, pos - 1, le, q);
    let to = close === -1 ? le : close;
    const last = close !== -1;
    if (!last) while (to > pos && t.charCodeAt(to - 1) === 32) to--;
    let piece = t.slice(pos, to);
    if (q === 34) {
      if (!last && t.charCodeAt(le - 1) === 92) throw BAIL; // an escaped line break
      piece = unescapeDouble(piece);
    } else piece = piece.replaceAll("''", "'");
    if (first) value = piece;
    else if (piece.length === 0 && !last) blanks++;
    else {
      value += foldBreak(blanks);
      value += piece;
      blanks = 0;
    }
    if (last) return { from: at + 1, to: close, value, after: close + 1, lineEnd: le };
    if (nl === -1) throw BAIL; // never closed
    pos = nl + 1;
  }
}

/**
 * The plain scalar of value `value`, ending at `from` in `t`, going on with the line [start, end) below
 * it, folded as the library folds it: one line break becomes a space, n breaks n - 1 line feeds. Any
 * character may start that line (only the scalar's first may not be an indicator); a line with a `: `
 * or ` #` in it is the library's. Returns the scalar's new end and value.
 */
export function plainGoesOn(
  t: string,
  value: string,
  from: number,
  start: number,
  end: number,
): { readonly end: number; readonly value: string } {
  let to = end;
  while (to > start && t.charCodeAt(to - 1) === 32) to--;
  const line = t.slice(start, to);
  if (line.includes(": ") || line.endsWith(":") || line.includes(" #")) throw BAIL;
  let breaks = 0;
  for (let i = from; i < start; i++) if (t.charCodeAt(i) === 10) breaks++;
  return { end: to, value: `${value}${foldBreak(breaks - 1)}${line}` };
}
