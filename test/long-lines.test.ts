/**
 * Long lines of git's output put together as bytes and decoded once (sources/long-lines.ts): every
 * byte goes on once and in order, only whole long lines the parser reads go on whole, and the parser
 * makes of it what it makes of the output decoded chunk by chunk.
 */
import { describe, expect, it } from "vitest";
import { type LineSink, LongLines, WHOLE_FROM } from "../src/sources/long-lines.js";
import { chunked, commitHeader, parsedAsScanned, parsedByChunks, seededBelow } from "./helpers.js";

/**
 * A `git log -p -U0` output whose commits rewrite one-line files (added and removed lines from a few
 * KB to 300 KB, multi-byte characters, a byte that is no UTF-8 at all, one character cut by a line
 * break), edit code, and add to a skipped path; it ends in a long added line without a line break.
 */
function history(below: (n: number) => number): Buffer {
  const parts: Buffer[] = [];
  const text = (...lines: string[]) => parts.push(Buffer.from(`${lines.join("\n")}\n`));
  const long = (tag: string, most: number) =>
    Array.from({ length: 50 + below(most) }, (_, i) => `"${tag}${i}": "é€😀x",`).join("");
  for (let c = 0; c < 16; c++) {
    text(commitHeader(c.toString(16).padStart(40, "0"), `c${c}`), "");
    text("diff --git a/dist/app.js b/dist/app.js", "--- a/dist/app.js", "+++ b/dist/app.js", "@@ -1 +1 @@");
    text(`-${long(`old${c}`, 12_000)}`);
    if (c % 4 === 1) {
      // Bytes UTF-8 has no character for, inside a long added line, and a character cut short.
      parts.push(Buffer.from(`+${long(`bad${c}`, 8000)}`), Buffer.from([0xff, 0xc3, 0x41, 0xe2, 0x82]));
      text(long(`after${c}`, 4000));
    } else text(`+${long(`new${c}`, 12_000)}`);
    text("diff --git a/skip/data.json b/skip/data.json", "--- a/skip/data.json", "+++ b/skip/data.json");
    text("@@ -0,0 +1 @@", `+${long(`skipped${c}`, 8000)}`);
    text("diff --git a/src/a.ts b/src/a.ts", "--- a/src/a.ts", "+++ b/src/a.ts");
    for (let h = 0; h < 3; h++) {
      text(
        `@@ -${h * 10},2 +${h * 12},2 @@`,
        `-gone ${c}.${h}`,
        `+line ${c}.${h} ñ`,
        "\\ No newline at end of file",
      );
    }
  }
  text("diff --git a/end.js b/end.js", "--- a/end.js", "+++ b/end.js", "@@ -0,0 +1 @@");
  parts.push(Buffer.from(`+${long("end", 6000)}`));
  return Buffer.concat(parts);
}

const skipPath = (p: string) => p.startsWith("skip/");

/** What a LongLines hands its sink, in order, each call's bytes copied. */
function recorded(chunks: readonly Buffer[], readsWhole: (first: number) => boolean, most?: number) {
  const calls: { kind: "text" | "line"; bytes: Buffer }[] = [];
  const sink: LineSink = {
    text: (bytes) => calls.push({ kind: "text", bytes: Buffer.from(bytes) }),
    line: (bytes) => calls.push({ kind: "line", bytes: Buffer.from(bytes) }),
    readsWhole,
  };
  const joiner = new LongLines(sink, most);
  for (const c of chunks) joiner.write(c);
  joiner.end();
  return calls;
}

describe("long lines of git's output", () => {
  const below = seededBelow(11);
  const output = history(below);
  const sizes: readonly (readonly [number, number])[] = [
    [61, 1],
    [4096, 2],
    [65536, 3],
    [200_000, 2],
  ];

  it("give the parser the blocks it makes of the output decoded chunk by chunk", () => {
    for (const maxLine of [Number.POSITIVE_INFINITY, 150_000]) {
      const expected = parsedByChunks([output], maxLine, skipPath);
      // Two files a commit (the skipped path makes none) and the last; fewer when lines are left out.
      if (maxLine === Number.POSITIVE_INFINITY) expect(expected.length).toBe(33);
      else expect(expected.length).toBeGreaterThan(16);
      for (const [max, rounds] of sizes) {
        for (let round = 0; round < rounds; round++) {
          const chunks = chunked(output, max, below);
          const got = parsedAsScanned(chunks, maxLine, skipPath);
          expect(got.blocks).toEqual(expected);
          if (maxLine === 150_000) expect(got.overlong).toBeGreaterThan(0);
        }
      }
    }
  });

  it("pass every byte on once, in order, and only long lines the parser reads go on whole", () => {
    // As the parser asks: lines from a `+` are read whole, others (removed ones, say) are not.
    const readsWhole = (first: number) => first !== 45; // `-`
    for (const [max, rounds] of sizes) {
      for (let round = 0; round < rounds; round++) {
        const chunks = chunked(output, max, below);
        const calls = recorded(chunks, readsWhole);
        expect(Buffer.concat(calls.map((c) => c.bytes)).equals(output)).toBe(true);
        const whole = calls.filter((c) => c.kind === "line");
        // Lines spanning chunks of 64 KiB or more are put together; short chunks' lines are too, once they span 64 KiB.
        if (max >= 65536) expect(whole.length).toBeGreaterThan(10);
        let at = 0;
        for (const c of calls) {
          if (c.kind === "line") {
            // A whole line: from a line's start to its line break, long, and one the parser reads.
            expect(at === 0 || output[at - 1] === 10).toBe(true);
            expect(c.bytes.indexOf(10)).toBe(c.bytes.length - 1);
            expect(c.bytes.length).toBeGreaterThanOrEqual(WHOLE_FROM);
            expect(readsWhole(c.bytes[0]!)).toBe(true);
          }
          at += c.bytes.length;
        }
      }
    }
  });

  it("holds no line longer than it is told to", () => {
    const most = 100_000;
    const calls = recorded(chunked(output, 65536, below), () => true, most);
    const whole = calls.filter((c) => c.kind === "line");
    expect(whole.length).toBeGreaterThan(0);
    for (const c of whole) expect(c.bytes.length).toBeLessThanOrEqual(most);
    expect(Buffer.concat(calls.map((c) => c.bytes)).equals(output)).toBe(true);
  });
});
