/** Builds the migration plan for a report: loads playbooks, rule and client data, repository facts. */
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../errors.js";
import { identify } from "../findings/identity.js";
import { plan } from "../plan/plan.js";
import type { Plan } from "../plan/types.js";
import { renderPlanJson, renderPlanMarkdown } from "../report/plan-markdown.js";
import { loadRuleset } from "../rules/load.js";
import { builtinPlaybooks } from "../rules/playbooks.js";
import { loadClients } from "../sources/clients.js";
import { loadCodeowners, repoMeta } from "../sources/repo.js";
import type { Report } from "../types.js";
import { utf8Text } from "../util/utf8.js";

export async function buildPlan(report: Report, root: string): Promise<Plan> {
  await identify(report.findings); // the plan names each secret by its id
  let dir = resolve(root);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = process.cwd();
  }
  const { ruleset } = loadRuleset();
  return plan({
    report,
    playbooks: builtinPlaybooks(),
    rules: ruleset.byId,
    clients: new Map(loadClients().map((c) => [c.id, c])),
    repo: await repoMeta(dir),
    owners: loadCodeowners(dir),
  });
}

export function renderPlan(p: Plan, file?: string): string {
  return file?.endsWith(".json") ? renderPlanJson(p) : renderPlanMarkdown(p);
}

/** Reads a JSON report written by `scan --format json` (secrets there are usually redacted). */
export function readReport(file: string): Report {
  let v: Partial<Report>;
  try {
    v = JSON.parse(utf8Text(readFileSync(file))) as Partial<Report>;
  } catch (e) {
    throw new ConfigError(
      `cannot read report ${file}: ${(e as Error).message}`,
      "write one with `agent-secrets scan --format json -o report.json`",
    );
  }
  if (v.version !== 1 || !Array.isArray(v.findings)) {
    throw new ConfigError(
      `${file} is not an agent-secrets JSON report (version 1)`,
      "write one with `agent-secrets scan --format json -o report.json`",
    );
  }
  const byId = new Map(v.findings.map((f) => [f.id, f]));
  const groups = (v.groups ?? []).map((g) => {
    const raw = g as unknown as { secretId: string; findings: string[] };
    const findings = raw.findings.map((id) => byId.get(id)!).filter(Boolean);
    return { secretId: raw.secretId, ruleId: findings[0]?.ruleId ?? "", findings };
  });
  return { ...(v as Report), groups };
}
