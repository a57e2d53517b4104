/** GitHub Actions workflow annotations (`::error file=…::…`). Never prints the secret. */
import type { Finding, Report } from "../types.js";
import type { ReportOptions } from "./types.js";

function esc(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escProp(s: string): string {
  return esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function level(f: Finding): string {
  return f.severity === "critical" || f.severity === "high"
    ? "error"
    : f.severity === "medium"
      ? "warning"
      : "notice";
}

export function renderGithub(report: Report, _opts: ReportOptions): string {
  const out: string[] = [];
  for (const f of report.findings) {
    const where = [
      f.keyPath && `at ${f.keyPath}`,
      f.client && `(${f.client}${f.server ? ` server ${f.server}` : ""})`,
    ]
      .filter(Boolean)
      .join(" ");
    const hist =
      f.exposure === "history" && f.commit
        ? ` Added in commit ${f.commit.sha.slice(0, 12)}; still in git history: revoke it.`
        : "";
    const props = `file=${escProp(f.path)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${escProp(`${f.title} (${f.ruleId})`)}`;
    out.push(`::${level(f)} ${props}::${esc(`${f.title}${where ? ` ${where}` : ""}.${hist}`)}`);
  }
  return out.length ? `${out.join("\n")}\n` : "";
}
