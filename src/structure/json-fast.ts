/**
 * A fast path for well-formed JSON / JSONC: one hand-written pass that yields the same spans as the
 * jsonc-parser visitor (json.ts), without its per-token callbacks and path closures. It accepts only
 * what is plainly valid (comments and trailing commas included) and answers `undefined` at the first
 * thing it is unsure of: errors, odd whitespace, too deep nesting. json.ts then runs jsonc-parser,
 * which owns every diagnostic. Pure.
 */
import type { KeySeg, KeySpan } from "../types.js";
import { childNode, NodeSpan, type PathNode, pathLength } from "../util/key-path.js";
import { firstAt, MAX_DEPTH, PathBudget } from "./util.js";

const QUOTE = 34;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;

/** Escape letters and what they stand for (`u` is handled apart). */
const ESCAPES: Record<number, string> = {
  34: '"',
  92: "\\",
  47: "/",
  98: "\b",
  102: "\f",
  110: "\n",
  114: "\r",
  116: "\t",
};

const LINE_SEPARATOR = /[\u2028\u2029]/;
/** A run of string characters that need no look: no quote, backslash, control or line separator. */
const PLAIN = /[^"\\\u0000-\u001f\u2028\u2029]*/y;

class Bail extends Error {}
const BAIL = new Bail();

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

class Reader {
  i = 0;
  readonly spans: KeySpan[] = [];
  /**
   * By depth, the keys of the last object read at that depth, in order: the rows of a dump repeat
   * their keys, and a key that repeats the one at its place is not copied again.
   */
  private readonly keys: string[][] = [];
  private readonly budget = new PathBudget();

  constructor(readonly text: string) {}

  /** Skips blanks and comments; bails on an unterminated block comment. */
  skip(): void {
    const t = this.text;
    const n = t.length;
    let i = this.i;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else if (c === SLASH && t.charCodeAt(i + 1) === SLASH) {
        const from = i;
        const nl = t.indexOf("\n", i + 2);
        // A `\r` counts only before the `\n` (looking further made each comment cost the rest of the text).
        const cr = firstAt(t, "\r", i + 2, nl === -1 ? n : nl);
        const end = nl === -1 ? cr : cr === -1 ? nl : Math.min(nl, cr);
        i = end === -1 ? n : end;
        // Unicode line separators: whether they end the comment is jsonc-parser's call.
        if (LINE_SEPARATOR.test(t.slice(from, i))) throw BAIL;
      } else if (c === SLASH && t.charCodeAt(i + 1) === STAR) {
        const end = t.indexOf("*/", i + 2);
        if (end === -1) throw BAIL;
        i = end + 2;
      } else break;
    }
    this.i = i;
  }

  /** Where the last string() read its content (past the opening quote, at the closing one). */
  strStart = 0;
  strEnd = 0;
  /** Whether the last string() had no escape: its value is then its source text. */
  strRaw = false;

  /**
   * A string token at `i` (its opening quote): the decoded value; `i` moves past the closing quote,
   * strStart, strEnd and strRaw tell where it was (no object per string: a dump has 100,000s).
   * Raw: no escape, so the value is the source text (an escape always makes the value shorter).
   */
  string(): string {
    const t = this.text;
    const start = this.i + 1;
    let i = start;
    let value = "";
    let from = start;
    for (;;) {
      PLAIN.lastIndex = i;
      PLAIN.test(t);
      i = PLAIN.lastIndex;
      const c = t.charCodeAt(i);
      if (Number.isNaN(c) || c < 0x20 || c === 0x2028 || c === 0x2029) throw BAIL;
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        value += t.slice(from, i);
        const e = t.charCodeAt(i + 1);
        if (e === 117) {
          let code = 0;
          for (let k = 2; k < 6; k++) {
            const h = hex(t.charCodeAt(i + k));
            if (h < 0) throw BAIL;
            code = code * 16 + h;
          }
          value += String.fromCharCode(code);
          i += 6;
        } else {
          const s = ESCAPES[e];
          if (s === undefined) throw BAIL;
          value += s;
          i += 2;
        }
        from = i;
        continue;
      }
      i++;
    }
    const raw = from === start;
    value = raw ? t.slice(start, i) : value + t.slice(from, i);
    this.i = i + 1;
    this.strStart = start;
    this.strEnd = i;
    this.strRaw = raw;
    return value;
  }

  /** A number in strict JSON grammar, as its source text. */
  number(): string {
    const t = this.text;
    const start = this.i;
    let i = start;
    if (t.charCodeAt(i) === 45) i++;
    const d0 = t.charCodeAt(i);
    if (d0 === 48) i++;
    else if (d0 >= 49 && d0 <= 57) while (isDigit(t.charCodeAt(i))) i++;
    else throw BAIL;
    if (t.charCodeAt(i) === 46) {
      i++;
      if (!isDigit(t.charCodeAt(i))) throw BAIL;
      while (isDigit(t.charCodeAt(i))) i++;
    }
    const e = t.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const s = t.charCodeAt(i);
      if (s === 43 || s === 45) i++;
      if (!isDigit(t.charCodeAt(i))) throw BAIL;
      while (isDigit(t.charCodeAt(i))) i++;
    }
    if (isWordChar(t.charCodeAt(i))) throw BAIL; // `01`, `1x`: jsonc-parser's errors
    this.i = i;
    return t.slice(start, i);
  }

  /** A scalar's span; `at` and `last` as in NodeSpan. */
  literalSpan(
    at: PathNode | undefined,
    last: KeySeg | undefined,
    start: number,
    end: number,
    value: string,
    raw: boolean,
  ): void {
    this.budget.take(pathLength(at, last));
    this.spans.push(new NodeSpan(at, last, start, end, value, raw));
  }

  /** The value at `last` in the container of node `at` (both undefined: the document's value). */
  value(depth: number, at: PathNode | undefined, last: KeySeg | undefined): void {
    const t = this.text;
    const c = t.charCodeAt(this.i);
    if (c === QUOTE) {
      const value = this.string();
      this.literalSpan(at, last, this.strStart, this.strEnd, value, this.strRaw);
    } else if (c === 123) this.object(depth + 1, last === undefined ? undefined : childNode(at, last));
    else if (c === 91) this.array(depth + 1, last === undefined ? undefined : childNode(at, last));
    else if (c === 45 || isDigit(c)) {
      const start = this.i;
      const src = this.number();
      this.literalSpan(at, last, start, this.i, src, true);
    } else if (this.word("true", at, last) || this.word("false", at, last)) {
      // spans added by word()
    } else if (this.word("null")) {
      // null has no span
    } else throw BAIL;
  }

  /**
   * A keyword at `i`, moved past. `true` and `false` are scalars: their source text becomes a span at
   * `last` in the container of node `at` (both undefined: the document's value); `null` gets none.
   */
  word(w: string, at?: PathNode, last?: KeySeg): boolean {
    const t = this.text;
    if (!t.startsWith(w, this.i) || isWordChar(t.charCodeAt(this.i + w.length))) return false;
    if (w !== "null") this.literalSpan(at, last, this.i, this.i + w.length, w, true);
    this.i += w.length;
    return true;
  }

  /** Past an opening bracket: true when the container is empty (its closing bracket follows). */
  opens(close: number, depth: number): boolean {
    if (depth > MAX_DEPTH) throw BAIL;
    this.i++;
    this.skip();
    if (this.text.charCodeAt(this.i) !== close) return false;
    this.i++;
    return true;
  }

  /** After an item: true at the closing bracket (a trailing comma allowed), false after a comma. */
  closes(close: number): boolean {
    this.skip();
    const c = this.text.charCodeAt(this.i++);
    if (c === close) return true;
    if (c !== 44) throw BAIL;
    this.skip();
    if (this.text.charCodeAt(this.i) !== close) return false;
    this.i++;
    return true;
  }

  /** An object (its node `at`, undefined at the top). */
  object(depth: number, at: PathNode | undefined): void {
    if (this.opens(125, depth)) return;
    const t = this.text;
    let known = this.keys[depth];
    if (known === undefined) {
      known = [];
      this.keys[depth] = known;
    }
    let k = 0;
    do {
      if (t.charCodeAt(this.i) !== QUOTE) throw BAIL;
      // Only keys without escapes are kept: their text is the key, quotes around it.
      const was = known[k];
      let key: string;
      if (
        was !== undefined &&
        t.startsWith(was, this.i + 1) &&
        t.charCodeAt(this.i + 1 + was.length) === QUOTE
      ) {
        key = was;
        this.i += was.length + 2;
      } else {
        key = this.string();
        if (this.strRaw) known[k] = key;
      }
      k++;
      this.skip();
      if (t.charCodeAt(this.i) !== 58) throw BAIL;
      this.i++;
      this.skip();
      this.value(depth, at, key);
    } while (!this.closes(125));
  }

  /** An array (its node `at`, undefined at the top). */
  array(depth: number, at: PathNode | undefined): void {
    if (this.opens(93, depth)) return;
    let index = 0;
    do {
      this.value(depth, at, index++);
    } while (!this.closes(93));
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Characters that would make jsonc-parser read one longer (invalid) token. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46;
}

/** Spans of a plainly valid JSON / JSONC text, or undefined to let jsonc-parser decide. */
export function fastJsonSpans(text: string): KeySpan[] | undefined {
  const r = new Reader(text);
  try {
    r.skip();
    if (r.i < text.length) {
      r.value(0, undefined, undefined);
      r.skip();
      if (r.i < text.length) return undefined;
    }
    return r.spans;
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}
