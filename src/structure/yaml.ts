/**
 * YAML annotator: every scalar of every document with its key path (document-relative) and exact
 * content offsets. An alias produces no span (the literal is reported where it is defined); the
 * entries of an inline merge map (`<<: {k: v}`) take the path of the map they merge into.
 */
import type { Pair, Scalar } from "yaml";
import { yamlLib } from "../util/lazy.js";

// The yaml library's type guards, bound on first use (the library loads only when YAML is parsed).
const isScalar = (n: unknown) => yamlLib().isScalar(n);
const isMap = (n: unknown) => yamlLib().isMap(n);
const isSeq = (n: unknown) => yamlLib().isSeq(n);
const isAlias = (n: unknown) => yamlLib().isAlias(n);
const isPair = (n: unknown) => yamlLib().isPair(n);
const isNode = (n: unknown) => yamlLib().isNode(n);

import type { Annotation, KeySeg, KeySpan } from "../types.js";
import { ListAnnotation, spansOf } from "../util/span-list.js";
import { type AnnotationError, lineOfOffset, MAX_DEPTH, messageOf, PathBudget, TOO_DEEP } from "./util.js";
import { fastYamlTable } from "./yaml-fast.js";
import { templatedYamlTable } from "./yaml-template.js";

interface Walk {
  readonly text: string;
  readonly spans: KeySpan[];
  readonly budget: PathBudget;
  error?: AnnotationError;
}

/**
 * Keeps the first error only, with the line of `at` (an offset) when given. The line is counted only
 * for that first error: counted for every broken document, from the top of the text each time, 60,000
 * of them took 44 s.
 */
function fail(w: Walk, message: string, at?: number): void {
  w.error ??= at === undefined ? { message } : { message, line: lineOfOffset(w.text, at) };
}

/** Content offsets of a scalar: inside quotes, below a block header, or the plain text itself. */
function contentRange(text: string, node: Scalar, from: number, to: number): [number, number] {
  let start = from;
  let end = to;
  if (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") {
    const q = node.type === "QUOTE_DOUBLE" ? '"' : "'";
    if (text[start] === q) start++;
    if (end > start && text[end - 1] === q) end--;
  } else if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") {
    const nl = text.indexOf("\n", start);
    start = nl === -1 || nl >= end ? end : nl + 1;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
  }
  return [start, Math.max(start, end)];
}

function scalarSpan(text: string, node: Scalar, path: KeySeg[]): KeySpan | undefined {
  const v = node.value;
  if (!node.range || v === null || v === undefined) return undefined;
  // Non-strings (numbers, booleans, !!binary…) keep their source text: 0x1F stays "0x1F".
  const value = typeof v === "string" ? v : (node.source ?? String(v));
  const [start, end] = contentRange(text, node, node.range[0], node.range[1]);
  return { path, start, end, value, raw: text.slice(start, end) === value };
}

/** A key as a path segment: strings as is, other scalars in their source form, else their text. */
function keyOf(text: string, key: unknown): string {
  if (isScalar(key)) {
    if (typeof key.value === "string") return key.value;
    if (key.value === null || key.value === undefined) return "";
    return key.source ?? String(key.value);
  }
  if ((isMap(key) || isSeq(key) || isAlias(key)) && key.range) return text.slice(key.range[0], key.range[1]);
  return String(key);
}

/** The maps a merge key (`<<`) pulls in, or undefined when its value is not a merge. */
function mergeSources(value: unknown): unknown[] | undefined {
  if (isMap(value) || isAlias(value)) return [value];
  if (isSeq(value) && value.items.every((x) => isMap(x) || isAlias(x))) return value.items;
  return undefined;
}

function walkPair(w: Walk, pair: Pair, path: KeySeg[], depth: number): void {
  const key = keyOf(w.text, pair.key);
  const merged = key === "<<" && isScalar(pair.key) && pair.key.type === "PLAIN" && mergeSources(pair.value);
  if (merged) {
    for (const source of merged) walk(w, source, path, depth + 1); // aliases add nothing
    return;
  }
  walk(w, pair.value, [...path, key], depth + 1);
}

function walk(w: Walk, node: unknown, path: KeySeg[], depth: number): void {
  if (depth > MAX_DEPTH) {
    const at = isNode(node) ? node.range?.[0] : undefined;
    fail(w, TOO_DEEP, at);
    return;
  }
  if (isScalar(node)) {
    const span = scalarSpan(w.text, node, path);
    if (span) {
      w.budget.take(path.length); // past the budget this throws: the walk ends with an error
      w.spans.push(span);
    }
  } else if (isMap(node)) {
    for (const item of node.items) walkPair(w, item, path, depth);
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      // A flow sequence may hold bare pairs: [a: b].
      if (isPair(item)) walkPair(w, item, [...path, i], depth + 1);
      else walk(w, item, [...path, i], depth + 1);
    });
  }
}

/**
 * Largest YAML text the yaml library parses when the fast path declines it. The library builds a whole
 * document tree first: 0.8–4 s and 150–480 MB per MB of text here (a 4 MB one-line `a: a: a: …` took
 * 9 s and 935 MB; a megabyte of flow sequences nested on new lines, `a: [` then `[` …, 4.3 s and
 * 479 MB). Past this size the file is scanned as text, with a note: half a megabyte keeps the worst
 * such file near 1.8 s and 270 MB. Real files this large are mostly plain enough for the fast path
 * (of 1,725 YAML files of Debian's packages, the largest it declines is 385 KB).
 */
export const YAML_LIBRARY_MAX = 1 << 19;

export function annotateYaml(text: string): Annotation {
  const fast = fastYamlTable(text) ?? templatedYamlTable(text);
  // The path reads a text forwards and its spans come in text order; were they ever not, they go as
  // objects, which annotate() sorts (the JSON reader's table is in order as made: no pass over a dump).
  if (fast)
    return fast.inOrder() ? new ListAnnotation("yaml", fast) : { format: "yaml", spans: spansOf(fast) };
  if (text.length > YAML_LIBRARY_MAX) {
    const message = `over ${YAML_LIBRARY_MAX} characters and not plain block YAML, too large for the full parser`;
    return { format: "yaml", spans: [], error: { message } };
  }
  return viaYamlLibrary(text);
}

/** The yaml library's walk: every construct and every diagnostic, for what the fast path declines. */
export function viaYamlLibrary(text: string): Annotation {
  const w: Walk = { text, spans: [], budget: new PathBudget() };
  // The library makes an Error for every problem it meets, and only the first one's message is kept:
  // without their stack traces, 60,000 broken documents take 3.8 s and 247 MB instead of 4.7 s and
  // 414 MB.
  const traces = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // prettyErrors off: the library would copy each error's whole line and trim it with a regex, so a
    // long line of many errors (`a: a: a: …`, 1 MB) cost the square of its length (6 s). The line of the
    // one error shown is counted here instead.
    const docs = yamlLib().parseAllDocuments(text, { uniqueKeys: false, strict: false, prettyErrors: false });
    for (const doc of docs) {
      walk(w, doc.contents, [], 0);
      const e = doc.errors[0];
      if (e) fail(w, messageOf(e), e.pos[0]);
    }
  } catch (e) {
    fail(w, messageOf(e));
  } finally {
    Error.stackTraceLimit = traces;
  }
  w.spans.sort((a, b) => a.start - b.start);
  return w.error ? { format: "yaml", spans: w.spans, error: w.error } : { format: "yaml", spans: w.spans };
}
