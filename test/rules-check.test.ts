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

describe("regex fragments (global.yaml `fragments`)", () => {
  /** Loads one rule with `key` and `pattern` from a folder of its own, with the built-in fragments. */
  function load(key: string, pattern = "(\\S{8,200})") {
    const rule = [
      "provider: test-fragments",
      "name: Test",
      "rules:",
      "  - id: test-fragments",
      "    name: Test",
      "    severity: low",
      "    confidence: low",
      `    key: '${key}'`,
      `    pattern: '${pattern}'`,
      "    keywords: [zqx]",
      "    playbook: generic-secret",
      "    description: A rule for the fragments' test.",
      "    examples: ['zqx_pass = zqx9value']",
      "    negative_examples: ['nothing here']",
    ].join("\n");
    const dir = tempTree({ "test-fragments.yaml": `${rule}\n` }, "fragments");
    return loadRuleFiles(dir, dir);
  }

  it("puts a named fragment in a rule's key test, and the password names in the built-in lists", () => {
    const { rules, problems } = load("zqx_(?&password_name)");
    expect(problems).toEqual([]);
    const key = rules[0]!.key!;
    for (const name of ["zqx_password", "zqx_passwd", "zqx_userpassword", "zqx_bindpw", "zqx_storepass"])
      expect(key.test(name), name).toBe(true);
    expect(key.test("zqx_token")).toBe(false);
    const g = loadGlobal().global;
    for (const name of ["db_password2", "ldap_bindpw", "keypass", "admin_pwd"]) {
      expect(g.passwordKey.test(name), name).toBe(true);
      expect(g.secretKey.test(name), name).toBe(true);
    }
    expect(g.passwordKey.test("api_token")).toBe(false);
    expect(g.secretKey.test("api_token")).toBe(true);
  });

  it("reports a fragment no global.yaml names, and one in a pattern, as errors of that rule", () => {
    const unknown = load("zqx_(?&no_such_words)").problems;
    expect(unknown.map((p) => [p.level, p.ruleId, p.message])).toEqual([
      [
        "error",
        "test-fragments",
        expect.stringMatching(/names no fragment .*password_name.*: no_such_words$/),
      ],
    ]);
    const inPattern = load("zqx_pass", "zqx_(?&password_name)=(\\S{8,200})").problems;
    expect(inPattern.map((p) => p.message)).toEqual([
      "`pattern` cannot name a fragment (`(?&name)`); only `key` can",
    ]);
  });

  it("reads a folder's own global.yaml fragments into its key-name lists, and reports an unknown one", () => {
    const dir = tempTree(
      {
        "global.yaml": [
          "fragments:",
          "  deploy_words: 'deploy_(?:token|key)'",
          "secret_key: '(?:^|_)(?&deploy_words)(?:_|$)'",
          "password_key: '(?:^|_)(?&missing)(?:_|$)'",
        ].join("\n"),
      },
      "global-fragments",
    );
    const { global, problems } = loadGlobal(dir);
    expect(global.secretKey.test("ci_deploy_token")).toBe(true);
    expect(global.secretKey.test("ci_token")).toBe(false);
    expect(problems.map((p) => [p.level, p.message])).toEqual([
      ["error", expect.stringMatching(/`password_key` names no fragment .*deploy_words.*: missing$/)],
    ]);
    expect(global.passwordKey.test("password")).toBe(true); // the fallback
  });
});
