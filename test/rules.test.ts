/**
 * Every rule's examples through the real pipeline with that rule alone (exactly one finding of it),
 * then with the full rule set (it must win its span); every negative example through the full set
 * (no finding). Generated from the rule files: a new rule is tested by being added.
 */
import { describe, expect, it } from "vitest";
import { buildEngine } from "../src/detect/engine.js";
import { runExample } from "../src/rules/check.js";
import { expandFakes } from "../src/rules/examples.js";
import { loadRuleset } from "../src/rules/load.js";

const { ruleset, problems } = loadRuleset();
const engine = buildEngine(ruleset);

describe("rule files", () => {
  it("load without problems", () => {
    expect(problems.map((p) => `${p.file}:${p.line ?? ""} ${p.ruleId ?? ""} ${p.message}`)).toEqual([]);
  });

  it("number at least 150 provider rules with unique ids", () => {
    const provider = ruleset.rules.filter((r) => !r.generic);
    expect(provider.length).toBeGreaterThanOrEqual(150);
    expect(new Set(ruleset.rules.map((r) => r.id)).size).toBe(ruleset.rules.length);
  });
});

ruleset.rules.forEach((rule, index) => {
  describe(`${rule.id}`, () => {
    rule.examples.forEach((template, i) => {
      it(`example ${i + 1} is found`, () => {
        const text = expandFakes(template, `${rule.id}#${i}`);
        const alone = runExample(text, engine, new Set([index]));
        expect(
          alone.map((f) => f.ruleId),
          text,
        ).toEqual([rule.id]);
        const all = runExample(text, engine).filter(
          (f) => f.line === alone[0]!.line && f.column === alone[0]!.column,
        );
        expect(
          all.map((f) => f.ruleId),
          text,
        ).toEqual([rule.id]);
      });
    });
    rule.negativeExamples.forEach((template, i) => {
      it(`negative example ${i + 1} is not reported`, () => {
        const text = expandFakes(template, `${rule.id}!${i}`);
        expect(
          runExample(text, engine).map((f) => f.ruleId),
          text,
        ).toEqual([]);
      });
    });
  });
});
