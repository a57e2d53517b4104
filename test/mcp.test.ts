import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandFakes } from "../src/rules/examples.js";
import { cli, tempTree } from "./cli-helpers.js";

interface F {
  path: string;
  ruleId: string;
  client: string | null;
  server: string | null;
  field: string | null;
  keyPath: string | null;
  exposure: string;
  decoded: string | null;
  secret: string;
}

function scan(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = cli(["scan", ...args, "-f", "json", "--show-secrets"], process.cwd(), env);
  return JSON.parse(r.stdout) as {
    findings: F[];
    diagnostics: { code: string; path?: string; detail: string }[];
  };
}

describe("agent clients", () => {
  it("attributes findings to client, server, field and key path across formats", () => {
    const dir = tempTree({
      ".cursor/mcp.json":
        '{"mcpServers":{"stripe":{"command":"npx","args":["-y","@stripe/mcp","--api-key={{fake:sk_live_:alnum:99}}"]}}}',
      ".codex/config.toml":
        '[mcp_servers.groq]\ncommand = "npx"\n[mcp_servers.groq.env]\nGROQ_API_KEY = "{{fake:gsk_:alnum:52}}"\n',
      ".continue/mcpServers/s.yaml":
        "mcpServers:\n  - name: supabase\n    command: npx\n    args: [-y, '@supabase/mcp-server-supabase', --access-token, {{fake:sbp_:hex:40}}]\n",
      ".vscode/mcp.json":
        '{\n // comment\n "servers": { "gh": { "type": "http", "url": "https://api.internal.dev/mcp", "headers": { "Authorization": "Bearer {{fake:ghp_:alnum:36:crc32}}" } } },\n}',
      ".zed/settings.json":
        '{ "context_servers": { "linear": { "command": "npx", "env": { "LINEAR_API_KEY": "{{fake:lin_api_:alnum:40}}" } } } }',
    });
    const got = scan([dir, "--no-history"]).findings.map((f) => [
      f.path,
      f.client,
      f.server,
      f.field,
      f.keyPath,
    ]);
    expect(got).toEqual([
      [".codex/config.toml", "codex", "groq", "env", "mcp_servers.groq.env.GROQ_API_KEY"],
      [".continue/mcpServers/s.yaml", "continue", "supabase", "args", "mcpServers[0].args[3]"],
      [".cursor/mcp.json", "cursor", "stripe", "args", "mcpServers.stripe.args[2]"],
      [".vscode/mcp.json", "vscode", "gh", "headers", "servers.gh.headers.Authorization"],
      [".zed/settings.json", "zed", "linear", "env", "context_servers.linear.env.LINEAR_API_KEY"],
    ]);
  });

  it("reports broken references for clients that do not expand them, never for those that do", () => {
    const dir = tempTree({
      ".mcp.json": '{"mcpServers":{"a":{"env":{"X":"${env:X}","Y":"${Y}","Z":"$Z_TOKEN"}}}}',
      ".cursor/mcp.json": '{"mcpServers":{"b":{"env":{"X":"${env:X}"}}}}',
      ".vscode/mcp.json": '{"servers":{"c":{"env":{"X":"${input:x}","Y":"${Y}"}}}}',
      ".continue/mcpServers/d.yaml": "mcpServers:\n  - name: d\n    env:\n      X: ${{ secrets.X }}\n",
    });
    const broken = scan([dir, "--no-history"]).diagnostics.filter((d) => d.code === "broken-reference");
    expect(broken.map((d) => d.path).sort()).toEqual([".mcp.json:1", ".mcp.json:1", ".vscode/mcp.json:1"]);
    expect(broken.map((d) => /`([^`]+)`/.exec(d.detail)?.[1]).sort()).toEqual([
      "$Z_TOKEN",
      "${Y}",
      "${env:X}",
    ]);
  });

  it("decodes base64 Kubernetes secrets, nested docker config auth and JSON-in-a-string", () => {
    const key = expandFakes("{{fake:gsk_:alnum:52}}", "k8s");
    const auth = Buffer.from(`deploy:${expandFakes("{{fake::alnum:24}}", "dc")}`).toString("base64");
    const dockercfg = Buffer.from(JSON.stringify({ auths: { "registry.internal.dev": { auth } } })).toString(
      "base64",
    );
    const dir = tempTree({
      "k8s/secret.yaml": `apiVersion: v1\nkind: Secret\ndata:\n  GROQ_API_KEY: ${Buffer.from(key).toString("base64")}\n  .dockerconfigjson: ${dockercfg}\n  greeting: ${Buffer.from("hello, this is not secret").toString("base64")}\n`,
      ".cursor/mcp.json":
        '{"mcpServers":{"notion":{"env":{"OPENAPI_MCP_HEADERS":"{\\"Authorization\\": \\"Bearer {{fake:ntn_:alnum:46}}\\", \\"Notion-Version\\": \\"2022-06-28\\"}"}}}}',
    });
    const f = scan([dir, "--no-history"]).findings;
    const k8s = f.filter((x) => x.path === "k8s/secret.yaml");
    expect(k8s.map((x) => [x.keyPath, x.decoded])).toEqual([
      ["data.GROQ_API_KEY", "base64"],
      ['data[".dockerconfigjson"].auths["registry.internal.dev"].auth', "base64"],
    ]);
    expect(k8s[0]!.secret).toBe(key);
    const notion = f.find((x) => x.path === ".cursor/mcp.json")!;
    expect(notion).toMatchObject({ server: "notion", keyPath: "mcpServers.notion.env.OPENAPI_MCP_HEADERS" });
    expect(notion.secret.startsWith("ntn_")).toBe(true);
  });

  it("--home audits client configs and credential files with exposure home and ~/ paths", () => {
    const home = tempTree({
      ".aws/credentials":
        "[default]\naws_access_key_id = {{fake:AKIA:upper:16}}\naws_secret_access_key = {{fake::base64:40}}\n",
      ".cursor/mcp.json": '{"mcpServers":{"linear":{"env":{"LINEAR_API_KEY":"{{fake:lin_api_:alnum:40}}"}}}}',
      ".claude.json":
        '{"projects":{"/work/app":{"mcpServers":{"gh":{"env":{"GITHUB_TOKEN":"{{fake:ghp_:alnum:36:crc32}}"}}}}}}',
      ".codex/config.toml": '[mcp_servers.x]\nenv = { XAI_API_KEY = "{{fake:xai-:alnum:80}}" }\n',
      "xdg/gh/hosts.yml": "github.com:\n  oauth_token: {{fake:gho_:alnum:36:crc32}}\n  user: dev\n",
      ".zshrc": "export PATH=$PATH:~/bin\nexport GROQ_API_KEY={{fake:gsk_:alnum:52}}\n",
      ".npmrc": "//registry.npmjs.org/:_authToken={{fake:npm_:alnum:36:crc32}}\n",
    });
    mkdirSync(join(home, "empty"), { recursive: true });
    writeFileSync(join(home, ".bashrc"), "alias ll='ls -l'\n");
    const rep = scan(["--home"], { HOME: home, XDG_CONFIG_HOME: join(home, "xdg") });
    const got = rep.findings.map((f) => [f.path, f.ruleId, f.client, f.exposure]).sort();
    expect(got).toEqual(
      [
        // The profile's key id and secret: one credential, at the secret (its id beside it).
        ["~/.aws/credentials", "aws-secret-access-key", null, "home"],
        ["~/.claude.json", "github-pat", "claude-code", "home"],
        ["~/.codex/config.toml", "xai-api-key", "codex", "home"],
        ["~/.cursor/mcp.json", "linear-api-key", "cursor", "home"],
        ["~/.npmrc", "npm-access-token", null, "home"],
        ["~/.zshrc", "groq-api-key", null, "home"],
        ["~/xdg/gh/hosts.yml", "github-oauth-token", null, "home"],
      ].sort(),
    );
    const claude = rep.findings.find((f) => f.path === "~/.claude.json")!;
    expect(claude.server).toBe("gh");
  });
});
