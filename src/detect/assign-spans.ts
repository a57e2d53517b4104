/**
 * Key/value pairs from a structured file's spans (JSON, YAML, TOML, dotenv, notebooks): a value under
 * its key, `--flag=value` and `NAME=value` items of a list, a flag and the item after it, a header's
 * `Name: value`, an environment entry's `{name, value}` (or `{key, value}`). Pure.
 */
import type { KeySeg, SpanList } from "../types.js";
import type { KeyFilter, KeyValue } from "./assign.js";

const FLAG_EQ = /^--?([A-Za-z][\w.-]{0,80})=(.+)$/s;
const FLAG = /^--?([A-Za-z][\w.-]{0,80})$/;
const ENV_EQ = /^([A-Za-z_][A-Za-z0-9_]{0,100})=(.+)$/s;
const HEADER = /^([A-Za-z][\w-]{0,80}):\s{0,4}(.+)$/s;

/** Maps a part of span `i`'s value back to text offsets (exactly when possible). */
function sub(text: string, list: SpanList, i: number, part: string, key: string, quoted: boolean): KeyValue {
  const from = list.start(i);
  const to = list.end(i);
  const at = list.raw(i) ? list.value(i).lastIndexOf(part) : text.slice(from, to).lastIndexOf(part);
  const start = at >= 0 ? from + at : from;
  const end = at >= 0 ? start + part.length : to;
  return { key, value: part, start, end, quoted, spans: list, span: i };
}

/** Span `i`'s whole value under `key`. */
function whole(list: SpanList, i: number, key: string): KeyValue {
  return {
    key,
    value: list.value(i),
    start: list.start(i),
    end: list.end(i),
    quoted: true,
    spans: list,
    span: i,
  };
}

/** Key/value pairs from structured spans, including CLI flags and KEY=VALUE items inside arrays. */
export function pairsFromSpans(text: string, list: SpanList, wanted?: KeyFilter): KeyValue[] {
  const out: KeyValue[] = [];
  const find = siblingFinder(list);
  const n = list.length;
  for (let i = 0; i < n; i++) {
    if (list.valueLength(i) < 4) continue;
    const last = list.last(i);
    if (typeof last !== "string") {
      const v = list.value(i);
      const m = FLAG_EQ.exec(v) ?? ENV_EQ.exec(v) ?? HEADER.exec(v);
      if (m) {
        if (!wanted || wanted(m[1]!)) out.push(sub(text, list, i, m[2]!, m[1]!, true));
        continue;
      }
      const prev = typeof last === "number" && last > 0 ? find(i, last - 1) : -1;
      const flag = prev >= 0 ? FLAG.exec(list.value(prev)) : null;
      if (flag && (!wanted || wanted(flag[1]!))) out.push(whole(list, i, flag[1]!));
      continue;
    }
    if (last === "value" || last === "default" || last === "ParameterValue") {
      // Kubernetes / compose style: { name: API_KEY, value: "…" }; an MCP server.json's environment
      // variable, { name: API_KEY, isSecret: true, default: "…" }. Beside it only (no index of every
      // `key`: a manifest's tolerations and selectors have a `key` two items from their `value`): a
      // Postman environment's { key: apiKey, value: "…" }, a CloudFormation parameters file's
      // { ParameterKey: DBPassword, ParameterValue: "…" }.
      let sibling = last === "ParameterValue" ? -1 : find(i, NAME);
      if (sibling < 0 && last !== "default")
        sibling = beside(list, i, last === "value" ? "key" : "ParameterKey");
      if (sibling >= 0) {
        // A name as written (raw) that the filter turns down before it is cut: a dump's every row.
        const taken = wanted?.mayTakeIn;
        if (taken && list.raw(sibling) && !taken(text, list.start(sibling), list.end(sibling))) continue;
        const name = list.value(sibling);
        if (!wanted || wanted(name)) out.push(whole(list, i, name));
        continue;
      }
    }
    if (!wanted || wanted(last)) out.push(whole(list, i, last));
  }
  return out;
}

/** The one key a span's sibling is looked for under (besides an array's previous item). */
const NAME = "name";

/** Span `i`'s sibling under `key` when it sits right next to it, else -1. */
function beside(list: SpanList, i: number, key: KeySeg): number {
  if (i > 0 && list.isSiblingUnder(i, i - 1, key)) return i - 1;
  if (i + 1 < list.length && list.isSiblingUnder(i, i + 1, key)) return i + 1;
  return -1;
}

/**
 * Finds the index of span `i`'s sibling under `last` (its path with the last segment replaced), -1
 * when none: a span right next to it first (siblings usually sit side by side, and the nearest one is
 * meant: a repeated YAML document repeats paths), else the last span with that path, from an index
 * built on first need. An index holds only the spans a lookup may find: those under `name`, or those
 * at an array's index, each kind its own, made at its first lookup (every span's path, made for a
 * mathmap's `{"default": "degree"}` values, none of them beside a `name`, was a quarter of a scan).
 */
function siblingFinder(list: SpanList): (i: number, last: number | typeof NAME) => number {
  let named: Map<string, number> | undefined;
  let indexed: Map<string, number> | undefined;
  const build = (wanted: (seg: KeySeg | undefined) => boolean): Map<string, number> => {
    const byPath = new Map<string, number>();
    for (let j = 0; j < list.length; j++) if (wanted(list.last(j))) byPath.set(pathKey(list.path(j)), j);
    return byPath;
  };
  return (i, last) => {
    const next = beside(list, i, last);
    if (next >= 0) return next;
    let byPath: Map<string, number>;
    if (typeof last === "number") {
      indexed ??= build((seg) => typeof seg === "number");
      byPath = indexed;
    } else {
      named ??= build((seg) => seg === NAME);
      byPath = named;
    }
    if (byPath.size === 0) return -1;
    return byPath.get(pathKey([...list.path(i).slice(0, -1), last])) ?? -1;
  };
}

function pathKey(path: readonly KeySeg[]): string {
  return path.map((p) => (typeof p === "number" ? `#${p}` : p)).join("\u0000");
}

// Assignment shapes in free text. Each has two groups: the key, then the value.
// key = "value" | key: 'value' | "key": "value" | key := `value` | key => "value" | setX("key", "value")
// (a name after `::` is the last part of a type's path, `AWS::KMS::Key`, never a variable: no pair)
