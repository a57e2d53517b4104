/** Finding[] → SecretGroup[]: one group per distinct secret, with every place it lives. */
import type { Finding, SecretGroup } from "../types.js";
import { compareText } from "../util/strings.js";

/**
 * Grouped by the secret itself (its id is a function of it), so grouping computes no id: a group's
 * `secretId` is its first finding's, read when it is read.
 */
export function groupFindings(findings: readonly Finding[]): SecretGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = groups.get(f.secret);
    if (g) g.push(f);
    else groups.set(f.secret, [f]);
  }
  return [...groups.values()].map(
    (fs) =>
      Object.defineProperties(
        {},
        {
          secretId: { get: () => fs[0]!.secretId, enumerable: true },
          ruleId: { value: fs[0]!.ruleId, enumerable: true },
          findings: { value: fs, enumerable: true },
        },
      ) as SecretGroup,
  );
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** Stable report order: path, line, column, rule. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compareText(a.path, b.path) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.commit?.date ?? "", b.commit?.date ?? "") ||
      compareText(a.ruleId, b.ruleId),
  );
}

export function severityRank(s: Finding["severity"]): number {
  return SEVERITY_ORDER[s];
}
