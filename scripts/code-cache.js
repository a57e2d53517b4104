#!/usr/bin/env node
// Build step (run by scripts/bundle.js): writes dist/bundle/cli.js.cache, the V8 code cache of the
// CLI bundle. It loads the bundle exactly as bin/agent-secrets.js does (same V8 flags: V8 keys its
// cache on them), scans the demo tree with its history once, so the functions a scan needs are
// compiled, then saves them all. Secrets in the warm-up tree are generated now and deleted after.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { devNull, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadBundle, tuneV8 } from "../dist/boot.js";
import { expandTemplates } from "./templates.js";

tuneV8();
const bundle = resolve(fileURLToPath(import.meta.url), "../../dist/bundle/cli.js");
const dir = mkdtempSync(join(tmpdir(), "as-warm-"));
try {
  expandTemplates(dir);
  // Files the fast annotators hand to a library (YAML with a tab, JSON with a line separator in a
  // string, TOML: always) and an ignored agent folder the glob library walks: their libraries' code
  // caches are written too.
  const libs = join(dir, "warm-up-libraries");
  mkdirSync(join(libs, ".cursor"), { recursive: true });
  writeFileSync(join(libs, "tab.yaml"), "name: demo\t# a tab before the comment\nports: [80, 443]\n");
  writeFileSync(join(libs, "settings.json"), '{\n  "name": "x\u2028y"\n}\n');
  writeFileSync(join(libs, "config.toml"), '[server]\nhost = "db"\n');
  // And an INI file, whose annotator the demo's files do not reach.
  writeFileSync(join(libs, "deploy.ini"), "[database]\nhost = db\n; user = app\n");
  writeFileSync(join(libs, ".gitignore"), ".cursor/\n");
  writeFileSync(join(libs, ".cursor", "mcp.json"), '{ "mcpServers": {} }\n');
  // With a commit, the warm-up covers the history scan too; without git, the tree alone.
  const git = (...args) => spawnSync("git", ["-C", dir, ...args], { stdio: "ignore" }).status === 0;
  const id = ["-c", "user.name=warm-up", "-c", "user.email=warm-up@example.invalid"];
  const inGit =
    git("init", "-q") && git("add", "-A") && git(...id, "-c", "commit.gpgsign=false", "commit", "-qm", "w");
  if (!inGit) process.stderr.write("code cache: no git here, warming up on the tree alone\n");
  const cli = loadBundle(bundle, undefined);
  const out = ["--json", devNull, "--sarif", devNull, "--markdown", devNull, "--plan", devNull];
  process.argv = [process.argv[0], bundle, "scan", dir, "--quiet", "--format", "text", ...out];
  const write = process.stdout.write;
  process.stdout.write = () => true; // the warm-up's report is not wanted
  try {
    await cli.exports.main();
  } finally {
    process.stdout.write = write;
  }
  if (process.exitCode !== 1) throw new Error(`the warm-up scan found nothing (exit ${process.exitCode})`);
  process.exitCode = 0;
  cli.writeCache(`${bundle}.cache`);
  const written = cli.exports.writeLibraryCaches();
  // The libraries a scan may load (redos-detector is `rules check`'s): the glob library only walks in git.
  const wanted = ["yaml", "smol-toml", "jsonc-parser", ...(inGit ? ["fast-glob"] : [])];
  const missing = wanted.filter((name) => !written.includes(name));
  if (missing.length)
    throw new Error(`the warm-up scan loaded no ${missing.join(", ")}: no code cache for it`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
