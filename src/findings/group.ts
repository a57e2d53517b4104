/** Finding[] → SecretGroup[]: one group per distinct secret, with every place it lives. */
import type { Finding, SecretGroup } from "../types.js";

export function groupFindings(findings: readonly Finding[]): SecretGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = groups.get(f.secretId);
    if (g) g.push(f);
    else groups.set(f.secretId, [f]);
  }
  return [...groups.entries()].map(([secretId, fs]) => ({ secretId, ruleId: fs[0]!.ruleId, findings: fs }));
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** Stable report order: path, line, column, rule. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.commit?.date ?? "").localeCompare(b.commit?.date ?? "") ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

export function severityRank(s: Finding["severity"]): number {
  return SEVERITY_ORDER[s];
}
