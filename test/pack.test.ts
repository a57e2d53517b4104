/** The npm tarball, installed into an empty folder, runs a real scan. */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, tempTree } from "./cli-helpers.js";

const ROOT = resolve(__dirname, "..");

describe("npm pack", () => {
  it("ships bin, dist and rules, and works from an empty folder", () => {
    const out = tempDir("as-pack-");
    const listing = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: ROOT, encoding: "utf8" }),
    );
    const files: string[] = listing[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain("bin/agent-secrets.js");
    expect(files).toContain("dist/cli.js");
    for (const entry of [
      "cli.js",
      "cli.js.cache",
      "worker.js",
      "git-pump.js",
      "read-pump.js",
      "package.json",
      "lib-yaml.js",
      "lib-yaml.js.cache",
      "lib-smol-toml.js.cache",
      "lib-jsonc-parser.js.cache",
      "lib-fast-glob.js.cache",
      "lib-redos-detector.js",
    ])
      expect(files).toContain(`dist/bundle/${entry}`);
    expect(files).toContain("dist/rules-cache.json");
    expect(files.some((f) => f.startsWith("rules/providers/"))).toBe(true);
    expect(
      files.some((f) => f.startsWith("test/") || f.startsWith("src/") || f.startsWith("fixtures/")),
    ).toBe(false);
    const tgz = join(out, readdirSync(out).find((f) => f.endsWith(".tgz"))!);
    const app = tempDir("as-app-");
    writeFileSync(join(app, "package.json"), '{"name":"app","version":"1.0.0","private":true}');
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tgz], {
      cwd: app,
      stdio: "ignore",
    });
    const target = tempTree({
      ".mcp.json": '{"mcpServers":{"g":{"env":{"GROQ_API_KEY":"{{fake:gsk_:alnum:52}}"}}}}',
    });
    const r = spawnSync(
      "npx",
      ["--no-install", "agent-secrets", "scan", target, "--no-history", "-f", "json", "--debug"],
      { cwd: app, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain("code cache: accepted"); // the cache ships, and fits the installed bundle
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({
      ruleId: "groq-api-key",
      client: "claude-code",
      server: "g",
    });
  }, 180_000);
});

describe("programmatic API", () => {
  it("exports scan() that returns the JSON report model", async () => {
    const api = await import("../src/index.js");
    const dir = tempTree({ ".env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\n" });
    const report = await api.scan({ paths: [dir], history: false, includeDeps: false, rulesDirs: [] });
    expect(report.version).toBe(1);
    expect(report.findings.map((f) => f.ruleId)).toEqual(["groq-api-key"]);
  });
});
