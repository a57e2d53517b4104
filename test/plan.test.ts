import { describe, expect, it } from "vitest";
import { plan } from "../src/plan/plan.js";
import type { Playbook } from "../src/plan/types.js";
import type { Finding } from "../src/types.js";
import { reportOf as report } from "./helpers.js";

function finding(over: Partial<Finding>): Finding {
  return {
    id: Math.random().toString(16).slice(2),
    secretId: "s1",
    ruleId: "aws-secret-access-key",
    provider: "aws",
    title: "AWS secret access key",
    severity: "critical",
    confidence: "high",
    path: ".github/workflows/deploy.yml",
    line: 8,
    column: 30,
    endLine: 8,
    endColumn: 70,
    keyPath: "jobs.deploy.env.AWS_SECRET_ACCESS_KEY",
    fileKind: "ci-workflow",
    client: null,
    server: null,
    field: null,
    exposure: "tracked",
    commit: null,
    introducedIn: null,
    decoded: null,
    secret: "<redacted-in-this-test>",
    root: ".",
    ...over,
  };
}

const AWS: Playbook = {
  id: "aws-iam-access-key",
  name: "AWS access key",
  federation: "full",
  revoke: {
    how: "Deactivate, then delete the access key.",
    url: "https://console.aws.amazon.com/iam/",
    api: "aws iam delete-access-key",
  },
  contexts: {
    default: { mechanism: "IAM Identity Center with credential_process", ttl: { default: "1h", max: "12h" } },
    "github-actions": {
      mechanism: "GitHub Actions OIDC → AWS STS AssumeRoleWithWebIdentity",
      issue: "aws-actions/configure-aws-credentials",
      ttl: { default: "1h", max: "12h" },
      artifact: "aws-trust-policy",
    },
    kubernetes: { mechanism: "EKS Pod Identity", artifact: "k8s-service-account" },
    "mcp-config": { mechanism: "A credential broker minting per-task STS sessions", ttl: { default: "15m" } },
  },
  policy: "Allow only the deploy role for the deploy task.",
  audit: "CloudTrail AssumeRoleWithWebIdentity events.",
  frameworks: { owasp_nhi: ["NHI2", "NHI7"], cwe: ["CWE-798"] },
  references: [
    {
      title: "IAM roles for GitHub OIDC",
      url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html",
      verified: "2026-11-28",
    },
  ],
};
const SLACK: Playbook = {
  id: "slack-token",
  name: "Slack token",
  federation: "none",
  revoke: { how: "Revoke the token in the app settings." },
  contexts: { default: { mechanism: "Slack token rotation with 12-hour access tokens" } },
  interim: ["Least scopes", "Egress gateway injects the token"],
  references: [],
};

const rules = new Map([
  ["aws-secret-access-key", { playbook: "aws-iam-access-key", name: "AWS secret access key" }],
  ["slack-bot-token", { playbook: "slack-token", name: "Slack bot token" }],
]);
const clients = new Map([
  ["claude-code", { name: "Claude Code", secure: 'Reference it: "${GITHUB_TOKEN}".' }],
]);
const playbooks = new Map([
  [AWS.id, AWS],
  [SLACK.id, SLACK],
]);

describe("plan", () => {
  it("makes one item per secret, with every location, and picks the mechanism for the context", () => {
    const commit = {
      sha: "a".repeat(40),
      author: "Dev",
      email: "dev@x",
      date: "2026-01-01T00:00:00Z",
      message: "add",
    };
    const r = report([
      finding({}),
      finding({ exposure: "history", commit, line: 8 }),
      finding({ path: "k8s/deploy.yaml", fileKind: "kubernetes", line: 3 }),
    ]);
    const p = plan({
      report: r,
      playbooks,
      rules,
      clients,
      repo: { owner: "acme", name: "widgets", branch: "main" },
    });
    expect(p.items).toHaveLength(1);
    const item = p.items[0]!;
    expect(item.locations.map((l) => l.path)).toEqual([".github/workflows/deploy.yml", "k8s/deploy.yaml"]);
    expect(item.target.mechanism).toBe("GitHub Actions OIDC → AWS STS AssumeRoleWithWebIdentity");
    expect(item.steps.map((s) => s.id)).toEqual([
      "revoke",
      "remove",
      "identity",
      "issue",
      "policy",
      "revoke-on-completion",
      "audit",
    ]);
    expect(item.steps[0]!.detail).toContain("aws iam delete-access-key");
    expect(item.priority).toBe("P0");
    expect(item.owner).toBe("Dev <dev@x> (introduced it)");
    const trust = item.artifacts.find((a) => a.kind === "aws-trust-policy")!;
    expect(
      JSON.parse(trust.content).Statement[0].Condition.StringEquals[
        "token.actions.githubusercontent.com:sub"
      ],
    ).toBe("repo:acme/widgets:ref:refs/heads/main");
    expect(item.interim).toEqual([]);
    expect(p.summary).toMatchObject({ credentials: 1, federationToday: 1, interimControls: 0 });
  });

  it("uses the client's secure syntax for MCP configs, adds interim controls and a request-time policy", () => {
    const r = report([
      finding({
        secretId: "s2",
        ruleId: "slack-bot-token",
        provider: "slack",
        severity: "high",
        path: ".mcp.json",
        fileKind: "mcp-config",
        client: "claude-code",
        server: "slack",
        keyPath: "mcpServers.slack.env.SLACK_BOT_TOKEN",
      }),
    ]);
    const p = plan({ report: r, playbooks, rules, clients, owners: () => ["@acme/security"] });
    const item = p.items[0]!;
    expect(item.steps[1]!.detail).toContain('Reference it: "${SLACK_BOT_TOKEN}"');
    expect(item.interim).toEqual(["Least scopes", "Egress gateway injects the token"]);
    expect(
      item.artifacts.some(
        (a) => a.kind === "policy-rego" && a.content.includes('input.tool.server == "slack"'),
      ),
    ).toBe(true);
    expect(item.owner).toBe("@acme/security");
    expect(item.reasons).toContain("in an agent / MCP config that agents read and pass to tools");
    expect(p.summary).toMatchObject({ credentials: 1, federationToday: 0, interimControls: 1 });
  });

  it("says a history-only secret still has to be revoked", () => {
    const commit = { sha: "b".repeat(40), author: "Dev", date: "2026-01-01T00:00:00Z", message: "oops" };
    const p = plan({ report: report([finding({ exposure: "history", commit })]), playbooks, rules, clients });
    expect(p.items[0]!.reasons).toContain("only in git history: still valid until revoked");
    expect(p.items[0]!.steps[0]!.detail).toContain("does not make it safe");
  });
});
