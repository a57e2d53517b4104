/**
 * plan(): pure. One item per SecretGroup — a secret found in three places is one credential to
 * migrate — with priority, owner, every location, the target mechanism for its runtime context,
 * ordered steps, interim controls, ready-to-use artifacts, framework ids and references.
 */
import { pairedWords } from "../findings/paired.js";
import type { Finding, Report, SecretGroup } from "../types.js";
import { artifactsFor, regoPolicy } from "./artifacts.js";
import { CONTEXT_LABEL, playbookKeys, type RuntimeContext, runtimeContext } from "./context.js";
import type { Plan, PlanItem, PlanStep, Playbook, PlaybookContext } from "./types.js";

export interface PlanInput {
  readonly report: Report;
  readonly playbooks: ReadonlyMap<string, Playbook>;
  readonly rules: ReadonlyMap<string, { readonly playbook: string; readonly name: string }>;
  readonly clients: ReadonlyMap<string, { readonly name: string; readonly secure: string }>;
  readonly repo?: { readonly owner: string; readonly name: string; readonly branch: string };
  /** CODEOWNERS lookup for a path, when the repository has one. */
  readonly owners?: (path: string) => readonly string[];
}

const FALLBACK: Playbook = {
  id: "generic-secret",
  name: "Secret",
  federation: "none",
  revoke: { how: "Revoke or rotate the credential in the system that issued it." },
  contexts: {
    default: {
      mechanism: "A secret manager reached with the workload's identity, issuing short-lived credentials",
      identity: "The platform identity of the workload (OIDC token, Kubernetes service account, SPIFFE SVID)",
      issue: "Fetch at start-up from the secret manager; never store it in files",
      ttl: { default: "1h", max: "24h" },
    },
  },
  interim: [
    "Store it in a secret manager and inject it at run time",
    "Rotate it on a fixed schedule (90 days at most)",
  ],
  references: [],
};

const SEVERITY_SCORE = { critical: 3, high: 2, medium: 1, low: 0 } as const;

function priorityOf(
  group: SecretGroup,
  contexts: readonly RuntimeContext[],
): { priority: PlanItem["priority"]; reasons: string[] } {
  const first = group.findings[0]!;
  const reasons: string[] = [`${first.severity} severity`];
  let score = SEVERITY_SCORE[first.severity];
  const secret = first.secret;
  if (/live|prod/i.test(first.ruleId) || /_live_|live_|prod/i.test(secret.slice(0, 16))) {
    score++;
    reasons.push("live-looking production key");
  }
  if (group.findings.some((f) => f.exposure === "history")) {
    score++;
    reasons.push(
      group.findings.every((f) => f.exposure === "history")
        ? "only in git history: still valid until revoked"
        : "committed to git history",
    );
  }
  if (contexts.includes("mcp-config") || contexts.includes("agent-instructions")) {
    score++;
    reasons.push("in an agent / MCP config that agents read and pass to tools");
  }
  const places = new Set(group.findings.map((f) => f.path)).size;
  if (places > 1) {
    score++;
    reasons.push(`copied to ${places} files`);
  }
  if (/test/i.test(first.ruleId) || /_test_/.test(secret.slice(0, 16))) {
    score--;
    reasons.push("test-mode key");
  }
  const priority = score >= 4 ? "P0" : score === 3 ? "P1" : score === 2 ? "P2" : "P3";
  return { priority, reasons };
}

function pickTarget(
  pb: Playbook,
  contexts: readonly RuntimeContext[],
): { key: string; target: PlaybookContext; ctx: RuntimeContext } {
  for (const ctx of contexts) {
    for (const key of playbookKeys(ctx)) {
      const t = pb.contexts[key];
      if (t && key !== "default") return { key, target: t, ctx };
    }
  }
  return {
    key: "default",
    target: pb.contexts.default ?? FALLBACK.contexts.default!,
    ctx: contexts[0] ?? "application",
  };
}

