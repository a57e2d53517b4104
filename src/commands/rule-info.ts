/** Rule metadata for reporters that describe rules (SARIF), apart from the rule checker's heavy imports. */
import type { RuleInfo } from "../report/types.js";
import { loadRuleset } from "../rules/load.js";
import { remediationOf } from "../rules/playbooks.js";

/** Render-safe rule metadata keyed by id (SARIF rule descriptors). */
export function ruleInfoMap(): ReadonlyMap<string, RuleInfo> {
  const { ruleset } = loadRuleset();
  return new Map(
    ruleset.rules.map((r) => [
      r.id,
      {
        name: r.name,
        description: r.description,
        severity: r.severity,
        references: r.references,
        remediation: remediationOf(r.playbook),
      },
    ]),
  );
}
