/**
 * The JSON reader's and the fast YAML path's spans in columns: a span is four integers (start, end, its
 * container's node, its own key or index), a container's node two (the node it sits in, its key or
 * index), and values and paths are made only when read. A 7 MB JSON dump has 390,000 scalars: as objects, with their values
 * cut from the text, they were 30 MB that lived as long as the file's scan, and copying them from one
 * young generation to the next was a quarter of its time. Pure.
 */
import type { KeySeg, SpanList } from "../types.js";
import { LONG_VALUE, siblingPaths } from "../util/span-list.js";
import { takeSpare } from "../util/spare.js";

/** A segment, as a number: a key's id (≥ 0), an array index n as -(n + 2), or none (-1). */
export const NO_SEG = -1;
/** The node of no container: a span of the top container (or the document that is one scalar). */
export const TOP = -1;

export function indexSeg(index: number): number {
  return -(index + 2);
}

/**
 * Texts from this long keep their columns in typed arrays, made about as long as they need at once and
 * doubled when full: 4 bytes an integer, where a plain array takes 8 and grows by copies (a text of 6
 * million one-digit numbers took 779 → 241 MB peak RSS and 0.66 → 0.35 s), and pushing a dump's 1.5
 * million integers took 25 ms, writing them into an array long enough 13 ms. A typed array's buffer is
 * allocated outside the heap, which costs a small file more than the rest of its table: a shorter text
 * keeps plain arrays.
 */
const TYPED_FROM = 256 * 1024;
/** Spans (and containers) made room for at first, at most: a sparse text larger than the dump grows. */
const ROOM_MAX = 1 << 20;

export class SpanTable implements SpanList {
  length = 0;
  private nodeCount = 0;
  /** Per span: start, end, node, segment (typed from TYPED_FROM characters of text, plain below). */
  private spans: number[] | Int32Array;
  /** Per node: the node it sits in, its segment there. */
  private nodes: number[] | Int32Array;
  /** Key id → key (a key repeated at its place in the last object is given its id again by the reader). */
  private readonly keys: string[] = [];
  /**
   * The values of spans that are not their source text (escapes resolved), by span; the others are
   * raw. Made at the first escape: most files have none, and every read asks (the readers below test
   * it in place: most of a scan runs before V8 optimises it, where each call costs).
   */
  private decoded: Map<number, string> | undefined = undefined;
  /**
   * The spans longOrEscaped names, noted as they are added: a loop over a dump's 390,000 spans for the
   * few it names took 7 ms, most of it before V8 optimised the loop.
   */
  private readonly long: number[] = [];
  /** Added to every offset (the byte-order mark the text was read without). */
  private shift = 0;

  /** `text`: what the offsets index (before any shift). */
  constructor(private text: string) {
    const big = text.length >= TYPED_FROM;
    // A scalar every 16 characters, a container every 32: a data dump's rows hold one every 18 and 55.
    const room = 4 * Math.min(text.length >> 4, ROOM_MAX);
    // The file's read buffer when it is spare (util/spare.ts): about as long as this column.
    this.spans = big ? new Int32Array(takeSpare(room * 4) ?? new ArrayBuffer(room * 4), 0, room) : [];
    this.nodes = big ? new Int32Array(2 * Math.min(text.length >> 5, ROOM_MAX)) : [];
  }

  /**
   * A new id for a key. Ids are not shared by equal keys (a lockfile's keys are mostly distinct, and
   * looking each up cost more than keeping it): segments compare by their keys.
   */
  keyId(key: string): number {
    this.keys.push(key);
    return this.keys.length - 1;
  }

  /** The key of id `id`. */
  keyOf(id: number): string {
    return this.keys[id]!;
  }

  /** A container's node at segment `seg` in the container of node `up` (TOP: the top container). */
  addNode(up: number, seg: number): number {
    const n = this.nodeCount++;
    let c = this.nodes;
    if (Array.isArray(c)) c.push(up, seg);
    else {
      if (2 * n + 2 > c.length) c = this.nodes = doubled(c);
      c[2 * n] = up;
      c[2 * n + 1] = seg;
    }
    return n;
  }

  /** A span; `decoded` is its value when that is not its source text. */
  add(at: number, seg: number, start: number, end: number, decoded?: string): void {
    const i = this.length++;
    let c = this.spans;
    if (Array.isArray(c)) c.push(start, end, at, seg);
    else {
      if (4 * i + 4 > c.length) c = this.spans = doubled(c);
      c[4 * i] = start;
      c[4 * i + 1] = end;
      c[4 * i + 2] = at;
      c[4 * i + 3] = seg;
    }
    // noteLong in place: a dump's every value comes here, most of them before V8 optimises this.
    if (decoded !== undefined) {
      this.decoded ??= new Map();
      this.decoded.set(i, decoded);
      this.long.push(i);
    } else if (end - start >= LONG_VALUE) this.long.push(i);
  }

  /**
   * Span `i`, the last one, now ending at `end` with the value `value`, which is not its source text
   * (a plain YAML scalar folded with the lines below it).
   */
  extend(i: number, end: number, value: string): void {
    this.spans[4 * i + 1] = end;
    this.decoded ??= new Map();
    this.decoded.set(i, value);
    if (this.long[this.long.length - 1] !== i) this.long.push(i);
  }

