/** Helpers shared by the structure annotators. */
import type { Annotation } from "../types.js";

export type AnnotationError = NonNullable<Annotation["error"]>;

/**
 * Deepest nesting an annotator follows. Deeper values get no span and the annotation carries an
 * error, so the text is still scanned as plain text. Keeps path copies (O(depth) per scalar) bounded.
 */
export const MAX_DEPTH = 256;

export const TOO_DEEP = `nesting deeper than ${MAX_DEPTH} levels`;

/** 1-based line of an offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** A one-line message for anything thrown (stack overflows included). */
export function messageOf(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return "nesting too deep to parse";
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0]?.trim() || "parse error";
}