function envVarOf(f: Finding): string | null {
  const last = f.keyPath
    ?.split(/[.[\]"]+/)
    .filter(Boolean)
    .pop();
  return last && /^[A-Za-z_][A-Za-z0-9_]*$/.test(last) && !/^\d+$/.test(last) ? last : null;
}

/**
 * The remove step, and the other halves of the credential written beside the literal (an access
 * key's id): deleted with it.
 */
function removeStep(f: Finding, input: PlanInput): string {
  const step = removeLiteral(f, input);
  if (!f.paired) return step;
  const halves = pairedWords(f.paired, (k) => `\`${k}\``);
  return `${step} Delete its ${halves} in ${f.path} with it: the two are one credential.`;
}

function removeLiteral(f: Finding, input: PlanInput): string {
  const name = envVarOf(f) ?? "SECRET_NAME";
  const client = f.client ? input.clients.get(f.client) : undefined;
  if (client) {
    const secure = client.secure.replace(/GITHUB_TOKEN/g, name);
    return `In ${f.path}${f.server ? ` (server \`${f.server}\`)` : ""}, replace the literal with ${client.name}'s own secure syntax: ${secure} Provision \`${name}\` from the broker or secret manager at launch, never in the file.`;
  }
  if (f.fileKind === "dotenv")
    return `Delete \`${name}\` from ${f.path}; have the process fetch it at start-up (secret manager / broker reached with workload identity) or, until then, inject it from the CI or platform secret store.`;
  if (f.fileKind === "agent-instructions" || f.fileKind === "prompt")
    return `Delete the value from ${f.path}: instructions and prompts are read into model context and logs. Refer to the capability, not the credential ("use the deploy tool"), and let the tool obtain its own credential.`;
  if (f.fileKind === "ci-workflow")
    return `Delete the value from ${f.path}; the job obtains a short-lived credential through OIDC (below) instead of a stored secret.`;
  return `Delete the literal from ${f.path}:${f.line}${f.keyPath ? ` (\`${f.keyPath}\`)` : ""} and read the credential at run time from the workload's identity-backed source.`;
}

function stepsOf(
  pb: Playbook,
  target: PlaybookContext,
  first: Finding,
  input: PlanInput,
  historyOnly: boolean,
): PlanStep[] {
  const ttl = target.ttl
    ? `default ${target.ttl.default ?? "?"}${target.ttl.max ? `, at most ${target.ttl.max}` : ""}`
    : "as short as the provider allows";
  return [
    {
      id: "revoke",
      title: "Revoke or rotate it now",
      detail: `${pb.revoke.how}${pb.revoke.url ? ` ${pb.revoke.url}` : ""}${pb.revoke.api ? ` (API: ${pb.revoke.api})` : ""}${historyOnly ? " It is only in git history, which does not make it safe: anyone with a clone has it." : ""}`,
    },
    { id: "remove", title: "Remove the literal", detail: removeStep(first, input) },
    {
      id: "identity",
      title: "Establish workload identity",
      detail: `${target.mechanism}. ${target.identity ?? ""}`.trim(),
    },
    {
      id: "issue",
      title: "Issue just-in-time credentials with a TTL",
      detail: `${target.issue ?? "Issue a credential per task."} TTL: ${ttl}.${target.scope ? ` Scope: ${target.scope}` : ""}`,
    },
    {
      id: "policy",
      title: "Authorize each request with policy-as-code",
      detail:
        pb.policy ??
        "Before issuing, check who the agent is, which task and intent it serves, and which resource it targets (OPA/Cedar); deny by default.",
    },
    {
      id: "revoke-on-completion",
      title: "Revoke when the task ends",
      detail:
        "Issue one credential per task and let it expire with the task (TTL above); when the task completes or is cancelled, revoke the short-lived credential or end its session early, and never reuse it for another task.",
    },
    {
      id: "audit",
      title: "Audit every issuance and use",
      detail:
        `Log the workload identity, the policy decision (allow/deny and why), the credential issued (id, scope, TTL — never its value) and the calls made with it. ${pb.audit ?? ""}`.trim(),
    },
  ];
}

function itemOf(group: SecretGroup, input: PlanInput): PlanItem {
  const first = group.findings.find((f) => f.exposure !== "history") ?? group.findings[0]!;
  const rule = input.rules.get(first.ruleId);
  const pb =
    (rule && input.playbooks.get(rule.playbook)) ?? input.playbooks.get("generic-secret") ?? FALLBACK;
  const contexts = [...new Set(group.findings.map(runtimeContext))];
  const { priority, reasons } = priorityOf(group, contexts);
  const { target, ctx } = pickTarget(pb, contexts);
  const historyOnly = group.findings.every((f) => f.exposure === "history");
  const repo = input.repo ?? { owner: "<OWNER>", name: "<REPO>", branch: "main" };
  const art = {
    owner: repo.owner,
    repo: repo.name,
    branch: repo.branch,
    server: first.server,
    envVar: envVarOf(first),
    provider: first.provider,
  };
  const artifacts = [...artifactsFor(target.artifact, art)];
  if (ctx === "mcp-config" || ctx === "agent-instructions") artifacts.push(regoPolicy(art));
  const introduced = group.findings.find((f) => f.commit)?.commit ?? first.introducedIn;
  const owners = input.owners?.(first.path) ?? [];
  return {
    secretId: group.secretId,
    ruleId: first.ruleId,
    credential: rule?.name ?? first.title,
    provider: first.provider,
    priority,
    reasons,
    owner: owners.length
      ? owners.join(" ")
      : introduced
        ? `${introduced.author}${introduced.email ? ` <${introduced.email}>` : ""} (introduced it)`
        : null,
    locations: locationsOf(group),
    context: CONTEXT_LABEL[ctx],
    playbook: pb.id,
    federation: pb.federation,
    target,
    steps: stepsOf(pb, target, first, input, historyOnly),
    interim: pb.federation === "full" ? [] : (pb.interim ?? FALLBACK.interim ?? []),
    artifacts,
    frameworks: pb.frameworks ?? { cwe: ["CWE-798"] },
    references: pb.references,
  };
}

/** Every place the secret lives; a history entry for a place still in the tree folds into it. */
function locationsOf(group: SecretGroup): PlanItem["locations"] {
  const inTree = new Map(
    group.findings.filter((f) => f.exposure !== "history").map((f) => [`${f.path}:${f.line}`, f]),
  );
  return group.findings
    .filter((f) => f.exposure !== "history" || !inTree.has(`${f.path}:${f.line}`))
    .map((f) => ({
      path: f.path,
      line: f.line,
      exposure: f.exposure,
      context: CONTEXT_LABEL[runtimeContext(f)],
      keyPath: f.keyPath,
      client: f.client,
      server: f.server,
      commit: f.commit?.sha ?? f.introducedIn?.sha ?? null,
    }));
}

const ORDER = { P0: 0, P1: 1, P2: 2, P3: 3 } as const;

export function plan(input: PlanInput): Plan {
  const items = input.report.groups
    .map((g) => itemOf(g, input))
    .sort((a, b) => ORDER[a.priority] - ORDER[b.priority] || a.credential.localeCompare(b.credential));
  const byPriority: Record<string, number> = { P0: 0, P1: 0, P2: 0, P3: 0 };
  for (const i of items) byPriority[i.priority]!++;
  return {
    version: 1,
    target: input.report.target,
    summary: {
      credentials: items.length,
      federationToday: items.filter((i) => i.federation !== "none").length,
      interimControls: items.filter((i) => i.federation !== "full").length,
      byPriority,
    },
    items,
  };
}
