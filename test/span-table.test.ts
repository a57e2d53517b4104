/**
 * The JSON reader's spans in columns (src/structure/span-table.ts): paths and values made when read,
 * siblings told by container, and the pairs found from them those found from spans with whole paths.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KeyValue } from "../src/detect/assign.js";
import { pairsFromSpans } from "../src/detect/assign-spans.js";
import { annotate } from "../src/structure/index.js";
import { viaJsoncParser } from "../src/structure/json.js";
import { fastJsonSpans } from "../src/structure/json-fast.js";
import { indexSeg, NO_SEG, SpanTable, TOP } from "../src/structure/span-table.js";
import { viaYamlLibrary } from "../src/structure/yaml.js";
import type { SpanList } from "../src/types.js";
import { ArraySpans, listOf, spansOf } from "../src/util/span-list.js";

function fast(text: string): SpanTable {
  const spans = fastJsonSpans(text);
  if (spans === undefined) throw new Error(`declined: ${text}`);
  return spans;
}

describe("a table of spans", () => {
  it("makes paths from container nodes, and values from the text unless decoded", () => {
    const text = "xx-y abc";
    const t = new SpanTable(text);
    const servers = t.addNode(TOP, t.keyId("servers"));
    const args = t.addNode(t.addNode(servers, t.keyId("gh")), t.keyId("args"));
    t.add(args, indexSeg(2), 2, 4);
    t.add(TOP, NO_SEG, 5, 8, "a\nc");
    expect(t.length).toBe(2);
    expect(t.path(0)).toEqual(["servers", "gh", "args", 2]);
    expect([t.start(0), t.end(0), t.last(0), t.valueLength(0), t.raw(0), t.value(0)]).toEqual([
      2,
      4,
      2,
      2,
      true,
      "-y",
    ]);
    expect(t.path(1)).toEqual([]);
    expect([t.start(1), t.end(1), t.last(1), t.valueLength(1), t.raw(1), t.value(1)]).toEqual([
      5,
      8,
      undefined,
      3,
      false,
      "a\nc",
    ]);
    t.moveBy(1);
    expect([t.start(0), t.end(0), t.value(0)]).toEqual([3, 5, "-y"]);
  });

  it("names the long and the escaped values as the same spans with whole paths do", () => {
    const value = fc.oneof(
      fc.string({ maxLength: 24 }).map((v) => JSON.stringify(v)),
      fc.constantFrom(
        '"c2VjcmV0LXRva2VuLXZhbHVl"',
        '"a\\tb"',
        '"0123456789abcdef"',
        '"0123456789abcde"',
        "12345",
      ),
    );
    const doc = fc
      .array(fc.tuple(fc.constantFrom("a", "b", "token"), value), { maxLength: 10 })
      .map((kvs) => `{${kvs.map(([k, v], i) => `"${k}${i}": [${v}, {"x": ${v}}]`).join(", ")}}`);
    fc.assert(
      fc.property(doc, (text) => {
        const ref = new ArraySpans(viaJsoncParser(text, "json").spans);
        expect(fast(text).longOrEscaped()).toEqual(ref.longOrEscaped());
      }),
      { numRuns: 300 },
    );
    // A 16-character value is long, a 15-character one not; an escape makes any value count.
    expect(fast('["0123456789abcdef", "0123456789abcde", "\\n"]').longOrEscaped()).toEqual([0, 2]);
  });

  it("tells siblings by container, and by path across repeated keys, as spans with whole paths do", () => {
    const text = '{"a": {"name": "K", "value": "v1"}, "b": {"name": "L"}, "a": {"x": 1, "value": "v2"}}';
    const t = fast(text);
    const ref = new ArraySpans(viaJsoncParser(text, "jsonc").spans);
    const [a1, a2, b1, c1, c2] = [0, 1, 2, 3, 4];
    for (const list of [t, ref]) {
      expect(list.isSiblingUnder(a2, a1, "name")).toBe(true);
      expect(list.isSiblingUnder(a2, a1, "value")).toBe(false);
      expect(list.isSiblingUnder(a2, b1, "name")).toBe(false);
      // The second "a" object repeats the first's path: its "value" has the first's "name" as sibling.
      expect(list.isSiblingUnder(c2, a1, "name")).toBe(true);
      expect(list.isSiblingUnder(c2, c1, "name")).toBe(false);
    }
    const arr = fast('[1, "x", [2]]');
    expect(arr.isSiblingUnder(1, 0, 0)).toBe(true);
    expect(arr.isSiblingUnder(2, 0, 0)).toBe(false);
  });

  it("gives jsonc-parser's spans for large texts, denser and sparser than their columns were made for", () => {
    // Past 256 KB the columns are made long enough for a scalar every 16 characters, a container
    // every 32: a dense text writes past that, a sparse one leaves most of it unused.
    const dense = `[${Array.from({ length: 150_000 }, (_, i) => (i % 7 === 0 ? `{"a":${i % 10}}` : i % 10)).join(",")}]`;
    const sparse = JSON.stringify({
      rows: Array.from({ length: 40 }, (_, i) => ({ id: i, text: "x".repeat(9000) })),
    });
    for (const text of [dense, sparse]) {
      expect(text.length).toBeGreaterThan(256 * 1024);
      const ours = spansOf(fast(text));
      expect(ours.length).toBe(dense === text ? 150_000 : 80);
      expect(ours).toEqual(viaJsoncParser(text, "json").spans);
    }
  });

  it("keeps offsets in the file's text past a byte-order mark", () => {
    const text = '\ufeff{"token": "abc\\u0041", "n": 12}';
    const keys = annotate(text, "json");
    const list = listOf(keys);
    expect(list.length).toBe(2);
    expect(text.slice(list.start(0), list.end(0))).toBe("abc\\u0041");
    expect([list.value(0), list.raw(0)]).toEqual(["abcA", false]);
    expect(text.slice(list.start(1), list.end(1))).toBe("12");
    expect(keys.spans.map((s) => [s.path, s.start, s.value])).toEqual([
      [["token"], list.start(0), "abcA"],
      [["n"], list.start(1), "12"],
    ]);
  });
});

/** Pairs as compared: each with its span's key path instead of its spans and index. */
const shown = (pairs: readonly KeyValue[]) =>
  pairs.map(({ spans, span, ...pair }) => ({ ...pair, keyPath: spans?.path(span) }));

