#!/usr/bin/env node
// Builds a throw-away agent-heavy git repo from fixtures/demo/ (fake secrets are generated now, from
// {{fake:…}} templates, so none is committed here), gives it some history, and scans it.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expandFakes } from "../dist/rules/examples.js";
import { expandTemplates } from "./templates.js";

const here = dirname(fileURLToPath(import.meta.url));
const dest = resolve(process.argv[2] ?? "demo-repo");

function git(...args) {
  const r = spawnSync("git", args, { cwd: dest, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
}

rmSync(dest, { recursive: true, force: true });
mkdirSync(dest, { recursive: true });
git("init", "-q", "-b", "main");
git("config", "user.name", "Demo Dev");
git("config", "user.email", "dev@demo.invalid");
git("config", "commit.gpgsign", "false");
// History: a key committed, then "fixed" by switching to an environment variable.
mkdirSync(join(dest, "src"), { recursive: true });
const leaked = expandFakes("{{fake:sk-ant-api03-:base64url:93}}AA", "demo:history");
writeFileSync(join(dest, "src/config.js"), `export const anthropicKey = "${leaked}";\n`);
git("add", "-A");
git("commit", "-q", "-m", "feat: call Claude from the summariser");
writeFileSync(join(dest, "src/config.js"), "export const anthropicKey = process.env.ANTHROPIC_API_KEY;\n");
git("add", "-A");
git("commit", "-q", "-m", "fix: read the Anthropic key from the environment");
expandTemplates(dest);
git("add", "-A");
git("commit", "-q", "-m", "feat: agent tooling (MCP servers, notebooks, deploy)");

console.error(`demo repo written to ${dest}\n`);
const bin = resolve(here, "../bin/agent-secrets.js");
const scan = spawnSync(process.execPath, [bin, "scan", dest, ...process.argv.slice(3)], { stdio: "inherit" });
console.error(`\nagent-secrets exited with ${scan.status} (1 = secrets at or above --fail-on were found).`);
