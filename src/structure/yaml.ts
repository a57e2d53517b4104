/** YAML annotator: every scalar with its key path and exact content offsets (all documents). */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  Scalar,
  type Node as YNode,
} from "yaml";
import type { Annotation, KeySeg, KeySpan } from "../types.js";

function scalarSpan(text: string, node: Scalar, path: KeySeg[]): KeySpan | undefined {
  const range = node.range;
  if (!range || node.value === null || node.value === undefined) return undefined;
  const value = typeof node.value === "string" ? node.value : String(node.value);
  let start = range[0];
  let end = range[1];
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
    start += 1;
    end -= 1;
  } else if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const nl = text.indexOf("\n", start);
    start = nl === -1 ? end : nl + 1;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    while (start < end && (text[start] === " " || text[start] === "\t")) start++;
  }
  if (end < start) end = start;
  return { path, start, end, value, raw: text.slice(start, end) === value };
}

function keyOf(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function walk(text: string, node: YNode | null | undefined, path: KeySeg[], out: KeySpan[]): void {
  if (!node) return;
  if (isScalar(node)) {
    const span = scalarSpan(text, node, path);
    if (span) out.push(span);
    return;
  }
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const k = keyOf(item.key);
      if (k === "<<") continue;
      walk(text, item.value as YNode | null, [...path, k], out);
    }
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, i) => {
      walk(text, item as YNode | null, [...path, i], out);
    });
  }
}

export function annotateYaml(text: string): Annotation {
  const spans: KeySpan[] = [];
  const lc = new LineCounter();
  try {
    const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false, strict: false });
    const list = Array.isArray(docs) ? docs : [];
    let error: Annotation["error"];
    for (const doc of list) {
      walk(text, doc.contents as YNode | null, [], spans);
      const e = doc.errors[0];
      if (e && !error)
        error = { message: e.message.split("\n")[0] ?? "YAML error", line: e.linePos?.[0]?.line };
    }
    spans.sort((a, b) => a.start - b.start);
    return error ? { format: "yaml", spans, error } : { format: "yaml", spans };
  } catch (e) {
    if (e instanceof RangeError)
      return { format: "yaml", spans, error: { message: "nesting too deep to parse" } };
    return { format: "yaml", spans, error: { message: (e as Error).message } };
  }
}
