/** `rules list` and `rules check` rendering (pure apart from loading the rule files). */

import { checkRuleset } from "../rules/check.js";
import { loadRuleset } from "../rules/load.js";
import type { Problem } from "../rules/schema.js";

export function runRulesList(dirs: readonly string[], format: string): string {
  const { ruleset } = loadRuleset(dirs);
  if (format === "json") {
    const rows = ruleset.rules.map((r) => ({
      id: r.id,
      provider: r.provider,
      name: r.name,
      severity: r.severity,
      confidence: r.confidence,
      keyed: r.key !== undefined,
      playbook: r.playbook,
    }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }
  const width = Math.max(...ruleset.rules.map((r) => r.id.length));
  const lines = ruleset.rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.name}`);
  return `${lines.join("\n")}\n${ruleset.rules.length} rules from ${new Set(ruleset.rules.map((r) => r.provider)).size} providers\n`;
}

function formatProblem(p: Problem): string {
  return `${p.level} ${p.file}${p.line ? `:${p.line}` : ""}${p.ruleId ? ` [${p.ruleId}]` : ""}: ${p.message}`;
}

export function runRulesCheck(dirs: readonly string[], skipRedos: boolean): { ok: boolean; output: string } {
  const builtin = dirs.length === 0;
  const { ruleset, problems } = loadRuleset(dirs, builtin);
  // User rules are checked together with the built-ins (negatives must not hit any rule).
  const all = builtin ? ruleset : loadRuleset(dirs, true).ruleset;
  const ids = new Set(ruleset.rules.map((r) => r.id));
  const checked = checkRuleset({ ...all, rules: all.rules }, { skipRedos }).filter(
    (p) => !p.ruleId || ids.has(p.ruleId),
  );
  const every = [...problems, ...checked];
  const errors = every.filter((p) => p.level === "error").length;
  const warnings = every.length - errors;
  const lines = every.map(formatProblem);
  lines.push(
    `${ruleset.rules.length} rules checked: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`,
  );
  return { ok: errors === 0, output: `${lines.join("\n")}\n` };
}
