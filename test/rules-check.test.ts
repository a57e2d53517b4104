import { afterAll, describe, expect, it } from "vitest";
import { runRulesCheck } from "../src/commands/rules.js";
import { checkRuleset } from "../src/rules/check.js";
import { loadGlobal, loadRuleFiles } from "../src/rules/load.js";
import { removeTempDirs, tempTree } from "./cli-helpers.js";

afterAll(removeTempDirs);

describe("rules check on the built-in rules", () => {
  it("reports no errors and no warnings (examples, negatives, schema, backtracking, look-behinds)", () => {
    const res = runRulesCheck([], false);
    const problems = res.output.split("\n").filter((l) => l.startsWith("error") || l.startsWith("warning"));
    expect(problems).toEqual([]);
    expect(res.ok).toBe(true);
  }, 180_000);
});

/** The check's verdicts about `topic` on a rule with this key (or pattern) regex. */
function verdicts(field: "key" | "pattern", regex: string, topic: string): string[] {
  const rule = [
    "provider: test-redos",
    "name: Test",
    "rules:",
    "  - id: test-redos",
    "    name: Test",
    "    severity: low",
    "    confidence: low",
    field === "key" ? `    key: '${regex}'\n    pattern: '(\\S{8,200})'` : `    pattern: '${regex}'`,
    "    keywords: [zqx]",
    "    playbook: generic-secret",
    "    description: A rule for the check's test.",
    "    examples: ['zqx_pass = zqx9value']",
    "    negative_examples: ['nothing here']",
  ].join("\n");
  const dir = tempTree({ "test-redos.yaml": `${rule}\n` }, "redos");
  const { rules, problems } = loadRuleFiles(dir, dir);
  expect(problems).toEqual([]);
  const ruleset = { rules, byId: new Map(rules.map((r) => [r.id, r])), global: loadGlobal().global };
  return checkRuleset(ruleset)
    .filter((p) => p.message.includes(topic))
    .map((p) => `${p.level} ${p.message}`);
}

describe("the backtracking analysis", () => {
  const check = (field: "key" | "pattern", regex: string) => verdicts(field, regex, "backtrack");

  it("reports a regex that backtracks without bound as an error", () => {
    expect(check("pattern", "zqx (a+)+b")).toEqual([expect.stringMatching(/^error .*unbounded/)]);
    // Its analysis takes about 450 ms here: a time limit of 500 ms let it pass, now and then, as a warning.
    expect(check("pattern", "zqx (\\w+\\s?)+$")).toEqual([expect.stringMatching(/^error .*unbounded/)]);
  });

  it("gives the same verdict however fast the machine is: it counts steps, not time", () => {
    // generic-password's former key regex: its analysis ends near 500 ms on a fast machine, where a
    // time limit of 500 ms made it an error on some runs and a warning on others.
    const former =
      "(?:[a-z0-9]{1,40}_){0,4}(?:[a-z]{0,8}(?:password|passwd|passwrd|pwd|passphrase)|pass)(?:_[a-z0-9]{1,40}){0,4}";
    const first = check("key", former);
    expect(first).toEqual([expect.stringMatching(/^error .*unbounded/)]);
    expect(check("key", former)).toEqual(first);
  }, 60_000);
});

describe("the look-behind check", () => {
  it("warns of a pattern that looks far behind before it consumes anything, and of no other", () => {
    const far = verdicts("pattern", "(?<=zqx[^\\n]{0,200})_pass = (\\w{8,20})", "look-behind");
    expect(far).toEqual([expect.stringMatching(/^warning pattern starts with a far-reaching look-behind/)]);
    expect(verdicts("pattern", "_pass = (?<=zqx[^\\n]{0,200}_pass = )(\\w{8,20})", "look-behind")).toEqual(
      [],
    );
    expect(verdicts("pattern", "(?<![A-Za-z])zqx_pass = (\\w{8,20})", "look-behind")).toEqual([]);
  });
});

describe("the key-name lists of global.yaml", () => {
  it("match normalized names, case-blind only when a list is written with capitals", () => {
    const builtin = loadGlobal().global;
    expect(builtin.notSecretKey.flags).not.toContain("i");
    expect(builtin.notSecretKey.test("key_id")).toBe(true);
    expect(builtin.secretKey.test("api_key")).toBe(true);
    // A list with capitals still matches the lower-case names it is asked about.
    const dir = tempTree({ "global.yaml": "secret_key: '(?:^|_)API_TOKEN(?:_|$)'\n" }, "global");
    const own = loadGlobal(dir).global;
    expect(own.secretKey.flags).toContain("i");
    expect(own.secretKey.test("deploy_api_token")).toBe(true);
  });
});