  /**
   * Only the spans `keep` takes, renumbered in their order; offsets now index `text`, which holds the
   * same characters as the text read wherever a kept span's value is its source (a template with its
   * actions blanked out, then the template).
   */
  keepOnly(keep: (i: number) => boolean, text: string): void {
    // Asked of every span before any moves: `keep` may read the table.
    const kept = new Uint8Array(this.length);
    for (let i = 0; i < this.length; i++) kept[i] = keep(i) ? 1 : 0;
    const decoded = this.decoded;
    this.decoded = undefined;
    this.long.length = 0;
    const c = this.spans;
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      if (kept[i] === 0) continue;
      for (let k = 0; k < 4; k++) c[4 * n + k] = c[4 * i + k]!;
      this.noteLong(n, decoded?.get(i));
      n++;
    }
    this.length = n;
    if (Array.isArray(c)) c.length = 4 * n;
    this.text = text;
  }

  /**
   * Every offset `o` moved to `to(o)` in `text`, which holds this table's text with characters added
   * (the CR of each CR LF line end the text was read without): a value that was its source text and
   * now spans added characters keeps its old text, as its decoded value.
   */
  retarget(text: string, to: (offset: number) => number): void {
    const c = this.spans;
    this.long.length = 0;
    for (let i = 0; i < this.length; i++) {
      const start = c[4 * i]!;
      const end = c[4 * i + 1]!;
      const from = to(start);
      const until = to(end);
      if (until - from !== end - start && this.raw(i)) {
        this.decoded ??= new Map();
        this.decoded.set(i, this.text.slice(start, end));
      }
      c[4 * i] = from;
      c[4 * i + 1] = until;
      this.noteLong(i, this.decoded?.get(i));
    }
    this.text = text;
  }

  /** Whether the spans are in text order (by start, then end), as annotations give them. */
  inOrder(): boolean {
    const c = this.spans;
    for (let i = 1; i < this.length; i++) {
      const d = c[4 * i]! - c[4 * i - 4]!;
      if (d < 0 || (d === 0 && c[4 * i + 1]! < c[4 * i - 3]!)) return false;
    }
    return true;
  }

  /** Notes span `i` (with its value `decoded` when that is not its source text) for longOrEscaped. */
  private noteLong(i: number, decoded: string | undefined): void {
    if (decoded !== undefined) {
      this.decoded ??= new Map();
      this.decoded.set(i, decoded);
      this.long.push(i);
    } else if (this.spans[4 * i + 1]! - this.spans[4 * i]! >= LONG_VALUE) this.long.push(i);
  }

  /** Moves every offset by `by` (the text was read past a byte-order mark). */
  moveBy(by: number): void {
    this.shift += by;
  }

  start(i: number): number {
    return this.spans[4 * i]! + this.shift;
  }
  end(i: number): number {
    return this.spans[4 * i + 1]! + this.shift;
  }
  raw(i: number): boolean {
    return this.decoded === undefined || !this.decoded.has(i);
  }
  value(i: number): string {
    const d = this.decoded?.get(i);
    return d ?? this.text.slice(this.spans[4 * i]!, this.spans[4 * i + 1]!);
  }
  valueLength(i: number): number {
    const d = this.decoded?.get(i);
    return d === undefined ? this.spans[4 * i + 1]! - this.spans[4 * i]! : d.length;
  }
  last(i: number): KeySeg | undefined {
    // segOf in place: pairs ask it of every span.
    const seg = this.spans[4 * i + 3]!;
    return seg >= 0 ? this.keys[seg] : seg === NO_SEG ? undefined : -seg - 2;
  }

  path(i: number): readonly KeySeg[] {
    const out: KeySeg[] = [];
    const seg = this.spans[4 * i + 3]!;
    if (seg !== NO_SEG) out.push(this.segOf(seg)!);
    for (let n = this.spans[4 * i + 2]!; n !== TOP; n = this.nodes[2 * n]!)
      out.push(this.segOf(this.nodes[2 * n + 1]!)!);
    return out.reverse();
  }

  isSiblingUnder(i: number, j: number, last: KeySeg): boolean {
    const c = this.spans;
    // Spans of one container answer from their node; a repeated key's second container compares paths.
    if (c[4 * i + 2] === c[4 * j + 2] && c[4 * i + 3] !== NO_SEG) return this.segIs(c[4 * j + 3]!, last);
    return siblingPaths(this.path(i), this.path(j), last);
  }

  longOrEscaped(): readonly number[] {
    return this.long;
  }

  private segOf(seg: number): KeySeg | undefined {
    return seg >= 0 ? this.keys[seg] : seg === NO_SEG ? undefined : -seg - 2;
  }
  private segIs(seg: number, last: KeySeg): boolean {
    return typeof last === "number" ? seg === indexSeg(last) : seg >= 0 && this.keys[seg] === last;
  }
}

/** A copy twice as long. */
function doubled(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
