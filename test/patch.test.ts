import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, commitAll, initRepo, tempDir, tempTree } from "./cli-helpers.js";

describe("--patch", () => {
  it("writes a diff git accepts; after applying it no literal is left in the patched files", () => {
    const dir = tempTree({
      ".mcp.json":
        '{\n  "mcpServers": {\n    "github": { "command": "npx", "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "{{fake:ghp_:alnum:36:crc32}}" } },\n    "linear": { "type": "http", "url": "https://mcp.linear.app/mcp", "headers": { "Authorization": "Bearer {{fake:lin_api_:alnum:40}}" } }\n  }\n}\n',
      ".cursor/mcp.json":
        '{"mcpServers":{"stripe":{"command":"npx","args":["-y","@stripe/mcp","--api-key={{fake:sk_live_:alnum:99}}"]}}}',
      ".continue/mcpServers/s.yaml":
        "mcpServers:\n  - name: supabase\n    command: npx\n    args: [-y, --access-token, {{fake:sbp_:hex:40}}]\n",
      "app.env":
        "GROQ_API_KEY={{fake:gsk_:alnum:52}}\nDATABASE_URL=postgres://app:{{fake::alnum:20}}@db.internal:5432/app\n",
      "src/main.py": 'KEY = "{{fake:xai-:alnum:80}}"\n',
      "src/min.js":
        'var a={"k1":"{{fake:gsk_:alnum:52}}","k2":"{{fake:gsk_:alnum:52}}","k3":"{{fake:gsk_:alnum:52}}"};\n',
    });
    initRepo(dir);
    commitAll(dir, "configs");
    const patch = join(tempDir("as-patch-"), "fix.diff");
    const r = cli(["scan", ".", "--no-history", "--patch", patch], dir);
    expect(r.stderr).toMatch(/provision these variables .*GITHUB_PERSONAL_ACCESS_TOKEN/);
    expect(r.stderr).toContain("manual: src/main.py:1");
    // Three secrets on one line of code: one line that counts them.
    expect(r.stderr.match(/manual: src\/min\.js:1 .*, 3 secrets\n/g)).toHaveLength(1);
    const diff = readFileSync(patch, "utf8");
    expect(statSync(patch).mode & 0o777).toBe(0o600); // it holds the literals it removes
    expect(diff).toContain(
      '+    "github": { "command": "npx", "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_PERSONAL_ACCESS_TOKEN}" } },',
    );
    expect(diff).toContain('"Authorization": "Bearer ${LINEAR_API_KEY}"');
    expect(diff).toContain("--api-key=${env:STRIPE_API_KEY}");
    expect(diff).toContain("${{ secrets.SUPABASE_TOKEN }}");
    expect(diff).toContain("+DATABASE_URL=postgres://app:${DATABASE_PASSWORD}@db.internal:5432/app");
    execFileSync("git", ["apply", "--check", patch], { cwd: dir });
    execFileSync("git", ["apply", patch], { cwd: dir });
    const after = JSON.parse(cli(["scan", ".", "--no-history", "-f", "json"], dir).stdout);
    expect(after.findings.map((f: { path: string }) => f.path)).toEqual([
      "src/main.py",
      "src/min.js",
      "src/min.js",
      "src/min.js",
    ]);
    expect(after.diagnostics.filter((d: { code: string }) => d.code === "broken-reference")).toEqual([]);
  });

  it("moves an access key's id out with its secret: the whole credential, in a .env and an MCP config", () => {
    const id = "{{fake:AKIA:upper:16}}";
    const secret = "{{fake::base64:40}}";
    const dir = tempTree({
      ".env": `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\nAWS_REGION=eu-west-1\n`,
      ".cursor/mcp.json": `{"mcpServers":{"aws":{"command":"uvx","env":{"AWS_ACCESS_KEY_ID":"${id}","AWS_SECRET_ACCESS_KEY":"${secret}"}}}}`,
    });
    initRepo(dir);
    commitAll(dir, "configs");
    const patch = join(tempDir("as-patch-"), "fix.diff");
    const r = cli(["scan", ".", "--no-history", "--patch", patch], dir);
    expect(r.stderr).toMatch(/provision these variables .*AWS_ACCESS_KEY_ID.*AWS_SECRET_ACCESS_KEY/);
    const diff = readFileSync(patch, "utf8");
    expect(diff).toContain(
      "+AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}\n+AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n",
    );
    expect(diff).toContain(
      '"AWS_ACCESS_KEY_ID":"${env:AWS_ACCESS_KEY_ID}","AWS_SECRET_ACCESS_KEY":"${env:AWS_SECRET_ACCESS_KEY}"',
    );
    execFileSync("git", ["apply", patch], { cwd: dir });
    // Neither half is left: no AKIA… either.
    for (const file of [".env", ".cursor/mcp.json"])
      expect(readFileSync(join(dir, file), "utf8")).not.toMatch(/AKIA/);
    expect(JSON.parse(cli(["scan", ".", "--no-history", "-f", "json"], dir).stdout).findings).toEqual([]);
  });
});
