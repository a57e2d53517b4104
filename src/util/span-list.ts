/**
 * Structured spans read by index (types.ts SpanList): over an array of KeySpans, and an annotation
 * whose spans are made from such a list only when read as objects. Pure.
 */
import type { Annotation, KeySeg, KeySpan, SpanList, StructFormat } from "../types.js";

/** Values this long or longer may hide a secret behind an encoding (SpanList.longOrEscaped, decode.ts). */
export const LONG_VALUE = 16;

/** A SpanList over KeySpan objects (every annotator's but the JSON reader's). */
export class ArraySpans implements SpanList {
  constructor(private readonly spans: readonly KeySpan[]) {}

  get length(): number {
    return this.spans.length;
  }
  start(i: number): number {
    return this.spans[i]!.start;
  }
  end(i: number): number {
    return this.spans[i]!.end;
  }
  value(i: number): string {
    return this.spans[i]!.value;
  }
  valueLength(i: number): number {
    return this.spans[i]!.value.length;
  }
  raw(i: number): boolean {
    return this.spans[i]!.raw;
  }
  last(i: number): KeySeg | undefined {
    const path = this.spans[i]!.path;
    return path[path.length - 1];
  }
  path(i: number): readonly KeySeg[] {
    return this.spans[i]!.path;
  }
  isSiblingUnder(i: number, j: number, last: KeySeg): boolean {
    return siblingPaths(this.spans[i]!.path, this.spans[j]!.path, last);
  }
  longOrEscaped(): readonly number[] {
    const out: number[] = [];
    const spans = this.spans;
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i]!;
      if (s.value.length >= LONG_VALUE || !s.raw) out.push(i);
    }
    return out;
  }
}

/** The index of the span whose text holds offset `at` (spans are sorted by start and do not nest), or -1. */
export function indexAt(list: SpanList, at: number): number {
  const best = lastStartingBy(list, at);
  return best >= 0 && at < Math.max(list.end(best), list.start(best) + 1) ? best : -1;
}

/** The key path of the span whose text holds offset `at`, if any. */
export function pathAt(list: SpanList, at: number): readonly KeySeg[] | undefined {
  const i = indexAt(list, at);
  return i < 0 ? undefined : list.path(i);
}

/** The index of the last span that starts at or before `at` (spans sorted by start), or -1. */
export function lastStartingBy(list: SpanList, at: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list.start(mid) <= at) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

/** Whether `path` is `of` with its last segment `last` (both non-empty). */
export function siblingPaths(of: readonly KeySeg[], path: readonly KeySeg[], last: KeySeg): boolean {
  return path[path.length - 1] === last && sameParent(of, path);
}

/** Whether two non-empty paths differ at most in their last segment: values of one object. */
export function sameParent(a: readonly KeySeg[], b: readonly KeySeg[]): boolean {
  const n = a.length;
  if (b.length !== n || n === 0) return false;
  for (let k = 0; k < n - 1; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The spans of an annotation read by index. */
export function listOf(a: Annotation): SpanList {
  return a.list ?? new ArraySpans(a.spans);
}

/** Span `i` of a list as a KeySpan object. */
export function spanOf(list: SpanList, i: number): KeySpan {
  // The property order of the annotators' own literals: spans of one shape keep their readers monomorphic.
  return {
    path: list.path(i),
    start: list.start(i),
    end: list.end(i),
    value: list.value(i),
    raw: list.raw(i),
  };
}

/** Every span of a list as a KeySpan object. */
export function spansOf(list: SpanList): KeySpan[] {
  const out: KeySpan[] = [];
  for (let i = 0; i < list.length; i++) out.push(spanOf(list, i));
  return out;
}

/** An annotation whose spans a SpanList holds; its KeySpan objects are made when first read. */
export class ListAnnotation implements Annotation {
  private made: readonly KeySpan[] | undefined = undefined;

  constructor(
    readonly format: StructFormat,
    readonly list: SpanList,
  ) {}

  get spans(): readonly KeySpan[] {
    if (this.made === undefined) this.made = spansOf(this.list);
    return this.made;
  }
}
