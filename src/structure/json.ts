/** JSON / JSONC annotator (comments and trailing commas tolerated) over jsonc-parser's visitor. */
import { type ParseError, printParseErrorCode, visit } from "jsonc-parser";
import type { Annotation, KeySeg, KeySpan, StructFormat } from "../types.js";
import { lineOfOffset } from "./util.js";

export function annotateJson(text: string, format: StructFormat = "json"): Annotation {
  const spans: KeySpan[] = [];
  const path: KeySeg[] = [];
  // Per container: the next array index, or the pending property name.
  const stack: { array: boolean; index: number }[] = [];
  let pendingKey: string | undefined;
  let firstError: ParseError | undefined;
  const enterValue = (): KeySeg[] | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    if (top.array) return [...path, top.index++];
    if (pendingKey === undefined) return undefined;
    const p = [...path, pendingKey];
    pendingKey = undefined;
    return p;
  };
  try {
    visit(
      text,
      {
        onObjectBegin: () => {
          const p = enterValue();
          if (stack.length) path.push(p ? p[p.length - 1]! : "?");
          stack.push({ array: false, index: 0 });
        },
        onObjectEnd: () => {
          stack.pop();
          if (stack.length) path.pop();
        },
        onArrayBegin: () => {
          const p = enterValue();
          if (stack.length) path.push(p ? p[p.length - 1]! : "?");
          stack.push({ array: true, index: 0 });
        },
        onArrayEnd: () => {
          stack.pop();
          if (stack.length) path.pop();
        },
        onObjectProperty: (name) => {
          pendingKey = name;
        },
        onLiteralValue: (value: unknown, offset, length) => {
          const p = enterValue();
          if (!p) return;
          if (typeof value === "string") {
            const start = offset + 1;
            const end = offset + length - 1;
            spans.push({
              path: p,
              start,
              end: Math.max(start, end),
              value,
              raw: text.slice(start, end) === value,
            });
          } else if (typeof value === "number" || typeof value === "boolean") {
            spans.push({
              path: p,
              start: offset,
              end: offset + length,
              value: String(value),
              raw: text.slice(offset, offset + length) === String(value),
            });
          }
        },
        onError: (error, offset) => {
          if (!firstError) firstError = { error, offset, length: 0 };
        },
      },
      { allowTrailingComma: true, disallowComments: false },
    );
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { format, spans, error: { message: "nesting too deep to parse" } };
  }
  if (firstError) {
    return {
      format,
      spans,
      error: { message: printParseErrorCode(firstError.error), line: lineOfOffset(text, firstError.offset) },
    };
  }
  return { format, spans };
}
