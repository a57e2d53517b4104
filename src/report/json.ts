/** JSON report, version 1 (DESIGN §6). The secret is redacted unless --show-secrets. */
import { redact } from "../findings/redact.js";
import type { Finding, Report } from "../types.js";
import { jsonTextPieces, Mapped } from "./json-pieces.js";
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
    ...(f.paired ? { paired: f.paired } : {}),
    secret: showSecrets ? f.secret : redact(f.secret),
  };
}

/** The JSON report in pieces (see prettyJsonPieces): the CLI writes these, so no report is too long. */
export function jsonReportPieces(report: Report, opts: ReportOptions): Generator<string> {
  return jsonTextPieces({
    version: report.version,
    tool: report.tool,
    target: report.target,
    stats: report.stats,
    findings: new Mapped(report.findings, (f: Finding) => findingJson(f, opts.showSecrets)),
    groups: report.groups.map((g) => ({ secretId: g.secretId, findings: g.findings.map((f) => f.id) })),
    diagnostics: report.diagnostics,
  });
}

export function renderJson(report: Report, opts: ReportOptions): string {
  return [...jsonReportPieces(report, opts)].join("");
}
