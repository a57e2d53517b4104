/**
 * Ready-to-use artifacts, filled with what the scan knows (repository, branch, MCP server, variable
 * names). Pure string builders; `<…>` marks the few values only the reader can supply.
 */

export interface ArtifactInput {
  readonly owner: string;
  readonly repo: string;
  readonly branch: string;
  readonly server: string | null;
  readonly envVar: string | null;
  readonly provider: string;
}

export interface Artifact {
  readonly kind: string;
  readonly title: string;
  readonly language: string;
  readonly content: string;
}

const sub = (a: ArtifactInput) => `repo:${a.owner}/${a.repo}:ref:refs/heads/${a.branch}`;

function awsTrustPolicy(a: ArtifactInput): Artifact[] {
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: {
          Federated: "arn:aws:iam::<ACCOUNT_ID>:oidc-provider/token.actions.githubusercontent.com",
        },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": sub(a),
          },
        },
      },
    ],
  };
  return [
    {
      kind: "aws-trust-policy",
      title: "IAM role trust policy (GitHub OIDC, this repository and branch only)",
      language: "json",
      content: JSON.stringify(policy, null, 2),
    },
    {
      kind: "github-oidc-step",
      title: "Workflow: assume the role with OIDC (no stored keys)",
      language: "yaml",
      content: `permissions:\n  id-token: write   # lets the job request its OIDC token\n  contents: read\nsteps:\n  - uses: aws-actions/configure-aws-credentials@v4\n    with:\n      role-to-assume: arn:aws:iam::<ACCOUNT_ID>:role/${a.repo}-${a.branch}-deploy\n      aws-region: <REGION>\n      role-duration-seconds: 900`,
    },
  ];
}

function gcpWif(a: ArtifactInput): Artifact[] {
  return [
    {
      kind: "gcp-wif-condition",
      title: "Workload Identity Federation provider (GitHub OIDC) with an attribute condition",
      language: "sh",
      content: [
        "gcloud iam workload-identity-pools providers create-oidc github \\",
        "  --location=global --workload-identity-pool=<POOL> \\",
        '  --issuer-uri="https://token.actions.githubusercontent.com" \\',
        '  --attribute-mapping="google.subject=assertion.sub,attribute.repository=assertion.repository,attribute.ref=assertion.ref" \\',
        `  --attribute-condition="assertion.repository == '${a.owner}/${a.repo}' && assertion.ref == 'refs/heads/${a.branch}'"`,
        "gcloud iam service-accounts add-iam-policy-binding <SA>@<PROJECT>.iam.gserviceaccount.com \\",
        '  --role="roles/iam.workloadIdentityUser" \\',
        `  --member="principalSet://iam.googleapis.com/projects/<PROJECT_NUMBER>/locations/global/workloadIdentityPools/<POOL>/attribute.repository/${a.owner}/${a.repo}"`,
      ].join("\n"),
    },
    {
      kind: "github-oidc-step",
      title: "Workflow: authenticate with WIF",
      language: "yaml",
      content: `permissions:\n  id-token: write\n  contents: read\nsteps:\n  - uses: google-github-actions/auth@v2\n    with:\n      workload_identity_provider: projects/<PROJECT_NUMBER>/locations/global/workloadIdentityPools/<POOL>/providers/github\n      service_account: <SA>@<PROJECT>.iam.gserviceaccount.com`,
    },
  ];
}

function azureFic(a: ArtifactInput): Artifact[] {
  const fic = {
    name: `${a.repo}-${a.branch}`,
    issuer: "https://token.actions.githubusercontent.com",
    subject: sub(a),
    audiences: ["api://AzureADTokenExchange"],
  };
  return [
    {
      kind: "azure-federated-credential",
      title:
        "Entra federated identity credential (az ad app federated-credential create --id <APP_ID> --parameters @fic.json)",
      language: "json",
      content: JSON.stringify(fic, null, 2),
    },
    {
      kind: "github-oidc-step",
      title: "Workflow: azure/login with OIDC (no client secret)",
      language: "yaml",
      content:
        "permissions:\n  id-token: write\n  contents: read\nsteps:\n  - uses: azure/login@v2\n    with:\n      client-id: <APP_CLIENT_ID>\n      tenant-id: <TENANT_ID>\n      subscription-id: <SUBSCRIPTION_ID>",
    },
  ];
}

