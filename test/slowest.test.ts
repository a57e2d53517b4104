/** `--debug` lists the slowest files to scan (ScanOptions.timings, stats.slowest). */
import { describe, expect, it } from "vitest";
import { scan } from "../src/scan.js";
import { keepSlow, SLOWEST } from "../src/slowest.js";
import type { SlowFile } from "../src/types.js";
import { cli, commitAll, initRepo, tempTree } from "./cli-helpers.js";

const file = (path: string, ms: number): SlowFile => ({ path, ms, bytes: 1 });

/** A tree of `n` short files and one long, keyword-dense one with nothing to find. */
function treeWithALongFile(n: number): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`src/f${i}.ts`] = `export const v${i} = ${i};\n`;
  files["data/long.ts"] = Array.from(
    { length: 20_000 },
    (_, i) => `const tokenCount${i} = countTokens(input${i}, { secretKey: keyOf(row${i}) });`,
  ).join("\n");
  return tempTree(files);
}

describe("slowest files", () => {
  it("keeps the slowest few, slowest first", () => {
    const list: SlowFile[] = [];
    for (const [i, ms] of [3, 9, 1, 7, 5, 8, 2, 6].entries()) keepSlow(list, file(`f${i}`, ms));
    expect(list.map((f) => f.ms)).toEqual([9, 8, 7, 6, 5]);
    expect(list).toHaveLength(SLOWEST);
    keepSlow(list, file("tie", 5)); // no faster than the last kept: left out
    expect(list.map((f) => f.path)).not.toContain("tie");
  });

  it("times a tree's files through the library when asked, and not otherwise", async () => {
    const dir = treeWithALongFile(6);
    const opts = { paths: [dir], history: false, includeDeps: false, rulesDirs: [] };
    expect((await scan(opts)).stats.slowest).toBeUndefined();
    const slowest = (await scan({ ...opts, timings: true })).stats.slowest!;
    expect(slowest).toHaveLength(SLOWEST);
    expect(slowest[0]).toMatchObject({ path: "data/long.ts" });
  });

  // Each way a tree is read and scanned: the main thread alone, a reading thread feeding it, a worker
  // beside it. The long file (1.5 MB of calls that name tokens and keys) takes longest in each.
  for (const [label, threads, reader] of [
    ["on the main thread", "1", "0"],
    ["read ahead by the reading thread", undefined, "1"],
    ["with a worker thread", "2", "0"],
  ] as const) {
    it(`lists the slowest files ${label}`, () => {
      const dir = treeWithALongFile(450);
      const args = [
        "scan",
        dir,
        "--no-history",
        "-f",
        "json",
        "--debug",
        ...(threads ? ["--threads", threads] : []),
      ];
      const r = cli(args, process.cwd(), { AGENT_SECRETS_READER: reader });
      const slowest = JSON.parse(r.stdout).stats.slowest as SlowFile[];
      expect(slowest).toHaveLength(SLOWEST);
      const ms = slowest.map((f) => f.ms);
      expect(ms).toEqual([...ms].sort((a, b) => b - a));
      expect(slowest[0]).toMatchObject({ path: "data/long.ts" });
      expect(slowest[0]!.bytes).toBeGreaterThan(1_500_000);
    });
  }

  // A history's blocks (a commit's added lines of a file) on the main thread, and in workers.
  for (const threads of ["1", "3"]) {
    it(`names a history block's commit (--threads ${threads})`, () => {
      const dir = treeWithALongFile(3);
      initRepo(dir);
      const sha = commitAll(dir, "add");
      const full = cli(["scan", dir, "-f", "json", "--debug", "--threads", threads]);
      const slowest = JSON.parse(full.stdout).stats.slowest as SlowFile[];
      const block = slowest.find((f) => f.commit !== undefined);
      expect(block).toMatchObject({ path: "data/long.ts", commit: sha });
      // The tree's copy is listed too, without a commit.
      expect(slowest.filter((f) => f.path === "data/long.ts" && f.commit === undefined)).toHaveLength(1);
    });
  }

  it("prints them under --debug, and not without it", () => {
    const dir = treeWithALongFile(3);
    const plain = cli(["scan", dir, "--no-history"]);
    expect(plain.stderr).not.toContain("slowest files");
    const debug = cli(["scan", dir, "--no-history", "--debug"]);
    expect(debug.stderr).toMatch(/slowest files to scan:\n +\d+\.\d ms {2}data\/long\.ts \(\d+\.\d MiB\)\n/);
  });
});
