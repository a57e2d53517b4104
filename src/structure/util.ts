/** Helpers shared by the structure annotators. */
import type { Annotation } from "../types.js";

export type AnnotationError = NonNullable<Annotation["error"]>;

/**
 * Deepest nesting an annotator follows. Deeper values get no span and the annotation carries an
 * error, so the text is still scanned as plain text. Keeps path copies (O(depth) per scalar) bounded.
 */
export const MAX_DEPTH = 256;

export const TOO_DEEP = `nesting deeper than ${MAX_DEPTH} levels`;

/**
 * Path segments one annotation may hold in all. Every span can have an array of its whole path (the
 * YAML and TOML annotators make them, a JSON span when its path is read), so a file holds up to its
 * values times their depth: a 2.4 MB JSON file of a million numbers 250 levels deep took 8.6 s and
 * 2.6 GB. Past this many (about 64 MB of them), the annotator stops with an error and the
 * file is scanned as plain text; real files stay far below (a 4.6 MB JSON schema holds 1.7 million).
 */
export const MAX_PATH_SEGMENTS = 8_000_000;

export const TOO_MANY_SEGMENTS = `too many values this deep to follow (over ${MAX_PATH_SEGMENTS} key path segments in all)`;

/** One error for every budget overrun: an annotator may meet it at each remaining line. */
const OVER_BUDGET = new Error(TOO_MANY_SEGMENTS);

/** Counts the path segments of one annotation's spans (see MAX_PATH_SEGMENTS). */
export class PathBudget {
  private used = 0;

  /** Counts a span's path of `length` segments; throws past the budget, before the span is made. */
  take(length: number): void {
    this.used += length;
    if (this.used > MAX_PATH_SEGMENTS) throw OVER_BUDGET;
  }
}

/**
 * The first index in [from, before) where `needle` starts (it may run past `before`), or -1: what
 * `text.indexOf(needle, from)` gives when that is below `before`, without searching the rest of the
 * text. Annotators look for things on the current line: an unbounded search per scalar made a large
 * file cost the square of its size. The range is searched in windows four times longer each time, so a
 * search costs about the distance to what it finds: a search to the end of the line for each item of
 * a long one-line list made that line cost the square of its length.
 */
export function firstAt(text: string, needle: string, from: number, before: number): number {
  let lo = from;
  let span = 64;
  while (lo < before) {
    const hi = Math.min(before, lo + span);
    // Up to needle.length - 1 characters past hi: a needle starting before hi is whole in the window.
    const i = text.slice(lo, hi + needle.length - 1).indexOf(needle);
    if (i !== -1) return lo + i;
    lo = hi;
    span *= 4;
  }
  return -1;
}

/**
 * The index of the first match of `re` (a global regex of single characters) in [at, end), else `end`.
 * The search stops at the first match: it runs past `end` only when there is none before it, so use
 * it where one is expected (a flow collection's `,`, `]` or `}` on its line).
 */
export function firstMatch(text: string, re: RegExp, at: number, end: number): number {
  re.lastIndex = at;
  const m = re.exec(text);
  return m !== null && m.index < end ? m.index : end;
}

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