function vaultRole(a: ArtifactInput): Artifact[] {
  const name = (a.server ?? a.repo).replace(/[^A-Za-z0-9_-]/g, "-");
  return [
    {
      kind: "vault-role",
      title: "Vault: JWT auth role bound to this repository, short TTLs",
      language: "sh",
      content: [
        `vault write auth/jwt/role/${name} \\`,
        "  role_type=jwt user_claim=sub \\",
        `  bound_audiences="https://github.com/${a.owner}" \\`,
        `  bound_claims='{"repository":"${a.owner}/${a.repo}","ref":"refs/heads/${a.branch}"}' \\`,
        `  token_policies=${name}-read token_ttl=15m token_max_ttl=1h`,
        ...(a.provider === "connection-strings" || a.provider === "generic"
          ? [
              "# dynamic database credentials, one user per lease:",
              `vault write database/roles/${name} db_name=<DB> default_ttl=15m max_ttl=1h \\`,
              `  creation_statements="CREATE ROLE \\"{{name}}\\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO \\"{{name}}\\";"`,
            ]
          : []),
      ].join("\n"),
    },
  ];
}

function k8sServiceAccount(a: ArtifactInput): Artifact[] {
  return [
    {
      kind: "k8s-service-account",
      title: "Kubernetes service account the workload runs as (bind it to a cloud role instead of a secret)",
      language: "yaml",
      content: `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${a.repo}\n  namespace: <NAMESPACE>\n  annotations:\n    # EKS (IRSA): eks.amazonaws.com/role-arn: arn:aws:iam::<ACCOUNT_ID>:role/${a.repo}\n    # GKE Workload Identity: iam.gke.io/gcp-service-account: <SA>@<PROJECT>.iam.gserviceaccount.com\n    # AKS Workload Identity: azure.workload.identity/client-id: <CLIENT_ID>`,
    },
  ];
}

/** An OPA policy that authorizes one agent's tool call by intent, target and context. */
export function regoPolicy(a: ArtifactInput): Artifact {
  const server = a.server ?? a.provider;
  return {
    kind: "policy-rego",
    title: `Policy at request time: may this agent get a ${a.provider} credential for this call?`,
    language: "rego",
    content: `package agents.credentials

import rego.v1

default allow := false

# Issue a short-lived ${a.provider} credential only for an allowed intent, on this repository's
# resources, for a task that is still running and was started by an accountable human.
allow if {
\tinput.agent.id == "spiffe://<TRUST_DOMAIN>/agent/${server}"
\tinput.tool.server == "${server}"
\tinput.intent in {"read", "comment"}          # no "admin", "delete", "write_secrets"
\tinput.target.repository == "${a.owner}/${a.repo}"
\tinput.task.started_by != ""
\ttime.now_ns() < input.task.deadline_ns
\tinput.credential.ttl_seconds <= 900
}`,
  };
}

const BY_KIND: Readonly<Record<string, (a: ArtifactInput) => Artifact[]>> = {
  "aws-trust-policy": awsTrustPolicy,
  "gcp-wif-condition": gcpWif,
  "azure-federated-credential": azureFic,
  "vault-role": vaultRole,
  "k8s-service-account": k8sServiceAccount,
  "github-oidc-step": (a) => [
    {
      kind: "github-oidc-step",
      title: "Workflow: let the job request an OIDC token",
      language: "yaml",
      content: `permissions:\n  id-token: write\n  contents: read\n# the job exchanges its OIDC token (sub: ${sub(a)}) for a short-lived credential`,
    },
  ],
  "policy-rego": (a) => [regoPolicy(a)],
};

export function artifactsFor(kind: string | undefined, a: ArtifactInput): Artifact[] {
  const make = kind ? BY_KIND[kind] : undefined;
  return make ? make(a) : [];
}