describe("pairs from the JSON reader's spans", () => {
  const key = fc.constantFrom("name", "value", "token", "id", "args", "env", "api_key", "x");
  const scalar = fc.oneof(
    fc.constantFrom('"API_TOKEN"', '"--api-key"', '"abcd1234efgh"', '"SECRET_KEY=zzzz9999"', "12345"),
    fc.constantFrom(
      '"--port"',
      '"8080"',
      "true",
      "null",
      '"Authorization: Bearer abcdefgh1234"',
      '"a\\"b\\u0063d"',
    ),
  );
  const doc = fc.letrec<{ v: string }>((tie) => ({
    v: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      scalar,
      fc
        .array(fc.tuple(key, tie("v")), { maxLength: 5 })
        .map((kvs) => `{${kvs.map(([k, v]) => `"${k}": ${v}`).join(", ")}}`),
      fc.array(tie("v"), { maxLength: 5 }).map((vs) => `[${vs.join(", ")}]`),
    ),
  })).v;

  it("are the pairs of spans with whole paths, filtered or not", () => {
    const keep = (k: string) => /token|key|name/i.test(k);
    fc.assert(
      fc.property(doc, (text) => {
        const ours = fast(text);
        const ref = new ArraySpans(viaJsoncParser(text, "jsonc").spans);
        expect(shown(pairsFromSpans(text, ours))).toEqual(shown(pairsFromSpans(text, ref)));
        expect(shown(pairsFromSpans(text, ours, keep))).toEqual(shown(pairsFromSpans(text, ref, keep)));
      }),
      { numRuns: 400 },
    );
  });

  it("find a row's name beside its value, and the last object's keys reused", () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: i, name: `n${i}`, value: `value-${i}` }));
    rows.splice(20, 0, { id: -1, name: "GROQ_API_KEY", value: "abcdefgh12345678" });
    const text = JSON.stringify(rows);
    const pairs = pairsFromSpans(text, fast(text), (k) => k.endsWith("_KEY"));
    expect(shown(pairs)).toEqual([
      {
        key: "GROQ_API_KEY",
        value: "abcdefgh12345678",
        start: text.indexOf("abcdefgh"),
        end: text.indexOf("abcdefgh") + 16,
        quoted: true,
        keyPath: [20, "value"],
      },
    ]);
  });
});

