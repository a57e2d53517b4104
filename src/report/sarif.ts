/**
 * SARIF 2.1.0 for GitHub code scanning. Never carries the secret, not even redacted: results name the
 * rule, the key path and the client; identity travels in partialFingerprints (content-based ids).
 */
import type { Finding, Report, Severity } from "../types.js";
import type { ReportOptions, RuleInfo } from "./types.js";

/** GitHub code scanning accepts at most 25,000 results per run. */
export const MAX_SARIF_RESULTS = 25_000;

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
};
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
};

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

function ruleJson(id: string, info: RuleInfo | undefined, sample: Finding) {
  const name = info?.name ?? sample.title;
  const description = info?.description ?? name;
  const help =
    info?.remediation ??
    "Revoke the credential, remove the literal, and replace it with a short-lived credential issued to the workload's identity.";
  return {
    id,
    name: pascal(id),
    shortDescription: { text: name },
    fullDescription: { text: description },
    helpUri: info?.references?.[0],
    help: {
      text: `${description}\n\n${help}`,
      markdown: `**${name}**\n\n${description}\n\n### How to fix\n\n${help}${info?.references?.length ? `\n\n### References\n\n${info.references.map((r) => `- <${r}>`).join("\n")}` : ""}`,
    },
    defaultConfiguration: { level: LEVEL[sample.severity] },
    properties: {
      tags: ["security", "secret", "external/cwe/cwe-798", `provider/${sample.provider}`],
      precision: sample.confidence === "high" ? "high" : sample.confidence === "medium" ? "medium" : "low",
      "security-severity": SECURITY_SEVERITY[info?.severity ?? sample.severity],
    },
  };
}

function message(f: Finding): string {
  const where = [
    f.keyPath && `at \`${f.keyPath}\``,
    f.client && `in ${f.client} config`,
    f.server && `(MCP server \`${f.server}\`)`,
  ]
    .filter(Boolean)
    .join(" ");
  const hist =
    f.exposure === "history" && f.commit
      ? ` Committed in ${f.commit.sha.slice(0, 12)}; it stays in git history until revoked.`
      : "";
  const ignored =
    f.exposure === "gitignored" ? " The file is git-ignored but readable by any agent in the folder." : "";
  return `${f.title}${where ? ` ${where}` : ""}.${hist}${ignored}`;
}

/** A region of the finding's file, as SARIF gives one (an end column past its start). */
function physical(f: Finding, at: { line: number; column: number; endLine: number; endColumn: number }) {
  return {
    artifactLocation: { uri: encodeURI(f.path) },
    region: {
      startLine: at.line,
      startColumn: at.column,
      endLine: at.endLine,
      endColumn: Math.max(at.endColumn, at.column + 1),
    },
  };
}

function resultJson(f: Finding, ruleIndex: number) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: message(f) },
    locations: [{ physicalLocation: physical(f, f) }],
    // The other halves of the credential (an access key's id): deleted and revoked with it.
    ...(f.paired
      ? {
          relatedLocations: f.paired.map((p, i) => ({
            id: i + 1,
            physicalLocation: physical(f, p),
            message: { text: `${p.title}: part of the same credential` },
          })),
        }
      : {}),
    partialFingerprints: { "agentSecrets/v1": f.id },
    properties: {
      secretId: f.secretId,
      severity: f.severity,
      confidence: f.confidence,
      exposure: f.exposure,
      keyPath: f.keyPath,
      fileKind: f.fileKind,
      client: f.client,
      server: f.server,
      field: f.field,
      commit: f.commit,
      introducedIn: f.introducedIn,
    },
  };
}

export function renderSarif(report: Report, opts: ReportOptions): string {
  const findings = report.findings.slice(0, MAX_SARIF_RESULTS);
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "agent-secrets",
            semanticVersion: report.tool.version,
            version: report.tool.version,
            informationUri: "https://www.npmjs.com/package/agent-secrets",
            rules: ruleIds.map((id) =>
              ruleJson(id, opts.rules?.get(id), findings.find((f) => f.ruleId === id)!),
            ),
          },
        },
        automationDetails: { id: "agent-secrets/" },
        results: findings.map((f) => resultJson(f, index.get(f.ruleId)!)),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...(report.findings.length > MAX_SARIF_RESULTS
                ? [
                    {
                      level: "warning",
                      message: {
                        text: `${report.findings.length - MAX_SARIF_RESULTS} results were left out to stay within GitHub's limit of ${MAX_SARIF_RESULTS} per run`,
                      },
                    },
                  ]
                : []),
              ...report.diagnostics
                .filter((d) => d.severity !== "info")
                .slice(0, 100)
                .map((d) => ({
                  level: d.severity === "error" ? "error" : "warning",
                  message: { text: `${d.code}${d.path ? ` ${d.path}` : ""}: ${d.detail}` },
                })),
            ],
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
