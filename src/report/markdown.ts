/** Markdown for people in CI: a PR comment or $GITHUB_STEP_SUMMARY. Redacted unless --show-secrets. */
import { pairedWords } from "../findings/paired.js";
import { redact } from "../findings/redact.js";
import type { Finding, Report, Severity } from "../types.js";
import { SEVERITIES } from "../types.js";
import type { ReportOptions } from "./types.js";

const ICON: Record<Severity, string> = { critical: "🔴", high: "🟠", medium: "🟡", low: "🔵" };

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function where(f: Finding): string {
  const bits = [
    f.keyPath ? `\`${cell(f.keyPath)}\`` : "",
    f.client ? `${f.client}${f.server ? ` → ${cell(f.server)}` : ""}` : "",
    f.paired ? `with its ${cell(pairedWords(f.paired, (k) => `\`${k}\``))}` : "",
  ];
  return bits.filter(Boolean).join("<br>");
}

function exposure(f: Finding): string {
  if (f.exposure === "history" && f.commit)
    return `history (${f.commit.sha.slice(0, 8)}, ${f.commit.date.slice(0, 10)})`;
  if (f.introducedIn) return `${f.exposure}, since ${f.introducedIn.sha.slice(0, 8)}`;
  return f.exposure;
}

export function renderMarkdown(report: Report, opts: ReportOptions): string {
  const n = report.findings.length;
  const lines: string[] = ["## agent-secrets", ""];
  if (n === 0) {
    lines.push(
      `✅ No secrets found in ${report.stats.files} files${report.stats.commits ? ` and ${report.stats.commits} commits` : ""}.`,
    );
    return `${lines.join("\n")}\n`;
  }
  const counts = SEVERITIES.map(
    (s) => [s, report.findings.filter((f) => f.severity === s).length] as const,
  ).filter(([, c]) => c > 0);
  lines.push(
    `**${n} finding${n === 1 ? "" : "s"}** of **${report.groups.length} distinct secret${report.groups.length === 1 ? "" : "s"}**: ${counts.map(([s, c]) => `${ICON[s]} ${c} ${s}`).join(" · ")}`,
    "",
    "| | Secret | Where | Key / client | Exposure |",
    "|---|---|---|---|---|",
  );
  for (const f of report.findings) {
    const secret = opts.showSecrets ? f.secret : redact(f.secret);
    lines.push(
      `| ${ICON[f.severity]} | ${cell(f.title)} (\`${f.ruleId}\`)<br>\`${cell(secret)}\` | \`${cell(f.path)}:${f.line}\` | ${where(f)} | ${exposure(f)} |`,
    );
  }
  const historyOnly = report.groups.filter((g) => g.findings.every((f) => f.exposure === "history")).length;
  lines.push("");
  if (historyOnly) {
    lines.push(
      `> ${historyOnly} secret${historyOnly === 1 ? " lives" : "s live"} only in git history: deleting the file did not make ${historyOnly === 1 ? "it" : "them"} safe. Revoke ${historyOnly === 1 ? "it" : "them"}.`,
      "",
    );
  }
  lines.push(
    "Revoke each secret, remove the literal, and move the workload to short-lived credentials: `npx agent-secrets plan`.",
  );
  return `${lines.join("\n")}\n`;
}
