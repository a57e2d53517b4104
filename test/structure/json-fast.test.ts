/**
 * The fast JSON path must give exactly jsonc-parser's spans, or decline. Checked on generated JSON /
 * JSONC (escapes, comments, trailing commas, odd numbers) and on mutated texts that are often invalid.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { viaJsoncParser } from "../../src/structure/json.js";
import { fastJsonSpans } from "../../src/structure/json-fast.js";
import type { KeySpan } from "../../src/types.js";
import { spansOf } from "../../src/util/span-list.js";

const str = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    'a\\"b',
    "\\u0041\\u00e9",
    "\\n\\t\\/",
    "\\uD83D\\uDE00",
    "\\ud800",
    "\u2028",
    "é☃",
    "\\x41",
  ),
);
const num = fc.constantFrom(
  "0",
  "-0",
  "12",
  "-3.25",
  "1e5",
  "2E-7",
  "01",
  "1.",
  ".5",
  "-",
  "1.5e",
  "1x",
  "0x1F",
);
const lit = fc.oneof(
  str.map((s) => `"${s}"`),
  num,
  fc.constantFrom("true", "false", "null", "nul", "truex"),
);
const ws = fc.constantFrom("", " ", "\n", "\r\n\t", " // c\n", "/* c */", "/* open", "\v", "\u00a0");

const value: fc.Arbitrary<string> = fc.letrec<{ v: string }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    lit,
    fc
      .tuple(fc.array(fc.tuple(str, tie("v"), ws), { maxLength: 4 }), fc.boolean())
      .map(
        ([kv, trailing]) =>
          `{${kv.map(([k, v, w]) => `${w}"${k}"${w}:${v}`).join(",")}${trailing && kv.length ? "," : ""}}`,
      ),
    fc
      .tuple(fc.array(fc.tuple(tie("v"), ws), { maxLength: 4 }), fc.boolean())
      .map(
        ([vs, trailing]) =>
          `[${vs.map(([v, w]) => `${w}${v}${w}`).join(",")}${trailing && vs.length ? "," : ""}]`,
      ),
  ),
})).v;

/** The fast reader's spans as objects (its table makes paths and values when read). */
function fastSpans(text: string): KeySpan[] | undefined {
  const table = fastJsonSpans(text);
  return table && spansOf(table);
}

/** Spans as their readers see them. */
function plain(spans: readonly KeySpan[] | undefined) {
  return spans?.map(({ path, start, end, value, raw }) => ({ path, start, end, value, raw }));
}

function agree(text: string): void {
  const fast = fastSpans(text);
  if (fast === undefined) return;
  const ref = viaJsoncParser(text, "jsonc");
  expect(ref.error, text).toBeUndefined();
  expect(plain(fast), text).toEqual(plain(ref.spans));
}

describe("fast JSON path", () => {
  it("takes ordinary JSON and JSONC, with jsonc-parser's spans", () => {
    const text = `{
  // servers
  "servers": {"gh": {"env": {"TOKEN": "ab\\u0041c", "N": -1.5e3}, "args": ["-y", true, null,],},},
  /* block */ "x": [[], {}, ""]
}`;
    const fast = fastSpans(text);
    expect(fast).toBeDefined();
    expect(plain(fast)).toEqual(plain(viaJsoncParser(text, "jsonc").spans));
    expect(fast!.map((s) => s.path.join("."))).toEqual([
      "servers.gh.env.TOKEN",
      "servers.gh.env.N",
      "servers.gh.args.0",
      "servers.gh.args.1",
      "x.2",
    ]);
  });

  it("reads keys that repeat the last object's, escaped or not, as jsonc-parser does", () => {
    // Rows repeat their keys; a key is reused only where its text is the same, quotes around it.
    const text = String.raw`[{"id":1,"name":"a","value":"b"},{"id":2,"na\u006de":"c","v":"d"},
      {"id":3,"nam":"e","value\"":"f"},{"i":4,"id":5,"name\\":"g"},{"id":6,"name":"h","value":"i"},
      {"x":{"id":7}},{"x":{"name":{"id":8}}}]`;
    const fast = fastSpans(text);
    expect(fast).toBeDefined();
    expect(plain(fast)).toEqual(plain(viaJsoncParser(text, "jsonc").spans));
    expect(fast!.map((s) => s.path.join("."))).toEqual([
      ...["0.id", "0.name", "0.value", "1.id", "1.name", "1.v", "2.id", "2.nam", '2.value"'],
      ...["3.i", "3.id", "3.name\\", "4.id", "4.name", "4.value", "5.x.id", "6.x.name.id"],
    ]);
  });

  it("declines what only jsonc-parser can judge", () => {
    for (const bad of [
      '{"a":1',
      '{"a":01}',
      "[1 2]",
      '{"a":1}}',
      "/* open",
      '{"a":"\u0001"}',
      "[,1]",
      "\u00a0[]",
    ]) {
      expect(fastSpans(bad), bad).toBeUndefined();
    }
    expect(fastSpans(`${"[".repeat(300)}${"]".repeat(300)}`)).toBeUndefined();
    expect(fastSpans("")).toEqual([]);
    expect(fastSpans(" // only a comment")).toEqual([]);
  });

  it("agrees with jsonc-parser on generated documents", () => {
    fc.assert(
      fc.property(value, ws, (v, w) => agree(`${w}${v}${w}`)),
      { numRuns: 3000 },
    );
  });

  it("agrees with jsonc-parser on mutated documents", () => {
    const mutated = fc
      .tuple(value, fc.nat(), fc.constantFrom("", ",", '"', "}", "]", "/", "\\", ":", "1", "*"))
      .map(([v, at, ch]) => {
        const i = v.length ? at % v.length : 0;
        return v.slice(0, i) + ch + v.slice(i + 1);
      });
    fc.assert(fc.property(mutated, agree), { numRuns: 3000 });
  });
});
