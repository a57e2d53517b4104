/** JSON report, version 1 (DESIGN §6). The secret is redacted unless --show-secrets. */
import { redact } from "../findings/redact.js";
import type { Finding, Report } from "../types.js";
import type { ReportOptions } from "./types.js";

function findingJson(f: Finding, showSecrets: boolean) {
  return {
    id: f.id,
    secretId: f.secretId,
    ruleId: f.ruleId,
    provider: f.provider,
    title: f.title,
    severity: f.severity,
    confidence: f.confidence,
    path: f.path,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    keyPath: f.keyPath,
    fileKind: f.fileKind,
    client: f.client,
    server: f.server,
    field: f.field,
    exposure: f.exposure,
    commit: f.commit,
    introducedIn: f.introducedIn,
    decoded: f.decoded,
    secret: showSecrets ? f.secret : redact(f.secret),
  };
}

export function renderJson(report: Report, opts: ReportOptions): string {
  const out = {
    version: report.version,
    tool: report.tool,
    target: report.target,
    stats: report.stats,
    findings: report.findings.map((f) => findingJson(f, opts.showSecrets)),
    groups: report.groups.map((g) => ({ secretId: g.secretId, findings: g.findings.map((f) => f.id) })),
    diagnostics: report.diagnostics,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
