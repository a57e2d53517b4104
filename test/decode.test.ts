/** Decoded views of values: base64 that decodes to text is scanned again, random bytes are not. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64Shaped, base64Text, decodedViews, escapedOffsets, mayDecode } from "../src/detect/decode.js";
import { annotate } from "../src/structure/index.js";
import { listOf } from "../src/util/span-list.js";

/** The plain definition: decode as UTF-8, then keep text that is more than 95% printable ASCII. */
function reference(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 16) return undefined;
  if (
    !/^(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v) &&
    !/^[A-Za-z0-9_-]{16,}={0,2}$/.test(v)
  )
    return undefined;
  const s = Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
  if (s.length < 8 || s.includes("\uFFFD")) return undefined;
  let ok = 0;
  for (const c of s) ok += /^[\x20-\x7e\t\n\r]$/.test(c) ? c.length : 0;
  return ok / s.length > 0.95 ? s : undefined;
}

// Mostly ASCII with a few 2-, 3- and 4-byte characters and controls: near the 95% line either way.
const char = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(..."abcXYZ019 :=/+-_.{}\"'\n\t") },
  { weight: 1, arbitrary: fc.constantFrom("é", "€", "中", "😀", "\u0001", "\u007f", "\u0080") },
);
const text = fc.array(char, { minLength: 8, maxLength: 120 }).map((cs) => cs.join(""));

describe("base64Text", () => {
  it("agrees with the plain definition on text near the printable line, in both alphabets", () => {
    fc.assert(
      fc.property(text, fc.boolean(), (t, url) => {
        const b = Buffer.from(t, "utf8");
        const v = url ? b.toString("base64url") : b.toString("base64");
        expect(base64Text(v)).toBe(reference(v));
      }),
      { numRuns: 4000, seed: 5 },
    );
  });

  it("agrees on random bytes, and finds text only where the plain definition does", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 90 }), (bytes) => {
        const v = Buffer.from(bytes).toString("base64");
        expect(base64Text(v)).toBe(reference(v));
      }),
      { numRuns: 3000, seed: 6 },
    );
  });

  it("takes the very strings the two base64 regexes take as base64", () => {
    const b64 = /^(?:[A-Za-z0-9+/]{4}){4,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    const b64url = /^[A-Za-z0-9_-]{16,}={0,2}$/;
    // Near the shapes: both alphabets, stray padding, other characters, lengths around 16 and 20.
    const shaped = fc
      .array(
        fc.oneof(
          { weight: 20, arbitrary: fc.constantFrom(..."aZ09") },
          { weight: 2, arbitrary: fc.constantFrom(..."+/-_=") },
          { weight: 1, arbitrary: fc.constantFrom(" ", ".", "é", "\u0000") },
        ),
        { minLength: 12, maxLength: 26 },
      )
      .map((cs) => cs.join(""));
    fc.assert(
      fc.property(shaped, (v) => {
        expect(base64Shaped(v)).toBe(b64.test(v) || b64url.test(v));
      }),
      { numRuns: 20000, seed: 7 },
    );
    for (const v of ["QUJDREVGR0hJSktMTU5PUA==", "QUJDREVGR0hJSktMTU5PUFE=", "QUJDREVGR0hJSktMTU5P==="])
      expect(base64Shaped(v)).toBe(b64.test(v) || b64url.test(v));
  });

  it("decodes a base64url value holding a config line", () => {
    const line = "password=hunter2-but-longer";
    expect(base64Text(Buffer.from(line).toString("base64url"))).toBe(line);
  });
});

describe("mayDecode", () => {
  // Values that decode or not: short words, long base64, escapes, percent-encoding, `%` in a short one.
  const value = fc.constantFrom(
    '"abc"',
    "12345",
    "true",
    '"c2VjcmV0LXRva2VuLXZhbHVlLTEyMzQ1"',
    '"a\\u0041bcdefgh"',
    '"a\\nb"',
    '"p%40ss%21word"',
    '"50%"',
    '"%"',
    '"zzzz9999zzzz9999zz"',
  );
  const doc = fc
    .array(fc.tuple(fc.constantFrom("a", "token", "b%c", "x"), value), { maxLength: 12 })
    .map((kvs) => `{${kvs.map(([k, v], i) => `"${k}${i}": ${v}`).join(", ")}}`);

  it("names every span decodedViews finds views in, in order, for JSON and YAML annotations", () => {
    fc.assert(
      fc.property(doc, fc.boolean(), (json, yaml) => {
        // The YAML form of the same document (JSON is YAML): another annotator's spans.
        const keys = annotate(json, yaml ? "yaml" : "json");
        const list = listOf(keys);
        const asked = mayDecode(json, list);
        expect(asked).toEqual([...new Set(asked)].sort((a, b) => a - b));
        for (let i = 0; i < list.length; i++)
          if (decodedViews(list, i).length > 0) expect(asked, `${json} span ${i}`).toContain(i);
      }),
      { numRuns: 300 },
    );
  });

  it("leaves out short plain values, even in a text with `%` elsewhere", () => {
    const json =
      '{"n": 100, "s": "short", "p": "50%", "b": "c2VjcmV0LXRva2VuLXZhbHVlLTEy", "e": "a\\tb"} // 10%';
    const list = listOf(annotate(json, "jsonc"));
    expect(mayDecode(json, list)).toEqual([2, 3, 4]);
  });
});

describe("escapedOffsets", () => {
  /** How many characters JSON.stringify (then `é` as `\u00e9`) writes for one UTF-16 unit of a value. */
  function written(unit: string): number {
    if (unit === "é") return 6;
    if ('"\\\b\f\n\r\t'.includes(unit)) return 2;
    return unit < " " ? 6 : 1; // other controls as \u00XX; a well-formed surrogate pair stays as is
  }
  const piece = fc.oneof(
    fc.constantFrom("a", "Z", "9", " ", "=", '"', "\\", "\n", "\t", "\u0001", "é", "😀"),
    fc.string({ maxLength: 6 }),
  );

  it("maps every character of an escaped value, and its end, to the text", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.string({ maxLength: 5 }), (pieces, before) => {
        const value = pieces.join("");
        const body = JSON.stringify(value).slice(1, -1).replace(/é/g, "\\u00e9");
        const json = `${before}"${body}"`;
        const from = before.length + 1;
        const expected = [from];
        for (let d = 0; d < value.length; d++) expected.push(expected[d]! + written(value[d]!));
        expect([...escapedOffsets(json, from, value.length)]).toEqual(expected);
        expect(expected[value.length]).toBe(json.length - 1); // the closing quote
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it("stops at the text's end when the value runs past it", () => {
    expect([...escapedOffsets('"ab\\', 1, 4)]).toEqual([1, 2, 3, 5, 5]);
  });
});
