/**
 * JSON / JSONC annotator over jsonc-parser's visitor: comments and trailing commas are tolerated,
 * duplicate keys keep every occurrence, a root array is fine. Numbers and booleans keep their
 * source text as value (no float rounding of long digit strings).
 */
import type { JSONPath } from "jsonc-parser";
import type { Annotation, KeySpan } from "../types.js";
import { jsoncLib } from "../util/lazy.js";
import { ListAnnotation } from "../util/span-list.js";
import { fastJsonSpans } from "./json-fast.js";
import { type AnnotationError, MAX_DEPTH, messageOf, PathBudget, TOO_DEEP } from "./util.js";

type Scalar = Omit<KeySpan, "path">;

/** The span of one literal token, or undefined for null. */
function literal(text: string, value: unknown, offset: number, length: number): Scalar | undefined {
  if (typeof value === "string") {
    const start = offset + 1;
    const closed = length >= 2 && text[offset + length - 1] === '"';
    const end = Math.max(start, closed ? offset + length - 1 : offset + length);
    return { start, end, value, raw: text.slice(start, end) === value };
  }
  if (typeof value === "number" || typeof value === "boolean") {
    const source = text.slice(offset, offset + length);
    return { start: offset, end: offset + length, value: source, raw: true };
  }
  return undefined;
}

export function annotateJson(text: string, format: "json" | "jsonc" | "notebook" = "json"): Annotation {
  const fast = fastJsonSpans(text);
  return fast ? new ListAnnotation(format, fast) : viaJsoncParser(text, format);
}

/** jsonc-parser's visitor: error recovery and the diagnostics, for whatever the fast path declines. */
export function viaJsoncParser(text: string, format: "json" | "jsonc" | "notebook" = "json"): Annotation {
  const spans: KeySpan[] = [];
  let error: AnnotationError | undefined;
  let depth = 0;
  const budget = new PathBudget();
  const fail = (message: string, line?: number): void => {
    error ??= line === undefined ? { message } : { message, line };
  };
  const begin = (_o: number, _l: number, startLine: number): boolean => {
    depth++;
    if (depth <= MAX_DEPTH) return true;
    fail(TOO_DEEP, startLine + 1);
    return false; // jsonc-parser skips the callbacks of this container's children
  };
  const end = (): void => {
    depth--;
  };
  try {
    jsoncLib().visit(
      text,
      {
        onObjectBegin: begin,
        onArrayBegin: begin,
        onObjectEnd: end,
        onArrayEnd: end,
        onLiteralValue: (value: unknown, offset, length, _l, _c, path: () => JSONPath) => {
          const span = literal(text, value, offset, length);
          if (!span) return;
          const at = path();
          budget.take(at.length); // past the budget this throws, and the visit stops with an error
          // A literal with the fast paths' property order: spans of one shape keep their readers
          // monomorphic (a spread made another, and optimised code met it as a "wrong map").
          spans.push({ path: at, start: span.start, end: span.end, value: span.value, raw: span.raw });
        },
        onError: (code, _o, _l, startLine) => fail(jsoncLib().printParseErrorCode(code), startLine + 1),
      },
      { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true },
    );
  } catch (e) {
    error = { message: messageOf(e) };
  }
  return error ? { format, spans, error } : { format, spans };
}
