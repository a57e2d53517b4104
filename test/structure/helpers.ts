/** Shared assertions for the structure annotator tests. */
import fc from "fast-check";
import { expect } from "vitest";
import type { Annotation, KeySeg, KeySpan } from "../../src/types.js";

const same = (a: readonly KeySeg[], b: readonly KeySeg[]): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Every span at exactly this path. */
export function spansAt(a: Annotation, path: readonly KeySeg[]): KeySpan[] {
  return a.spans.filter((s) => same(s.path, path));
}

export function spanAt(a: Annotation, path: readonly KeySeg[]): KeySpan | undefined {
  return spansAt(a, path)[0];
}

/** The span at `path` holds `value`; when raw, the text between its offsets is the value itself. */
export function expectValue(
  text: string,
  a: Annotation,
  path: readonly KeySeg[],
  value: string,
  raw = true,
): KeySpan {
  const s = spanAt(a, path);
  expect(s, `no span at ${JSON.stringify(path)}`).toBeDefined();
  expect(s!.value).toBe(value);
  expect(s!.raw, `raw flag at ${JSON.stringify(path)}`).toBe(raw);
  if (raw) expect(text.slice(s!.start, s!.end)).toBe(value);
  return s!;
}

/** Offsets in range, sorted by start, and `raw` true exactly when the text equals the value. */
export function expectWellFormed(text: string, a: Annotation): void {
  let last = 0;
  for (const s of a.spans) {
    expect(s.start).toBeGreaterThanOrEqual(last);
    expect(s.end).toBeGreaterThanOrEqual(s.start);
    expect(s.end).toBeLessThanOrEqual(text.length);
    expect(s.raw).toBe(text.slice(s.start, s.end) === s.value);
    last = s.start;
  }
}

/** [path, value] of every string leaf of a plain JS value. */
export function stringLeaves(v: unknown, path: KeySeg[] = []): [KeySeg[], string][] {
  if (typeof v === "string") return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringLeaves(x, [...path, i]));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => stringLeaves(x, [...path, k]));
  return [];
}

/** Every string leaf of `value` has a span with its path and value. */
export function expectLeaves(text: string, a: Annotation, value: unknown): void {
  for (const [path, v] of stringLeaves(value)) {
    const found = spansAt(a, path).some((s) => s.value === v);
    expect(found, `${JSON.stringify(path)} = ${JSON.stringify(v)} in\n${text}`).toBe(true);
  }
}

/** Strings mixing plain text with the characters that need quoting or escaping somewhere. */
export const trickyString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.string({
    unit: fc.constantFrom(
      "a",
      "Z",
      "0",
      " ",
      "\n",
      "\t",
      '"',
      "'",
      "\\",
      "#",
      "=",
      ":",
      "$",
      "é",
      "😀",
      "\u0001",
    ),
    maxLength: 12,
  }),
);

/** Object keys (never __proto__, which JS objects cannot hold as plain data). */
export const objectKey = fc
  .oneof(fc.string({ minLength: 1, maxLength: 6 }), trickyString)
  .filter((k) => k !== "__proto__" && k !== "<<");
