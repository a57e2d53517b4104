/**
 * The reading thread and the main thread share one claim counter: every file is handled exactly once,
 * by one of them, and what the reading thread hands over (text, diagnostics, the plan of its keyword
 * hits) is exactly what the main thread would have found itself. A reading thread that cannot help
 * leaves it all here.
 */

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hitTables, planMany } from "../src/detect/hit-plan.js";
import { KeywordMatcher } from "../src/detect/prefilter.js";
import { type ReadResult, readFileSafe } from "../src/sources/read.js";
import { tempTree } from "./cli-helpers.js";
import { mkfifoSync } from "./fifo.js";

// The thread entry exists as JavaScript only in dist/ (built before the tests run).
const { readAhead } = (await import(
  new URL("../dist/sources/read-ahead.js", import.meta.url).href
)) as typeof import("../src/sources/read-ahead.js");

const matcher = new KeywordMatcher(["token", "key", "ghp_", "://"]);

function tree(n: number): { dir: string; paths: string[] } {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    files[`d${i % 13}/f${i}.txt`] =
      i % 3 === 0
        ? `api_key = "k${i}" // token ${"x".repeat(i)}\nends with a token\n`
        : `plain ${i}\n${"é".repeat(i % 5)}`;
  files["binary.bin"] = "\u0000\u0001";
  const dir = tempTree(files, "ahead");
  writeFileSync(join(dir, "big.txt"), `${"a".repeat(300_000)} token\n`);
  mkfifoSync(join(dir, "pipe"));
  return { dir, paths: [...Object.keys(files), "big.txt", "pipe", "missing.txt"] };
}

/** Stands in for detection time on the main thread, so the reading thread gets its share. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Rules for the four keywords: rule 0 keyed ("token", "key"), rule 1 anchored on "ghp_", rule 2 on
 * "://" and "token".
 */
const tables = hitTables(matcher.keywords, [[0, 2], [0], [1], [2]], [1, 1, 0, 0], [0, 0, 0, 0], 3);

async function runAll(dir: string, paths: string[], m: KeywordMatcher, blobIds = false) {
  const seen = new Map<number, { res: ReadResult; plan?: Int32Array; here: boolean }>();
  let twice = 0;
  let fromThread = 0;
  const started = Date.now();
  const job = {
    dir,
    realRoot: dir,
    maxBytes: 10_000_000,
    paths,
    tables,
    blobIds,
  };
  await readAhead(
    job,
    m,
    (i, res, plan) => {
      fromThread++;
      if (seen.has(i)) twice++;
      seen.set(i, { res, plan, here: false });
    },
    (from, to) => {
      // Until the thread has delivered once (it may start slowly on a busy machine), wait longer.
      pause(fromThread === 0 && Date.now() - started < 5000 ? 20 : 2);
      for (let i = from; i < to; i++) {
        if (seen.has(i)) twice++;
        // A path that is not a string (the crash test below) is only recorded here.
        const res =
          typeof paths[i] === "string"
            ? readFileSafe(dir, paths[i]!, job.maxBytes, dir, false, blobIds)
            : ({ ok: false } as ReadResult);
        seen.set(i, { res, here: true });
      }
    },
  );
  return { seen, twice };
}

/** The plan of a text's hits, as the main thread makes it. */
function planned(text: string): Int32Array {
  const hits = matcher.scanHits(text);
  return planMany([text], hits, Int32Array.from([0, hits.length]), tables).plans;
}

describe("reading thread", () => {
  it("hands every file over exactly once, read as the main thread reads it, with its hits planned", async () => {
    const { dir, paths } = tree(700);
    const { seen, twice } = await runAll(dir, paths, matcher);
    expect(twice).toBe(0);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(paths.map((_, i) => i));
    let fromThread = 0;
    for (const [i, got] of seen) {
      expect(got.res, paths[i]).toEqual(readFileSafe(dir, paths[i]!, 10_000_000, dir));
      if (got.here) continue;
      fromThread++;
      if (got.res.ok) expect(got.plan).toEqual(planned(got.res.text));
    }
    expect(fromThread).toBeGreaterThan(0);
  });

  it("gives each plain file's blob id when asked for (a full scan's tree copies), and none to parsed files", async () => {
    const { dir, paths } = tree(500);
    writeFileSync(join(dir, "conf.yaml"), "a: 1\n");
    writeFileSync(join(dir, "conf.json"), '{"a": 1}\n');
    const all = [...paths, "conf.yaml", "conf.json"];
    const { seen, twice } = await runAll(dir, all, matcher, true);
    expect(twice).toBe(0);
    let ids = 0;
    for (const [i, got] of seen) {
      expect(got.res, all[i]).toEqual(readFileSafe(dir, all[i]!, 10_000_000, dir, false, true));
      if (!got.here && got.res.ok && got.res.blob !== undefined) ids++;
    }
    expect(ids).toBeGreaterThan(0);
    for (const name of ["conf.yaml", "conf.json"]) {
      const res = readFileSafe(dir, name, 10_000_000, dir, false, true);
      expect(res.ok && res.blob, name).toBeUndefined();
    }
    const txt = readFileSafe(dir, "d1/f1.txt", 10_000_000, dir, false, true);
    expect(txt.ok && txt.blob).toMatch(/^[0-9a-f]{40}$/);
  });

  it("plans each file's hits: its rules' hits, and windows where a keyed keyword's value follows", async () => {
    const { dir, paths } = tree(400);
    const { seen } = await runAll(dir, paths, matcher);
    let keyedFiles = 0;
    for (const got of seen.values()) {
      if (got.here || !got.res.ok || !got.res.text.startsWith("api_key")) continue;
      // `api_key = …` opens a window on the first line; a bare `token` at a line's end opens none.
      keyedFiles++;
      const plan = got.plan!;
      const rules = plan[0]!;
      let at = 1 + 2 * rules;
      for (let r = 0; r < rules; r++) at += plan[2 + 2 * r]!;
      expect(plan[at]).toBe(1);
      expect([plan[at + 1], plan[at + 2]]).toEqual([0, got.res.text.indexOf("\n")]);
    }
    expect(keyedFiles).toBeGreaterThan(0);
  });

  it("hands the batch it was reading back to the main thread when it fails mid-batch", async () => {
    const { dir, paths } = tree(300);
    // From index 100 on, every 20th path is a number: join() throws on it in the reading thread,
    // which then dies inside the first batch it claims past that point (its batches are 32 files).
    const hostile = paths.map((p, i) => (i >= 100 && i % 20 === 0 ? (i as unknown as string) : p));
    const { seen, twice } = await runAll(dir, hostile, matcher);
    expect(twice).toBe(0);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(hostile.map((_, i) => i));
    for (const [i, got] of seen) if (typeof hostile[i] !== "string") expect(got.here).toBe(true);
  });

  it("leaves everything to the main thread when its automaton is for other keywords", async () => {
    const { dir, paths } = tree(120);
    // Its automaton (serialize) was built for the four keywords, not for the one it is sent with.
    const stale = Object.assign(Object.create(KeywordMatcher.prototype), matcher, {
      keywords: ["other"],
      serialize: () => matcher.serialize(),
    }) as KeywordMatcher;
    expect(KeywordMatcher.deserialize(stale.keywords, stale.serialize())).toBeUndefined();
    const { seen, twice } = await runAll(dir, paths, stale);
    expect(twice).toBe(0);
    expect(seen.size).toBe(paths.length);
    expect([...seen.values()].every((s) => s.here)).toBe(true);
  });
});
