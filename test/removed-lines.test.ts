/**
 * What a history's pump thread passes on of git's output: every byte but the removed lines that cross
 * a chunk's end, and what the diff parser makes of that is what it makes of the whole output.
 */
import { describe, expect, it } from "vitest";
import { RemovedLineCut } from "../src/sources/removed-lines.js";
import { chunked, commitHeader, parsedAsScanned, seededBelow } from "./helpers.js";

/**
 * A `git log -p -U0` output: commits that rewrite one-line files (removed and added lines of 5-40 KB,
 * with multi-byte characters), edit code in hunks with removed and note lines, and a last removed line
 * without a line break.
 */
function history(below: (n: number) => number): Buffer {
  const parts: string[] = [];
  const long = (tag: string) =>
    Array.from({ length: 100 + below(700) }, (_, i) => `${tag}${i}é€😀x`.repeat(3)).join("");
  for (let c = 0; c < 20; c++) {
    parts.push(commitHeader(c.toString(16).padStart(40, "0"), `c${c}`), "");
    parts.push("diff --git a/dist/app.js b/dist/app.js", "--- a/dist/app.js", "+++ b/dist/app.js");
    parts.push("@@ -1 +1 @@", `-${long(`old${c}`)}`, `+${long(`new${c}`)}`);
    parts.push("diff --git a/src/a.ts b/src/a.ts", `--- a/src/a.ts`, `+++ b/src/a.ts`);
    for (let h = 0; h < 5; h++) {
      parts.push(`@@ -${h * 10},2 +${h * 12},3 @@`, `-gone ${c}.${h}`, `--- looks like a header ${c}.${h}`);
      if (below(10) < 3) parts.push("\\ No newline at end of file");
      for (let i = 0; i < 1 + below(4); i++) parts.push(`+line ${c}.${h}.${i} ñ`);
    }
  }
  parts.push("@@ -1 +1 @@", "+last added", `-${long("end")}`);
  return Buffer.from(parts.join("\n"));
}

describe("RemovedLineCut", () => {
  it("passes on whole lines, leaves out only removed ones, and every removed line longer than a chunk", () => {
    const below = seededBelow(5);
    const output = history(below);
    const lines = output.toString("latin1").split("\n");
    const expected = parsedAsScanned([output]).blocks;
    expect(expected.length).toBe(40);
    for (const [max, rounds] of [
      [13, 1],
      [300, 2],
      [4096, 3],
      [65536, 3],
    ] as const) {
      for (let round = 0; round < rounds; round++) {
        const chunks = chunked(output, max, below);
        const cut = new RemovedLineCut();
        const kept = chunks.map((c) => {
          const [from, to] = cut.keep(c);
          expect(0 <= from && from <= to && to <= c.length).toBe(true);
          return c.subarray(from, to);
        });
        // The parser makes the same blocks of what is passed on.
        expect(parsedAsScanned(kept).blocks).toEqual(expected);
        // What is passed on is the output less some of its lines, each a removed one (`-`).
        const left = Buffer.concat(kept).toString("latin1").split("\n");
        // The output's last line, a removed one without a line break, is left out after the break before it.
        if (left.at(-1) === "" && lines.at(-1) !== "") left.pop();
        let i = 0;
        for (const line of lines) {
          if (i < left.length && left[i] === line) i++;
          else expect(line.startsWith("-")).toBe(true);
        }
        expect(i).toBe(left.length);
        // No removed line longer than the largest chunk is left.
        for (const line of left) if (line.startsWith("-")) expect(line.length).toBeLessThan(max);
        // Every one-line rewrite (over 4.8 KB) is longer than these chunks: all 21 old lines are gone.
        if (max === 4096) expect(left.length).toBeLessThanOrEqual(lines.length - 21);
      }
    }
  });

  it("passes on every byte of an output without removed lines", () => {
    const below = seededBelow(9);
    const output = Buffer.from(
      Array.from({ length: 3000 }, (_, i) => (i % 500 === 0 ? `+${"k".repeat(9000)}` : ` ctx ${i}`)).join(
        "\n",
      ),
    );
    const cut = new RemovedLineCut();
    const kept = chunked(output, 300, below).map((c) => {
      const [from, to] = cut.keep(c);
      return c.subarray(from, to);
    });
    expect(Buffer.concat(kept).equals(output)).toBe(true);
  });
});