describe("the fast YAML path's table", () => {
  /** Every span of a list as an object, with its source text. */
  const read = (text: string, list: SpanList) =>
    spansOf(list).map((s) => ({ ...s, source: text.slice(s.start, s.end) }));

  it("holds the library's spans, folded, quoted, CR LF ended, templated and past a byte-order mark", () => {
    const plain = `a:
  b: one
  c: "two\\tq"
  d: folded
    over lines
  e: |
    block
    text
  f: [x, {g: y}, h: z]
`;
    const crlf = plain.replaceAll("\n", "\r\n");
    for (const text of [plain, crlf, `\uFEFF${plain}`, `\uFEFF${crlf}`]) {
      const a = annotate(text, "yaml");
      expect(a.list, JSON.stringify(text.slice(0, 12))).toBeInstanceOf(SpanTable);
      const body = text.replace(/^\uFEFF/, "");
      const shift = text.length - body.length;
      const ref = viaYamlLibrary(body).spans.map((s) => ({
        ...s,
        start: s.start + shift,
        end: s.end + shift,
      }));
      const ours = read(text, a.list!);
      expect(ours.map(({ source, ...s }) => s)).toEqual(ref);
      // A value that is its source text reads as that text.
      for (const s of ours) if (s.raw) expect(s.value).toBe(s.source);
    }
    const helm = [
      "metadata:",
      "  name: {{ .Release.Name }}",
      "  labels:",
      "    tier: web",
      '    note: "on\\n"',
      "    kind: x",
      "{{- if .Values.extra }}",
      "extra: y",
      "{{- end }}",
      "",
    ].join("\n");
    const t = annotate(helm, "yaml");
    expect(t.list).toBeInstanceOf(SpanTable);
    expect(read(helm, t.list!).map((s) => [s.path.join("."), s.value, s.raw, s.source])).toEqual([
      ["metadata.labels.tier", "web", true, "web"],
      ["metadata.labels.note", "on\n", false, "on\\n"],
      ["metadata.labels.kind", "x", true, "x"],
      ["extra", "y", true, "y"],
    ]);
    expect(t.list!.longOrEscaped()).toEqual([1]);
  });

  it("keeps a large file's paths as nodes, not one array a value", () => {
    const text = Array.from(
      { length: 20_000 },
      (_, i) => `item${i}:\n  name: service-${i}\n  env:\n    - name: MODE\n      value: prod-${i % 13}\n`,
    ).join("");
    const list = annotate(text, "yaml").list!;
    expect(list).toBeInstanceOf(SpanTable);
    expect(list.length).toBe(60_000);
    const last = list.length - 1;
    expect(list.path(last)).toEqual(["item19999", "env", 0, "value"]);
    expect(list.value(last)).toBe(`prod-${19_999 % 13}`);
    expect(list.isSiblingUnder(last, last - 1, "name")).toBe(true);
    expect(list.isSiblingUnder(last, last - 2, "name")).toBe(false);
  });
});
