/** V8's tier-up pace around large texts: set only where the command line raised the budget. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { expandFakes } from "../src/rules/examples.js";
import { commitAll, initRepo, tempTree } from "./cli-helpers.js";

const flags: string[] = [];
vi.mock("node:v8", async (importOriginal) => ({
  ...(await importOriginal<typeof import("node:v8")>()),
  setFlagsFromString: (f: string) => flags.push(f),
}));

type TierUp = typeof import("../src/util/tier-up.js");
const mark = Symbol.for("agent-secrets.tuned-v8");
const globals = globalThis as Record<symbol, unknown>;

/** A fresh copy of the module (its state is per run), with the run's budget raised or not. */
async function fresh(tuned: boolean): Promise<TierUp> {
  vi.resetModules();
  if (tuned) globals[mark] = true;
  else delete globals[mark];
  return import("../src/util/tier-up.js");
}

describe("tier-up", () => {
  beforeEach(() => {
    flags.length = 0;
  });
  afterEach(() => {
    delete globals[mark];
  });

  it("gives a large text V8's own budget and the run's back after it", async () => {
    const t = await fresh(true);
    const big = t.LARGE_TEXT;
    expect(t.tierUp(big - 1)).toBe(false);
    expect(flags).toEqual([]);
    const changed = t.tierUp(big);
    expect(changed).toBe(true);
    // Inside it, another large text changes nothing (and so restores nothing).
    expect(t.tierUp(big * 2)).toBe(false);
    t.tierDown(false);
    t.tierDown(changed);
    expect(flags).toEqual(["--interrupt-budget=67584", `--interrupt-budget=${t.TUNED_BUDGET}`]);
    expect(t.TUNED_BUDGET).toBe(16 * 67584);
  });

  it("never touches V8's flags where the run's budget was not raised (the library, a worker)", async () => {
    const t = await fresh(false);
    t.tierDown(t.tierUp(t.LARGE_TEXT * 4));
    t.historyAdds(t.LARGE_TEXT * 4);
    expect(flags).toEqual([]);
  });

  it("keeps V8's budget for the rest of a history whose added lines are mostly large texts", async () => {
    const t = await fresh(true);
    t.historyAdds(100);
    expect(flags).toEqual([]);
    t.historyAdds(t.LARGE_TEXT);
    t.historyAdds(t.LARGE_TEXT);
    // A large file scanned after it leaves the budget as it is.
    t.tierDown(t.tierUp(t.LARGE_TEXT));
    expect(flags).toEqual(["--interrupt-budget=67584"]);
  });

  it("leaves it raised for a large file among a history's many short ones", async () => {
    const t = await fresh(true);
    for (let i = 0; i < 1000; i++) t.historyAdds(4000);
    t.historyAdds(t.LARGE_TEXT * 2);
    expect(flags).toEqual([]);
    // Until large texts are half of what it added (4,000,000 short characters, 2 MiB large so far).
    t.historyAdds(t.LARGE_TEXT);
    expect(flags).toEqual([]);
    t.historyAdds(t.LARGE_TEXT);
    expect(flags).toEqual(["--interrupt-budget=67584"]);
  });

  it("gives a YAML text V8's own budget whatever its length, and no other format", async () => {
    const t = await fresh(true);
    for (const format of [undefined, "json", "jsonc", "toml", "dotenv"])
      expect(t.tierUpFor(format)).toBe(false);
    expect(flags).toEqual([]);
    const changed = t.tierUpFor("yaml");
    expect(changed).toBe(true);
    t.tierDown(changed);
    expect(flags).toEqual(["--interrupt-budget=67584", `--interrupt-budget=${t.TUNED_BUDGET}`]);
    // Untuned (the library, a worker): nothing.
    const u = await fresh(false);
    flags.length = 0;
    u.tierDown(u.tierUpFor("yaml"));
    expect(flags).toEqual([]);
  });

  it("annotates a YAML file of a tree or of a commit under V8's own budget, then raises it again", async () => {
    await fresh(true);
    const { scan } = await import("../src/scan.js");
    const dir = tempTree({
      ".github/workflows/ci.yml": `env:\n  API_TOKEN: ${expandFakes("{{fake:ghp_:alnum:36:crc32}}", "tier")}\n`,
      "package.json": '{ "name": "x" }\n',
      "main.ts": "export const x = 1;\n",
    });
    initRepo(dir);
    commitAll(dir, "add");
    // The token leaves the tree: the commit that added it is read whole, as YAML (a CI workflow's
    // added lines are read in their file).
    writeFileSync(join(dir, ".github/workflows/ci.yml"), "env:\n  API_TOKEN: from-the-vault\n");
    commitAll(dir, "remove the token");
    const report = await scan({ paths: [dir], history: true, includeDeps: false, rulesDirs: [], threads: 1 });
    expect(report.findings.map((f) => [f.ruleId, f.exposure])).toEqual([["github-pat", "history"]]);
    // Each YAML text (the tree's, each commit's) lowered the budget and raised it again.
    const pair = ["--interrupt-budget=67584", "--interrupt-budget=1081344"];
    expect(flags).toEqual([...pair, ...pair, ...pair]);
  });

  it("makes feedback vectors at first call for a warm-up only, and only where the budget was raised", async () => {
    const t = await fresh(true);
    const seen: string[][] = [];
    t.withEagerFeedback(() => seen.push([...flags]));
    expect(seen).toEqual([["--no-lazy-feedback-allocation"]]);
    expect(flags).toEqual(["--no-lazy-feedback-allocation", "--lazy-feedback-allocation"]);
    // A warm-up that throws still gives V8 its lazy allocation back.
    flags.length = 0;
    expect(() =>
      t.withEagerFeedback(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(flags).toEqual(["--no-lazy-feedback-allocation", "--lazy-feedback-allocation"]);
    // Untuned (the library, a worker): the warm-up runs, no flag moves.
    const u = await fresh(false);
    flags.length = 0;
    let ran = false;
    u.withEagerFeedback(() => {
      ran = true;
    });
    expect([ran, flags]).toEqual([true, []]);
  });

  it("warms the YAML path up with eager feedback once, before a tree's first YAML file", async () => {
    await fresh(true);
    const { scan } = await import("../src/scan.js");
    const { WARM_YAML_FILES } = await import("../src/scan-file.js");
    const files: Record<string, string> = { "main.ts": "export const x = 1;\n" };
    for (let i = 0; i < WARM_YAML_FILES; i++) files[`deploy/app${i}.yaml`] = `name: app${i}\nreplicas: 2\n`;
    await scan({ paths: [tempTree(files)], history: false, includeDeps: false, rulesDirs: [], threads: 1 });
    const eager = flags.filter((f) => f.includes("lazy-feedback"));
    expect(eager).toEqual(["--no-lazy-feedback-allocation", "--lazy-feedback-allocation"]);
    // The warm-up ran inside the first YAML file's lowered budget: before its annotation.
    expect(flags.slice(0, 3)).toEqual([
      "--interrupt-budget=67584",
      "--no-lazy-feedback-allocation",
      "--lazy-feedback-allocation",
    ]);
  });

  it("keeps it too when the history's large text comes inside a large file's scan", async () => {
    const t = await fresh(true);
    const changed = t.tierUp(t.LARGE_TEXT);
    t.historyAdds(t.LARGE_TEXT);
    t.tierDown(changed);
    expect(flags).toEqual(["--interrupt-budget=67584"]);
  });
});
