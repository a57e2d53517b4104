import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadRuleset } from "../src/rules/load.js";
import { validateProviderFile } from "../src/rules/schema.js";
import { cli, reportOf, tempDir, tempTree } from "./cli-helpers.js";

/** A Google Cloud service account key file's fields, its PEM's lines as JSON writes them. */
const PEM = [
  "-----BEGIN PRIVATE KEY-----",
  "{{fake:MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ:base64:14}}",
  "{{fake::base64:64}}",
  "{{fake::base64:64}}",
  "{{fake::base64:40}}",
  "-----END PRIVATE KEY-----",
  "",
];
const keyFile = (keyId: string, pem: string[] | undefined, email = "ci@acme-prod.iam.gserviceaccount.com") =>
  [
    "{",
    '  "type": "service_account",',
    '  "project_id": "acme-prod",',
    `  "private_key_id": "${keyId}",`,
    ...(pem ? [`  "private_key": "${pem.join("\\n")}",`] : []),
    `  "client_email": "${email}"`,
    "}",
  ].join("\n");

/** Each finding of a scan as rule, line and key path. */
function scanned(files: Record<string, string>): { found: string[]; dropped: Record<string, number> } {
  const dir = tempTree(files);
  const r = reportOf(cli(["scan", dir, "--no-history", "-q", "-f", "json", "--fail-on", "none"]));
  return {
    found: r.findings.map(
      (f: { ruleId: string; path: string; line: number; keyPath?: string }) =>
        `${f.ruleId} ${f.path}:${f.line} ${f.keyPath ?? ""}`,
    ),
    dropped: r.stats.dropped,
  };
}

describe("a credential written as two values of one object", () => {
  it("is one finding at the private key of a Google Cloud key file, under the key file's rule", () => {
    const r = scanned({ "sa.json": keyFile("{{fake::hex:40}}", PEM) });
    expect(r.found).toEqual(["gcp-service-account-key sa.json:5 private_key"]);
    expect(r.dropped.paired).toBe(1);
  });

  it("stays at the key id when the private key is not beside it, and pairs nothing across objects", () => {
    expect(scanned({ "settings.json": keyFile("{{fake::hex:40}}", undefined) }).found).toEqual([
      "gcp-service-account-key settings.json:4 private_key_id",
    ]);
    // A PEM under `private_key` with no key id beside it is a private key.
    const lone = JSON.stringify({ tls: { private_key: PEM.join("\n") } }, null, 2);
    expect(scanned({ "tls.json": lone }).found).toEqual(["private-keys-pem tls.json:3 tls.private_key"]);
    // The id in one object, a key in another: two credentials as far as anyone can tell.
    const apart = `{"a": ${keyFile("{{fake::hex:40}}", undefined)},\n"b": {"private_key": "${PEM.join("\\n")}"}}`;
    const r = scanned({ "apart.json": apart });
    expect(r.found).toEqual([
      "gcp-service-account-key apart.json:4 a.private_key_id",
      "private-keys-pem apart.json:7 b.private_key",
    ]);
    expect(r.dropped.paired).toBeUndefined();
  });

  it("pairs each key of a list with its own id, in JSON and in YAML", () => {
    const two = `[\n${keyFile("{{fake::hex:40}}", PEM)},\n${keyFile("{{fake::hex:40}}", PEM, "b@x.iam.gserviceaccount.com")}\n]`;
    expect(scanned({ "keys.json": two }).found).toEqual([
      "gcp-service-account-key keys.json:6 [0].private_key",
      "gcp-service-account-key keys.json:13 [1].private_key",
    ]);
    const yaml = [
      "gcp:",
      "  credentials:",
      "    type: service_account",
      "    private_key_id: {{fake::hex:40}}",
      "    private_key: |",
      ...PEM.slice(0, -1).map((l) => `      ${l}`),
      "    client_email: ci@acme-prod.iam.gserviceaccount.com",
      "",
    ].join("\n");
    expect(scanned({ "values.yaml": yaml }).found).toEqual([
      "gcp-service-account-key values.yaml:6 gcp.credentials.private_key",
    ]);
  });
});

const ID = "{{fake:AKIA:upper:16}}";
const SECRET = "{{fake::base64:40}}";

