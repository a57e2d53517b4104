/**
 * Key paths kept through their containers (src/util/key-path.ts): the JSON reader's spans make their
 * paths when read, and the pairs found from them are those found from spans with whole paths.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pairsFromSpans } from "../src/detect/assign.js";
import { viaJsoncParser } from "../src/structure/json.js";
import { fastJsonSpans } from "../src/structure/json-fast.js";
import { childNode, isSiblingUnder, lastSeg, NodeSpan } from "../src/util/key-path.js";

function fast(text: string) {
  const spans = fastJsonSpans(text);
  if (spans === undefined) throw new Error(`declined: ${text}`);
  return spans;
}

describe("spans whose paths are made from their container", () => {
  it("make the path once, and answer the last segment without it", () => {
    const servers = childNode(undefined, "servers");
    const gh = childNode(childNode(servers, "gh"), "args");
    const s = new NodeSpan(gh, 2, 10, 14, "-y", true);
    expect(lastSeg(s)).toBe(2);
    expect(s.path).toEqual(["servers", "gh", "args", 2]);
    expect(s.path).toBe(s.path);
    expect(new NodeSpan(undefined, undefined, 0, 3, "abc", true).path).toEqual([]);
    expect(lastSeg(new NodeSpan(undefined, undefined, 0, 3, "abc", true))).toBeUndefined();
    expect(lastSeg({ path: ["a", 0], start: 0, end: 1, value: "x", raw: true })).toBe(0);
    expect(lastSeg({ path: [], start: 0, end: 1, value: "x", raw: true })).toBeUndefined();
  });

  it("tell siblings by container, and by path across repeated keys and other annotators' spans", () => {
    const [a1, a2, b1, c1, c2] = fast(
      '{"a": {"name": "K", "value": "v1"}, "b": {"name": "L"}, "a": {"x": 1, "value": "v2"}}',
    );
    expect(isSiblingUnder(a2!, a1!, "name")).toBe(true);
    expect(isSiblingUnder(a2!, a1!, "value")).toBe(false);
    expect(isSiblingUnder(a2!, b1!, "name")).toBe(false);
    // The second "a" object repeats the first's path: its "value" has the first's "name" as sibling.
    expect(isSiblingUnder(c2!, a1!, "name")).toBe(true);
    expect(isSiblingUnder(c2!, c1!, "name")).toBe(false);
    const plain = { path: ["a", "name"], start: 0, end: 1, value: "K", raw: true };
    expect(isSiblingUnder(a2!, plain, "name")).toBe(true);
    expect(isSiblingUnder(plain, a2!, "value")).toBe(true);
    expect(isSiblingUnder(plain, b1!, "name")).toBe(false);
  });
});

describe("pairs from the JSON reader's spans", () => {
  const key = fc.constantFrom("name", "value", "token", "id", "args", "env", "api_key", "x");
  const scalar = fc.oneof(
    fc.constantFrom('"API_TOKEN"', '"--api-key"', '"abcd1234efgh"', '"SECRET_KEY=zzzz9999"', "12345"),
    fc.constantFrom('"--port"', '"8080"', "true", "null", '"Authorization: Bearer abcdefgh1234"'),
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
        const ref = viaJsoncParser(text, "jsonc").spans;
        expect(pairsFromSpans(text, ours)).toEqual(pairsFromSpans(text, ref));
        expect(pairsFromSpans(text, ours, keep)).toEqual(pairsFromSpans(text, ref, keep));
      }),
      { numRuns: 400 },
    );
  });

  it("find a row's name beside its value, and the last object's keys reused", () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: i, name: `n${i}`, value: `value-${i}` }));
    rows.splice(20, 0, { id: -1, name: "GROQ_API_KEY", value: "abcdefgh12345678" });
    const text = JSON.stringify(rows);
    const pairs = pairsFromSpans(text, fast(text), (k) => k.endsWith("_KEY"));
    expect(pairs).toEqual([
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
