/**
 * One-line scalars and mapping keys for the fast YAML path (yaml-fast.ts): quoted and plain, in block
 * or flow context, with the yaml library's value and content range; BAIL, thrown at whatever the
 * library alone judges, which the path catches to decline the whole text. Pure.
 */
import { charTable } from "../util/strings.js";
import { firstAt, firstMatch } from "./util.js";

import { BAIL } from "./yaml-bail.js";
import { quoteEnd, unescapeDouble } from "./yaml-quoted.js";

export { BAIL };

/** Plain scalars resolved to null, which get no span. */
const NULL = /^(?:~|null|Null|NULL)$/;
/**
 * What may not start a plain value here: indicators of anchors, tags, flow, blocks, directives. `-`,
 * `?` and `:` may, before a character that is no space (nor, in flow, an indicator): a Ruby symbol
 * (`- :year`, Rails' locales), an IPv6 address (`::1`).
 */
const VALUE_START = charTable(/[&*!|>{}[\]%@`#,'"]/);
/** Where a plain scalar or key of a flow collection ends at the latest: `,`, `]` or `}`. */
const FLOW_STOP = /[,\]}]/g;
export const flowStop = (text: string, at: number, end: number) => firstMatch(text, FLOW_STOP, at, end);

/** NULL.test(value): only one- and four-character scalars can be null. */
export function isNull(value: string): boolean {
  return (value.length === 1 || value.length === 4) && NULL.test(value);
}

/** isNull of t[from, to), cut only when it may be null. */
export function isNullAt(t: string, from: number, to: number): boolean {
  const n = to - from;
  return (n === 1 || n === 4) && NULL.test(t.slice(from, to));
}

export interface Token {
  readonly from: number;
  readonly to: number;
  /** Undefined for null. */
  readonly value?: string;
  readonly raw: boolean;
  /** Where the text after the scalar starts. */
  readonly after: number;
}

/**
 * One quoted or plain scalar of `t` from `at` (a line ending at `end`); in a flow collection a plain
 * one stops at `,`, `]` or `}`. `value` is undefined for null (`~`, `null`), unless `tagged`: a tagged
 * scalar keeps its text.
 */
export function token(t: string, at: number, end: number, flow: boolean, tagged: boolean): Token {
  const q = t.charCodeAt(at);
  if (q === 34 || q === 39) return quotedToken(t, at, closingQuote(t, at, end, q));
  const c = t[at]!;
  // `-`, `?` and `:` start a plain scalar only before a character that is no space (nor, in flow, an
  // indicator).
  const next = at + 1 < end ? t[at + 1]! : " ";
  if (
    VALUE_START[t.charCodeAt(at)] === 1 ||
    ((c === "-" || c === "?" || c === ":") && (next === " " || (flow && ",[]{}".includes(next))))
  )
    throw BAIL;
  // A comment (` #`) or, in a flow collection, its next indicator ends the scalar. The indicator
  // first: looking for a comment through the rest of the line, item after item, cost the square
  // of the line's length.
  const limit = flow ? flowStop(t, at, end) : end;
  let stop = firstAt(t, " #", at, limit + 1);
  if (stop === -1) stop = limit;
  let to = stop;
  while (to > at && t.charCodeAt(to - 1) === 32) to--;
  const value = t.slice(at, to);
  if (value.includes(": ") || value.endsWith(":") || (flow && /[[\]{}#]/.test(value))) throw BAIL;
  return isNull(value) && !tagged
    ? { from: at, to, raw: true, after: stop }
    : { from: at, to, value, raw: true, after: stop };
}

/** The quoted scalar opening at `at` and closing at `close` on the same line (quoteEnd). */
export function quotedToken(t: string, at: number, close: number): Token {
  const inner = t.slice(at + 1, close);
  // A double-quoted scalar's escapes, a single-quoted one's doubled quote make its value differ.
  const double = t.charCodeAt(at) === 34;
  const raw = !inner.includes(double ? "\\" : "''");
  const value = raw ? inner : double ? unescapeDouble(inner) : inner.replaceAll("''", "'");
  return { from: at + 1, to: close, value, raw, after: close + 1 };
}

/** The closing quote of the quoted scalar at `at` (quote `q`) on its line (quoteEnd), else BAIL. */
export function closingQuote(t: string, at: number, end: number, q: number): number {
  const c = quoteEnd(t, at, end, q);
  if (c === -1) throw BAIL; // over lines: yaml-fast.ts reads it with quotedOverLines
  return c;
}

/**
 * Plain keys, taken as written: /^[A-Za-z0-9_$./(+~^][A-Za-z0-9_$./ ()+~^@=%<>!&*:?'"|#\\`-]*$/ as
 * tables (a lockfile's `ws@8.18.0(bufferutil@4.0.8)`, CloudFormation's `AWS::CloudFormation::Init` and
 * `Fn::GetAtt`, a name with `@`, `&`, `*` or a quote inside it); in block context `[]{},` inside it
 * too (`name[template]`, `core-{a,b}.css`). Letters beyond ASCII anywhere (`über`, `名前`): characters
 * from U+00A0 on, but the byte-order mark and the line and paragraph separators.
 */
const KEY_START = charTable(/[A-Za-z0-9_$./(+~^]/);
const KEY_CHAR = charTable(/[A-Za-z0-9_$./ ()+~^@=%<>!&*:?'"|#\\`-]/);
const BLOCK_KEY_CHAR = charTable(/[A-Za-z0-9_$./ ()+~^@=%<>!&*:?'"|#\\`[\]{},-]/);
/** A character from U+00A0 on that a plain key may hold anywhere. */
function wideKeyChar(c: number): boolean {
  return c >= 0xa0 && c !== 0xfeff && c !== 0x2028 && c !== 0x2029;
}
/** Whether `key` is a plain key (KEY_START, then KEY_CHAR or BLOCK_KEY_CHAR), without a regex run per key. */
function plainKey(key: string, flow: boolean): boolean {
  const first = key.charCodeAt(0);
  if (key.length === 0 || (first < 128 ? KEY_START[first] !== 1 : !wideKeyChar(first))) return false;
  const table = flow ? KEY_CHAR : BLOCK_KEY_CHAR;
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 128 ? table[c] !== 1 : !wideKeyChar(c)) return false;
  }
  return true;
}

/**
 * The commonest key and value, matched natively: a scan reads most of its YAML before V8 optimises
 * the path, and there a regex run costs a fraction of the loops and searches of keyEnd, keyOf and
 * token. A key of letters, digits and `_ . / -` (a strict subset of plain keys, so keyEnd and keyOf
 * give the same colon and key), its colon right after it, then a blank or the line's end.
 */
const SIMPLE_KEY = /[A-Za-z0-9_][\w./-]{0,998}:(?= |\n|$)/y;

/**
 * A plain value (in block context) from a letter, a digit or `_ . / $ ( + ~ ^ = <` (no indicator,
 * nor `-`, `?` or `:`), to before its trailing blanks, a comment (` #`) or a `:` followed by a blank
 * or the line's end (which token judges). What it runs over is the value token gives.
 */
const SIMPLE_PLAIN = /[A-Za-z0-9_./$(+~^=<](?:[^ \n:]|:(?=[^ \n])| +(?=[^ \n#]))*/y;

/** SIMPLE_PLAIN in a flow collection: no `[ ] { } , #` in it, nor a `:` before one of them. */
const SIMPLE_FLOW_PLAIN = /[A-Za-z0-9_./$(+~^=<](?:[^ \n:,[\]{}#]|:(?=[^ \n,[\]{}#])| +(?=[^ \n:,[\]{}#]))*/y;

/**
 * The colon after a simple key (SIMPLE_KEY) at `start`, else -1 (then keyEnd decides). A key that
 * is null (`null:`) is the library's: -1 too, and keyOf declines it.
 */
export function simpleKeyEnd(t: string, start: number): number {
  SIMPLE_KEY.lastIndex = start;
  if (!SIMPLE_KEY.test(t)) return -1;
  const colon = SIMPLE_KEY.lastIndex - 1;
  return colon - start === 4 && isNull(t.slice(start, colon)) ? -1 : colon;
}

/**
 * Where a simple plain value (SIMPLE_PLAIN) from `at` ends on its line ending at `end`, when nothing
 * but blanks or a comment after a blank follows it; else -1 (then token decides).
 */
export function simplePlainEnd(t: string, at: number, end: number): number {
  SIMPLE_PLAIN.lastIndex = at;
  if (!SIMPLE_PLAIN.test(t)) return -1;
  const to = SIMPLE_PLAIN.lastIndex;
  return to === end || t.charCodeAt(to) === 32 ? to : -1;
}

/**
 * Where a simple plain value of a flow collection (SIMPLE_FLOW_PLAIN) from `at` ends, when blanks
 * and then `,`, `]`, `}`, the line's end or a comment (` #`) follow it; else -1 (then token decides).
 */
export function simpleFlowPlainEnd(t: string, at: number, end: number): number {
  SIMPLE_FLOW_PLAIN.lastIndex = at;
  if (!SIMPLE_FLOW_PLAIN.test(t)) return -1;
  const to = SIMPLE_FLOW_PLAIN.lastIndex;
  const stop = scalarStop(t, to, end);
  if (stop === end) return to;
  // `,`, `]` or `}` past the blanks, or the blank before a comment's `#` (scalarStop's ` #`).
  const c = t.charCodeAt(stop);
  return c === 44 || c === 93 || c === 125 || (c === 32 && stop >= to) ? to : -1;
}

/**
 * Where token ends a scalar whose text ends at `to`, when only blanks follow it before the line's end,
 * a comment or (in a flow collection) `,`, `]` or `}`: at that end or that character, or at the
 * comment's ` #`.
 */
export function scalarStop(t: string, to: number, end: number): number {
  let q = to;
  while (q < end && t.charCodeAt(q) === 32) q++;
  return q < end && t.charCodeAt(q) === 35 ? q - 1 : q;
}

/** End of a mapping key of `t` starting at `start` (index of its `:`), or -1 when the line is no entry. */
export function keyEnd(t: string, start: number, end: number): number {
  const q = t.charCodeAt(start);
  let i: number;
  if (q === 34 || q === 39) {
    const close = firstAt(t, String.fromCharCode(q), start + 1, end);
    if (close === -1) return -1;
    i = close + 1;
  } else {
    // A comment (` #`) ends a plain key's line: a `: ` in it (`- item  # note: x`) is no entry.
    const comment = firstAt(t, " #", start, end);
    const stop = comment === -1 ? end : comment;
    i = firstAt(t, ":", start, stop);
    if (i === -1) return -1;
    while (i < stop - 1 && t.charCodeAt(i + 1) !== 32) {
      i = firstAt(t, ":", i + 1, stop);
      if (i === -1) return -1;
    }
  }
  if (t.charCodeAt(i) !== 58) return -1;
  if (i + 1 < end && t.charCodeAt(i + 1) !== 32) return -1;
  return i;
}

/** The key of `t` from `start` to its `:` at `colon`: quoted without escapes, or plain. */
export function keyOf(t: string, start: number, colon: number, flow: boolean): string {
  const q = t.charCodeAt(start);
  if (q === 34 || q === 39) {
    const inner = t.slice(start + 1, colon - 1);
    if (inner.includes("\\") || inner.includes("'") || inner.includes('"')) throw BAIL;
    return inner;
  }
  // Blanks before the colon (`accepted : "…"`, OpenStack's Heat templates) are no part of the key.
  let to = colon;
  while (to > start && t.charCodeAt(to - 1) === 32) to--;
  const raw = t.slice(start, to);
  if (raw.length > 1000 || !plainKey(raw, flow) || isNull(raw)) throw BAIL;
  return raw;
}