describe("an AWS access key: its id beside its secret", () => {
  it("is one finding at the secret in each profile of ~/.aws/credentials, in a .env and in an MCP config", () => {
    const r = scanned({
      ".aws/credentials": `[default]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n\n[profile ci]\naws_access_key_id=${ID}\naws_secret_access_key=${SECRET}\nregion = eu-west-1\n`,
      ".env": `AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      ".mcp.json": JSON.stringify(
        {
          mcpServers: {
            aws: { command: "uvx", env: { AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET } },
          },
        },
        null,
        2,
      ),
    });
    expect(r.found).toEqual([
      "aws-secret-access-key .aws/credentials:3 default.aws_secret_access_key",
      'aws-secret-access-key .aws/credentials:7 ["profile ci"].aws_secret_access_key',
      "aws-secret-access-key .env:2 AWS_SECRET_ACCESS_KEY",
      "aws-secret-access-key .mcp.json:7 mcpServers.aws.env.AWS_SECRET_ACCESS_KEY",
    ]);
    expect(r.dropped.paired).toBe(4);
  });

  it("takes temporary credentials' session token into the one finding", () => {
    const token = "{{fake:IQoJb3JpZ2luX2Vj:base64:300}}";
    const r = scanned({
      "creds.json": JSON.stringify(
        {
          Credentials: {
            AccessKeyId: "{{fake:ASIA:upper:16}}",
            SecretAccessKey: SECRET,
            SessionToken: token,
          },
        },
        null,
        2,
      ),
    });
    expect(r.found).toEqual(["aws-secret-access-key creds.json:4 Credentials.SecretAccessKey"]);
    expect(r.dropped.paired).toBe(2);
  });

  it("keeps an id alone; pairs two keys written flat in one .env by their names, and not when names tie", () => {
    expect(scanned({ ".env": `AWS_ACCESS_KEY_ID=${ID}\nAWS_REGION=eu-west-1\n` }).found).toEqual([
      "aws-access-key-id .env:1 AWS_ACCESS_KEY_ID",
    ]);
    const flat = `PROD_AWS_ACCESS_KEY_ID=${ID}\nDEV_AWS_ACCESS_KEY_ID=${ID}\nDEV_AWS_SECRET_ACCESS_KEY=${SECRET}\nPROD_AWS_SECRET_ACCESS_KEY=${SECRET}\n`;
    const r = scanned({ ".env": flat });
    expect(r.found).toEqual([
      "aws-secret-access-key .env:3 DEV_AWS_SECRET_ACCESS_KEY",
      "aws-secret-access-key .env:4 PROD_AWS_SECRET_ACCESS_KEY",
    ]);
    expect(r.dropped.paired).toBe(2);
    // The same name twice (the later one wins where the file is read) and one secret: which id the
    // secret belongs to is not written anywhere, so all three are reported.
    const twice = scanned({
      ".env": `AWS_ACCESS_KEY_ID=${ID}\nAWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`,
    });
    expect(twice.found.map((f) => f.split(" ")[0])).toEqual([
      "aws-access-key-id",
      "aws-access-key-id",
      "aws-secret-access-key",
    ]);
    expect(twice.dropped.paired).toBeUndefined();
  });
});

describe("where the other half of a paired credential is", () => {
  it("is in every report: JSON, SARIF, text, markdown and the plan, with no value of its own", () => {
    const dir = tempTree({ ".env": `AWS_ACCESS_KEY_ID=${ID}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n` });
    const id = readFileSync(join(dir, ".env"), "utf8").split("\n")[0]!.split("=")[1]!;
    const run = (...args: string[]) => cli(["scan", dir, "--no-history", "-q", "--fail-on", "none", ...args]);
    const json = run("-f", "json", "--show-secrets");
    const [f] = reportOf(json).findings;
    expect(f.ruleId).toBe("aws-secret-access-key");
    expect(f.paired).toEqual([
      {
        ruleId: "aws-access-key-id",
        title: "AWS access key ID",
        line: 1,
        column: 19,
        endLine: 1,
        endColumn: 39,
        keyPath: "AWS_ACCESS_KEY_ID",
      },
    ]);
    const sarif = JSON.parse(run("-f", "sarif").stdout);
    expect(sarif.runs[0].results[0].relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: ".env" },
          region: { startLine: 1, startColumn: 19, endLine: 1, endColumn: 39 },
        },
        message: { text: "AWS access key ID: part of the same credential" },
      },
    ]);
    expect(run().stdout).toContain("with its AWS access key ID at 1:19 (AWS_ACCESS_KEY_ID): one credential");
    expect(run("-f", "markdown").stdout).toContain(
      "with its AWS access key ID at 1:19 (`AWS_ACCESS_KEY_ID`)",
    );
    const plan = cli(["plan", dir, "--no-history"]).stdout;
    expect(plan).toContain("Delete its AWS access key ID at 1:19 (`AWS_ACCESS_KEY_ID`) in .env with it");
    // The id is no secret of its own here: no report prints it.
    for (const out of [json.stdout, JSON.stringify(sarif), run().stdout, plan]) expect(out).not.toContain(id);
  });

  it("names a key file's id by its key, the finding being the key file's", () => {
    const r = reportOf(
      cli([
        "scan",
        tempTree({ "sa.json": keyFile("{{fake::hex:40}}", PEM) }),
        "--no-history",
        "-q",
        "-f",
        "json",
        "--fail-on",
        "none",
      ]),
    );
    expect(r.findings.map((f: { paired: unknown }) => f.paired)).toEqual([
      [
        {
          ruleId: "gcp-service-account-key",
          title: "private_key_id",
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 62,
          keyPath: "private_key_id",
        },
      ],
    ]);
  });
});

describe("a key file inside a value", () => {
  it("is one finding in a Secret's base64, its path going on into the file", () => {
    const dir = tempTree({ "sa.json": keyFile("{{fake::hex:40}}", PEM) });
    const file = readFileSync(join(dir, "sa.json"));
    writeFileSync(
      join(dir, "secret.yaml"),
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: gcp-key\ndata:\n  key.json: ${file.toString("base64")}\n`,
    );
    rmSync(join(dir, "sa.json"));
    const r = reportOf(cli(["scan", dir, "--no-history", "-q", "-f", "json", "--fail-on", "none"]));
    expect(
      r.findings.map((f: { ruleId: string; keyPath: string; decoded: string }) => [
        f.ruleId,
        f.keyPath,
        f.decoded,
      ]),
    ).toEqual([["gcp-service-account-key", 'data["key.json"].private_key', "base64"]]);
    expect(r.stats.dropped.paired).toBe(1);
  });

  it("gives a hit in a JSON document held in a JSON string its path inside that document", () => {
    const inner = JSON.stringify({ service: { api_token: "{{fake::alnum:32}}" } });
    const r = scanned({ "settings.json": JSON.stringify({ config: inner }, null, 2) });
    expect(r.found).toEqual(["generic-secret settings.json:2 config.service.api_token"]);
  });
});

describe("paired_with in a rule file", () => {
  const spec = {
    id: "acme-key-id",
    name: "Acme key id",
    severity: "high",
    key: "key_id",
    pattern: "^([a-f0-9]{32})$",
    keywords: ["key_id"],
    playbook: "saas-api-token",
    examples: ["key_id = {{fake::hex:32}}"],
    negative_examples: ["key_id = abc"],
  };

  it("must name a rule, maybe the key its value is under and the rule to report as", () => {
    for (const good of [
      { rule: "private-keys-pem", key: "key" },
      { rule: "private-keys-pem" },
      { rule: "private-keys-pem", report_as: "private-keys-pem" },
    ]) {
      const ok = validateProviderFile(
        { provider: "acme", rules: [{ ...spec, paired_with: good }] },
        "acme.yaml",
        () => 1,
      );
      expect(ok.problems).toEqual([]);
    }
    for (const bad of [
      { rule: "private-keys-pem", key: "" },
      { rule: "Not An Id", key: "k" },
      { rule: "private-keys-pem", report_as: "Not An Id" },
      { rule: "private-keys-pem", keys: ["k"] },
      "private-keys-pem",
    ]) {
      const r = validateProviderFile(
        { provider: "acme", rules: [{ ...spec, paired_with: bad }] },
        "acme.yaml",
        () => 1,
      );
      expect(r.problems.map((p) => p.message)).toEqual([
        "`paired_with` must be { rule: <rule id>, key?: <the name its value is under>, report_as?: <rule id> }",
      ]);
    }
  });

  it("is refused when it names no rule, or its own, or reports as a third rule", () => {
    for (const [rule, message, reportAs] of [
      ["acme-no-such-rule", "`paired_with` names no rule acme-no-such-rule"],
      ["acme-key-id", "`paired_with` names the rule itself"],
      [
        "private-keys-pem",
        "`paired_with.report_as` must be acme-key-id or private-keys-pem, not generic-secret",
        "generic-secret",
      ],
    ]) {
      const dir = tempDir();
      mkdirSync(join(dir, "rules"));
      const pair = { rule, key: "key", ...(reportAs ? { report_as: reportAs } : {}) };
      const file = { provider: "acme", rules: [{ ...spec, paired_with: pair }] };
      const yaml = stringify(file);
      writeFileSync(join(dir, "rules", "acme.yaml"), yaml);
      const { problems } = loadRuleset([join(dir, "rules")]);
      expect(problems.map((p) => p.message)).toContain(message);
    }
  });
});
