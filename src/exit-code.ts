/** The exit code a scan's report gives. Pure: cli.ts sets it. */
import { type Report, SEVERITIES, type Severity } from "./types.js";

/**
 * 2 when the scan could not cover what was asked (an error diagnostic: a --since/--range git cannot
 * resolve, --staged outside a repository), so a CI step with a wrong ref fails instead of passing on
 * an empty scan; else 1 for findings at or above `failOn`.
 */
export function exitCodeFor(report: Report, failOn: Severity | "none"): 0 | 1 | 2 {
  if (report.diagnostics.some((d) => d.severity === "error")) return 2;
  if (failOn === "none") return 0;
  const limit = SEVERITIES.indexOf(failOn);
  return report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit) ? 1 : 0;
}
