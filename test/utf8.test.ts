/** Chunked UTF-8 decoding: the ASCII fast path gives exactly what one StringDecoder gives. */
import { StringDecoder } from "node:string_decoder";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { endsWhole, utf8Chunks, utf8Text } from "../src/util/utf8.js";

function viaDecoder(chunks: readonly Buffer[]): string {
  const d = new StringDecoder("utf8");
  return chunks.map((c) => d.write(c)).join("") + d.end();
}

function viaChunks(chunks: readonly Buffer[]): string {
  const d = utf8Chunks();
  return chunks.map((c) => d.write(c)).join("") + d.end();
}

/** `bytes` cut at `cuts` (any order, any place: inside characters too). */
function cut(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

// Mostly ASCII runs (whole chunks of it take the fast path), multi-byte characters, and broken bytes.
const piece = fc.oneof(
  fc.constantFrom("diff --git a/x b/x\n", "+const token = 1;\n", "a".repeat(40), "\n"),
  fc.constantFrom("é", "€", "😀", "日本", "\u00a0", "\u2028"),
  fc.uint8Array({ maxLength: 4 }).map((b) => Buffer.from(b).toString("latin1")),
);
const stream = fc
  .array(
    fc.oneof(
      piece.map((p) => Buffer.from(p, "utf8")),
      fc.uint8Array({ maxLength: 3 }).map((b) => Buffer.from(b)),
    ),
    {
      maxLength: 30,
    },
  )
  .map((parts) => Buffer.concat(parts));

describe("utf8Chunks", () => {
  it("decodes any byte stream, cut anywhere, exactly as a StringDecoder does", () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 12 }), (bytes, cuts) => {
        const chunks = cut(bytes, cuts);
        expect(viaChunks(chunks)).toBe(viaDecoder(chunks));
      }),
      { numRuns: 4000, seed: 7 },
    );
  });

  it("tells whether a chunk may end inside a character", () => {
    const euro = Buffer.from("€"); // e2 82 ac
    expect(endsWhole(Buffer.from("abc"))).toBe(true);
    expect(endsWhole(euro)).toBe(true);
    expect(endsWhole(euro.subarray(0, 1))).toBe(false);
    expect(endsWhole(euro.subarray(0, 2))).toBe(false);
    expect(endsWhole(Buffer.from([0x61, 0xf0, 0x9f, 0x98]))).toBe(false);
    expect(endsWhole(Buffer.from([0x61, 0xf0, 0x9f, 0x98, 0x80]))).toBe(true);
    expect(endsWhole(Buffer.from([0x80, 0x80]))).toBe(false); // only continuation bytes: maybe a tail
    expect(endsWhole(Buffer.alloc(0))).toBe(true);
  });
});

describe("utf8Text", () => {
  it("is toString('utf8') of any bytes, ASCII or not, broken or not", () => {
    fc.assert(
      fc.property(stream, (bytes) => {
        expect(utf8Text(bytes)).toBe(bytes.toString("utf8"));
      }),
      { numRuns: 2000, seed: 11 },
    );
    for (const b of [
      Buffer.from("plain ascii\n"),
      Buffer.from("\ufeffbom é"),
      Buffer.from([0xff, 0x41]),
      Buffer.alloc(0),
    ])
      expect(utf8Text(b)).toBe(b.toString("utf8"));
  });
});
