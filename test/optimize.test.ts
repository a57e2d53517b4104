/** Rule regexes rewritten for speed capture exactly what the authored patterns capture. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandFakes } from "../src/rules/examples.js";
import { BUILTIN_RULES_DIR, loadRuleset, parseYamlFile, splitFlags } from "../src/rules/load.js";
import { matchPrefix, optimizePattern } from "../src/rules/optimize.js";
import { validateProviderFile } from "../src/rules/schema.js";

function captures(source: string, flags: string, text: string): string[] {
  const re = new RegExp(source, `dg${flags}`);
  const out: string[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    const span = m.indices?.[1];
    if (span) out.push(`${span[0]}-${span[1]}:${m[1]}`);
  }
  return out;
}

describe("rule pattern rewrites", () => {
  it("turns a boundary alternation into a lookbehind and a lookahead capture into a plain one", () => {
    expect(optimizePattern("(?:^|[^A-Za-z0-9_])(?=(tok_[A-Za-z0-9]{20})(?![A-Za-z0-9_]))tok_")).toBe(
      "(?<![A-Za-z0-9_])(tok_[A-Za-z0-9]{20})(?![A-Za-z0-9_])",
    );
    expect(optimizePattern("(?:^|[^A-Za-z0-9-])(AGE-[A-Z0-9]{8})(?![A-Za-z0-9])")).toBe(
      "(?<![A-Za-z0-9-])(AGE-[A-Z0-9]{8})(?![A-Za-z0-9])",
    );
    // A common prefix of a leading alternation counts as the literal.
    expect(optimizePattern("(?<![A-Z0-9])(?=((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9]))A")).toBe(
      "(?<![A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])",
    );
  });

  it("keeps patterns it cannot prove equivalent", () => {
    // The capture can run past a character outside the boundary class (a comma-separated list):
    // a second, overlapping token could start inside it.
    const list =
      "(?<![A-Za-z0-9_])(?=(fm2_[A-Za-z0-9_]{40,}(?:,fm2_[A-Za-z0-9_]{40,}){0,8})(?![A-Za-z0-9_]))fm";
    expect(optimizePattern(list)).toBe(list);
    // Case: [A-Z] lies within a boundary class [a-z…] only when the rule ignores case.
    const upper = "(?<![a-z0-9_])(?=(tok_[A-Z0-9]{20})(?![a-z0-9_]))tok_";
    expect(optimizePattern(upper, true)).toBe("(?<![a-z0-9_])(tok_[A-Z0-9]{20})(?![a-z0-9_])");
    expect(optimizePattern(upper, false)).toBe(upper);
    // The consumed part is not a plain literal.
    const classLit = "(?:^|[^A-Za-z0-9_/])(?=(0/[a-f0-9]{32})(?![A-Za-z0-9_]))[012]/";
    expect(optimizePattern(classLit)).toBe(classLit);
    // The literal is not where the capture starts.
    const other = "(?:^|[^a-z])(?=(x[a-z]{8})(?![a-z]))y";
    expect(optimizePattern(other)).toBe(other);
    expect(optimizePattern("\\bplain_[a-z]{10}\\b")).toBe("\\bplain_[a-z]{10}\\b");
  });

  it("captures the same spans as the authored pattern for every built-in rule", () => {
    const { rules } = loadRuleset([]).ruleset;
    let rewritten = 0;
    for (const rule of rules) {
      if (rule.key) continue;
      const { source, ignoreCase } = splitFlags(rule.pattern);
      const fast = optimizePattern(source, ignoreCase);
      if (fast === source) continue;
      rewritten++;
      const flags = ignoreCase ? "i" : "";
      const samples = [...rule.examples, ...(rule.negativeExamples ?? [])].map((e, i) =>
        expandFakes(e, `${rule.id}:${i}`),
      );
      const text = samples.join("\n");
      for (const t of [text, `x${text}`, text.replace(/\n/g, " "), `${text}${text}`])
        expect([rule.id, captures(fast, flags, t)]).toEqual([rule.id, captures(source, flags, t)]);
    }
    expect(rewritten).toBeGreaterThan(50);
  });
});

describe("build-time rule data", () => {
  it("stores what loading would compute: validated rule files and match prefixes", () => {
    const { rules } = loadRuleset([]).ruleset;
    for (const rule of rules) {
      if (!rule.key) expect([rule.id, rule.prefix]).toEqual([rule.id, matchPrefix(rule.regex.source)]);
    }
    // Every provider file, parsed and validated now, gives the rules the cache gave.
    const dir = join(BUILTIN_RULES_DIR, "providers");
    const live = readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .flatMap((f) => {
        const file = `rules/providers/${f}`;
        const parsed = parseYamlFile(file, readFileSync(join(dir, f), "utf8"));
        const res = validateProviderFile(parsed.value, file, parsed.lineOf);
        expect([file, res.problems]).toEqual([file, []]);
        return res.file!.rules;
      });
    const fields = (r: { id: string; pattern: string; keywords: readonly string[]; severity: string }) => [
      r.id,
      r.pattern,
      r.keywords.map((k) => k.toLowerCase()),
      r.severity,
    ];
    expect(rules.map(fields).sort()).toEqual(live.map(fields).sort());
  });
});
