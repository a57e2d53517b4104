import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, commitAll, initRepo, tempTree } from "./cli-helpers.js";

const MULTITOOL = resolve(__dirname, "../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");

/** Runs the SARIF multitool with GitHub's rules; returns its results (level + rule). */
function validate(file: string): { level: string; ruleId: string; text: string }[] {
  chmodSync(MULTITOOL, 0o755); // npm skips install scripts here, so the binary arrives without +x
  const out = `${file}.validation.sarif`;
  const r = spawnSync(MULTITOOL, ["validate", "--rule-kind", "Gh;Sarif", file, "-o", out], {
    encoding: "utf8",
  });
  expect(r.status, r.stdout + r.stderr).toBe(0);
  const log = JSON.parse(readFileSync(out, "utf8"));
  return (log.runs[0].results ?? []).map(
    (x: { level?: string; ruleId: string; message: { text?: string; id?: string } }) => ({
      level: x.level ?? "warning",
      ruleId: x.ruleId,
      text: x.message.text ?? x.message.id ?? "",
    }),
  );
}

const FILES = {
  ".mcp.json":
    '{\n  "mcpServers": {\n    "github": { "command": "npx", "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "{{fake:ghp_:alnum:36:crc32}}" } }\n  }\n}\n',
  ".env":
    "OPENAI_API_KEY={{fake:sk-proj-:base64url:156}}\nDATABASE_URL=postgres://app:{{fake::alnum:20}}@db.internal:5432/app\n",
  "src/app.py":
    'SLACK = "https://hooks.slack.com/services/T{{fake::upper:10}}/B{{fake::upper:10}}/{{fake::alnum:24}}"\n',
  "deploy/values.yaml":
    "aws:\n  accessKeyId: {{fake:AKIA:upper:16}}\n  secretAccessKey: {{fake::base64:40}}\n",
};

describe("SARIF", () => {
  const dir = tempTree(FILES, "sarif");
  initRepo(dir);
  commitAll(dir, "add config");
  writeFileSync(
    join(dir, "old.js"),
    readFileSync(join(dir, "src/app.py"), "utf8").replace("SLACK", "const slack"),
  );
  commitAll(dir, "copy");
  const sarifFile = join(dir, "out.sarif");
  const run = cli(["scan", dir, "--sarif", sarifFile, "--quiet"]);

  it("is written alongside the text report and passes the multitool with GitHub rules", () => {
    expect(run.code).toBe(1);
    expect(existsSync(sarifFile)).toBe(true);
    const problems = validate(sarifFile).filter((r) => r.level === "error" || r.level === "warning");
    expect(problems).toEqual([]);
  });

  it("points at the access key's id beside its secret, which the multitool accepts", () => {
    const results = JSON.parse(readFileSync(sarifFile, "utf8")).runs[0].results;
    const aws = results.filter((r: { ruleId: string }) => r.ruleId.startsWith("aws-"));
    // In the working tree and in the commit that added it: the secret, its id beside it, each time.
    expect(aws.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      "aws-secret-access-key",
      "aws-secret-access-key",
    ]);
    for (const r of aws)
      expect(r.relatedLocations).toEqual([
        {
          id: 1,
          physicalLocation: {
            artifactLocation: { uri: "deploy/values.yaml" },
            region: { startLine: 2, startColumn: 16, endLine: 2, endColumn: 36 },
          },
          message: { text: "AWS access key ID: part of the same credential" },
        },
      ]);
  });

  it("describes every rule used and never carries a secret", () => {
    const text = readFileSync(sarifFile, "utf8");
    const sarif = JSON.parse(text);
    const json = JSON.parse(cli(["scan", dir, "-f", "json", "--show-secrets", "--quiet"]).stdout);
    for (const f of json.findings) expect(text.includes(f.secret)).toBe(false);
    const run0 = sarif.runs[0];
    const ruleIds = new Set(run0.tool.driver.rules.map((r: { id: string }) => r.id));
    for (const r of run0.results) {
      expect(ruleIds.has(r.ruleId)).toBe(true);
      expect(r.partialFingerprints["agentSecrets/v1"]).toMatch(/^[0-9a-f]{24}$/);
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
    for (const rule of run0.tool.driver.rules) {
      expect(rule.help.markdown.length).toBeGreaterThan(20);
      expect(rule.properties["security-severity"]).toMatch(/^\d+\.\d$/);
    }
    expect(
      run0.results.some((r: { message: { text: string } }) =>
        r.message.text.includes("mcpServers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN"),
      ),
    ).toBe(true);
  });

  it("keeps fingerprints when lines move", () => {
    const before = JSON.parse(readFileSync(sarifFile, "utf8")).runs[0].results.map(
      (r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints["agentSecrets/v1"],
    );
    const env = readFileSync(join(dir, ".env"), "utf8");
    writeFileSync(join(dir, ".env"), `# moved\n\n${env.split("\n").reverse().join("\n")}`);
    const again = join(dir, "again.sarif");
    cli(["scan", dir, "--sarif", again, "--quiet", "--no-history"]);
    const after = JSON.parse(readFileSync(again, "utf8")).runs[0].results.map(
      (r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints["agentSecrets/v1"],
    );
    for (const fp of after) expect(before).toContain(fp);
  });
});
