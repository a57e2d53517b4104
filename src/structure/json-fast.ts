/**
 * A fast path for well-formed JSON / JSONC: one hand-written pass that yields the same spans as the
 * jsonc-parser visitor (json.ts), without its per-token callbacks and path closures, into a SpanTable
 * (no object per scalar, values and paths made when read). It accepts only what is plainly valid
 * (comments and trailing commas included) and answers `undefined` at the first thing it is unsure
 * of: errors, odd whitespace, too deep nesting. json.ts then runs jsonc-parser, which owns every
 * diagnostic. Pure.
 */
import { indexSeg, NO_SEG, SpanTable, TOP } from "./span-table.js";
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
  readonly spans: SpanTable;
  /**
   * By depth, the ids of the last object's keys read at that depth, in order: the rows of a dump repeat
   * their keys, and a key that repeats the one at its place is not copied again.
   */
  private readonly keys: number[][] = [];
  private readonly budget = new PathBudget();

  constructor(readonly text: string) {
    this.spans = new SpanTable(text);
  }

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
   * A string token at `i` (its opening quote): the decoded value (only when it has an escape, unless
   * `always`: a raw value is its source text, cut when read); `i` moves past the closing quote,
   * strStart, strEnd and strRaw tell where it was (no object per string: a dump has 100,000s).
   * Raw: no escape, so the value is the source text (an escape always makes the value shorter).
   */
  string(always: boolean): string | undefined {
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
    this.i = i + 1;
    this.strStart = start;
    this.strEnd = i;
    this.strRaw = raw;
    if (!raw) return value + t.slice(from, i);
    return always ? t.slice(start, i) : undefined;
  }

  /** Moves past a number in strict JSON grammar. */
  number(): void {
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
  }

  /**
   * A scalar's span at segment `last` in the container of node `at`; `decoded`: its value when that
   * is not its source text.
   */
  literalSpan(depth: number, at: number, last: number, start: number, end: number, decoded?: string): void {
    this.budget.take(last === NO_SEG ? 0 : depth);
    this.spans.add(at, last, start, end, decoded);
  }

  /** The value at segment `last` in the container of node `at` (TOP and NO_SEG: the document's value). */
  value(depth: number, at: number, last: number): void {
    const t = this.text;
    const c = t.charCodeAt(this.i);
    if (c === QUOTE) {
      const decoded = this.string(false);
      this.literalSpan(depth, at, last, this.strStart, this.strEnd, decoded);
    } else if (c === 123) this.object(depth + 1, last === NO_SEG ? TOP : this.spans.addNode(at, last));
    else if (c === 91) this.array(depth + 1, last === NO_SEG ? TOP : this.spans.addNode(at, last));
    else if (c === 45 || isDigit(c)) {
      const start = this.i;
      this.number();
      this.literalSpan(depth, at, last, start, this.i);
    } else if (this.word("true", depth, at, last) || this.word("false", depth, at, last)) {
      // spans added by word()
    } else if (this.word("null")) {
      // null has no span
    } else throw BAIL;
  }

  /**
   * A keyword at `i`, moved past. `true` and `false` are scalars: their source text becomes a span at
   * segment `last` in the container of node `at`; `null` gets none.
   */
  word(w: string, depth = 0, at = TOP, last = NO_SEG): boolean {
    const t = this.text;
    if (!t.startsWith(w, this.i) || isWordChar(t.charCodeAt(this.i + w.length))) return false;
    if (w !== "null") this.literalSpan(depth, at, last, this.i, this.i + w.length);
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

  /** An object (its node `at`, TOP at the top). */
  object(depth: number, at: number): void {
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
      const id = known[k];
      const was = id === undefined ? undefined : this.spans.keyOf(id);
      let key: number;
      if (
        was !== undefined &&
        t.startsWith(was, this.i + 1) &&
        t.charCodeAt(this.i + 1 + was.length) === QUOTE
      ) {
        key = id!;
        this.i += was.length + 2;
      } else {
        key = this.spans.keyId(this.string(true)!);
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

  /** An array (its node `at`, TOP at the top). */
  array(depth: number, at: number): void {
    if (this.opens(93, depth)) return;
    let index = 0;
    do {
      this.value(depth, at, indexSeg(index++));
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
export function fastJsonSpans(text: string): SpanTable | undefined {
  const r = new Reader(text);
  try {
    r.skip();
    if (r.i < text.length) {
      r.value(0, TOP, NO_SEG);
      r.skip();
      if (r.i < text.length) return undefined;
    }
    return r.spans;
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}
