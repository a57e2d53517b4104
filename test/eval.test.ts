/**
 * Precision and recall on the labelled corpus in fixtures/eval (agent configs for many clients,
 * instruction files, .env, code, infra, notebooks; realistic fakes and many decoys). A regression
 * guard: the numbers are printed by `node scripts/eval.js`.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

describe("labelled corpus", () => {
  it("keeps recall and precision at or above 0.97", () => {
    const r = spawnSync(process.execPath, [resolve(__dirname, "../scripts/eval.js")], { encoding: "utf8" });
    const last = r.stdout.trim().split("\n").pop()!;
    const score = JSON.parse(last) as { recall: number; precision: number; labelErrors: number };
    expect(score.labelErrors).toBe(0);
    expect(score.recall, r.stdout).toBeGreaterThanOrEqual(0.97);
    expect(score.precision, r.stdout).toBeGreaterThanOrEqual(0.97);
  }, 120_000);
});
