/**
 * How far a rule's regex reaches: across lines (spansLines: such a rule is matched on the whole text,
 * any other only around its keyword hits), and back from where it starts (farLookbehindFirst: a
 * pattern that looks far behind before it consumes anything is tried at every offset). The two rules
 * that did both (sql-password, mysql-cli-password) made a 4 MB bundle naming `mysql` once take 2.5 s.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runExample } from "../src/rules/check.js";
import { expandFakes } from "../src/rules/examples.js";
import { loadRuleset, splitFlags } from "../src/rules/load.js";
import { farLookbehindFirst, spansLines } from "../src/rules/optimize.js";
import { builtinEngine } from "./helpers.js";

describe("which patterns may match across lines", () => {
  it("reads a line break or a blank run outside negated classes only", () => {
    expect(spansLines("BEGIN[\\s\\S]{64,32000}?END")).toBe(true);
    expect(spansLines("key:\\n\\s{0,8}(\\w+)")).toBe(true);
    expect(spansLines("BEGIN[A-Za-z0-9+/=\\s\\\\]{64,16000}END")).toBe(true);
    // A negated class never matches the line break (or blank) it names.
    expect(spansLines("(?<=mysql[ \\t][^\\n|;&]{0,200})[ \\t]-p(\\S{4,200})")).toBe(false);
    expect(spansLines("key=([^\\s\"']{64,200})")).toBe(false);
    expect(spansLines("'([^'\\n\\\\]{6,200})'")).toBe(false);
    // An escaped backslash before `n` is a backslash and the letter n.
    expect(spansLines("a\\\\n(\\w+)")).toBe(false);
    expect(spansLines("key\\s{0,4}=\\s{0,4}(\\w{20})")).toBe(false);
  });

  it("takes only the private-key rules of the built-in set for multi-line ones", () => {
    const { rules } = loadRuleset([]).ruleset;
    const multi = rules.filter((r) => r.multiline).map((r) => r.id);
    expect(multi.length).toBeGreaterThan(0);
    for (const id of multi) expect(id).toMatch(/^private-keys?-/);
    for (const id of ["sql-password", "mysql-cli-password", "connection-strings-ado-net"])
      expect(rules.find((r) => r.id === id)?.multiline).toBe(false);
  });

  it("finds a one-line rule's secret in a long one-line text, by the lines around its keyword", () => {
    const engine = builtinEngine();
    const filler = (n: number) =>
      Array.from({ length: n }, (_, i) => `var v${i}=function(a){return a.k${i}};`).join("");
    const cases: [string, string][] = [
      [
        "mysql-cli-password",
        `mysql -h db.internal -u root -p${expandFakes("{{fake::alnum:16}}", "reach-1")} app`,
      ],
      [
        "sql-password",
        `CREATE USER 'app'@'%' IDENTIFIED BY '${expandFakes("{{fake::alnum:20}}", "reach-2")}';`,
      ],
    ];
    for (const [id, statement] of cases) {
      // 80,000 characters before and after, on the same line: far past the whole-text size (16 KiB).
      const text = `${filler(2500)}run("${statement}");${filler(2500)}`;
      const found = runExample(text, engine).filter((f) => f.ruleId === id);
      expect([id, found.length]).toEqual([id, 1]);
    }
  });
});

describe("patterns that look far behind before they consume", () => {
  it("are told apart from short or later look-behinds", () => {
    expect(farLookbehindFirst("(?<=\\bmysql[ \\t][^\\n]{0,200})[ \\t]-p(\\S+)")).toBe(
      "(?<=\\bmysql[ \\t][^\\n]{0,200})",
    );
    expect(farLookbehindFirst("\\b(?=x)(?<!jdbc:.*)pwd=(\\S+)")).toBe("(?<!jdbc:.*)");
    // One character back, a bounded few, or a class holding `*`: cheap.
    expect(farLookbehindFirst("(?<![A-Za-z0-9_])(tok_[a-z]{20})")).toBeUndefined();
    expect(farLookbehindFirst("(?<=key[ \\t]{0,4})=(\\w+)")).toBeUndefined();
    expect(farLookbehindFirst("(?<=[*+])x(\\w+)")).toBeUndefined();
    // After the first consumed character, a look-behind runs only where the match can start.
    expect(farLookbehindFirst("[ \\t](?=-p)(?<=mysql[^\\n]{0,200}[ \\t])-p(\\S+)")).toBeUndefined();
  });

  it("none is left among the built-in rules", () => {
    for (const rule of loadRuleset([]).ruleset.rules)
      expect([rule.id, farLookbehindFirst(splitFlags(rule.pattern).source)]).toEqual([rule.id, undefined]);
  });

  /** Every match of `re` in `s`: where it starts, its text and its secret. */
  const matches = (re: RegExp, s: string) => [...s.matchAll(re)].map((m) => [m.index, m[0], m[1]]);

  /**
   * Texts of one to three statements, each made of one choice from every list of `parts` in turn
   * (near misses among them): the rewritten rule must match exactly where the authored one did.
   */
  function sameMatches(id: string, authored: string, flags: string, parts: string[][]): void {
    const rule = loadRuleset([]).ruleset.byId.get(id)!;
    const now = new RegExp(splitFlags(rule.pattern).source, `g${flags}`);
    const before = new RegExp(authored, `g${flags}`);
    const statement = fc.tuple(...parts.map((p) => fc.constantFrom(...p))).map((t) => t.join(""));
    let hits = 0;
    let misses = 0;
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 3 }), (texts) => {
        const s = texts.join("");
        const want = matches(before, s);
        if (want.length) hits++;
        else misses++;
        expect(matches(now, s)).toEqual(want);
      }),
      { numRuns: 3000 },
    );
    // The drawn texts hold matches and misses both.
    expect([hits > 100, misses > 100]).toEqual([true, true]);
  }

  const noise = ["", "x ", "; ", "\n", "echo | "];
  const blank = [" ", "\t", "  ", "", "\n"];

  it("the MySQL command line's pattern, consuming first, matches what it matched before", () => {
    sameMatches(
      "mysql-cli-password",
      "(?<=\\b(?:mysql|mariadb)[\\w-]{0,10}[ \\t][^\\n|;&]{0,200})[ \\t](?:-p|--password=)[\"']?([^\\s\"'$`]{4,200})",
      "",
      [
        noise,
        ["mysql", "mariadb", "mysqldump", "mariadb-dump", "xmysql", "MySQL", "mysql_client_tool"],
        blank,
        ["", "-u root ", "-h db | ", "-h db; ", "& ", "-u root -h db.internal "],
        blank,
        ["-p", "--password=", "-P", "--pass=", "- p"],
        ["", "'", '"'],
        ["s3cr3tpw", "abc", "$PW", "s3cr3t pw", "`pw`", "s3cr3tpw'"],
        noise,
      ],
    );
  });

  it("the SQL statement's pattern, consuming first, matches what it matched before", () => {
    sameMatches(
      "sql-password",
      "(?<=\\b(?:create|alter)[ \\t]{1,4}(?:user|role|login)[ \\t][^;\\n]{0,200})[ \\t](?:identified[ \\t]{1,4}by|password)(?:[ \\t]{0,4}=)?[ \\t]{0,4}'([^'\\n\\\\]{6,200})'",
      "i",
      [
        noise,
        ["CREATE", "alter", "Create", "ALTER", "drop", "xcreate"],
        [" ", "\t", "  ", " ", "\n"],
        ["user", "ROLE", "login", "USER", "table"],
        [" ", "\t", " ", "\n"],
        ["", "'app'@'%' ", "app ", "app; ", "with ", "app WITH ENCRYPTED "],
        [" ", "\t", " ", "", "\n"],
        ["IDENTIFIED BY", "identified  by", "password", "PASSWORD", "identifiedby", "identified\nby"],
        ["", " =", "= ", "=="],
        ["", " ", "\t"],
        [
          "'s3cr3tpw'",
          "'s3cr3tpw'",
          "'pa55w0rd!'",
          "'abc'",
          "'s3c\\r3tpw'",
          "'has\nnl'",
          "s3cr3tpw",
          "'s3cr3tpw",
        ],
        noise,
      ],
    );
  });
});
