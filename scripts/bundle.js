#!/usr/bin/env node
// Build step: bundle the CLI and its thread entries into dist/bundle/, so a start loads one file
// instead of some eighty modules (about 45 ms less per process and per worker on the 2-core machine).
// dist/ keeps the per-module build for the library API.
// - Every entry is one self-contained CommonJS file (dist/bundle/package.json says so): a worker
//   thread starts about 12 ms sooner from a CommonJS entry than from an ES module graph.
// - cli.js: the whole CLI, which bin/agent-secrets.js compiles with a V8 code cache (cli.js.cache,
//   written by scripts/code-cache.js after a warm-up scan; see src/boot.ts). Its first line names the
//   build, so a cache from another build is never used; its code follows in Node's CommonJS wrapper
//   (boot.ts WRAPPER_OPEN), so loading it makes no wrapped copy. Only loadBundle runs it.
// - boot.js and version.js: what bin/agent-secrets.js (CommonJS too, bin/package.json) loads first.
//   An ES module entry costs every run Node's ESM loader, about 6 ms on the 2-core machine.
// esbuild-wasm is pure JS + WebAssembly: no native binary, no install script.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild-wasm";
import { BUILD_LINE, WRAPPER_CLOSE, WRAPPER_OPEN } from "../dist/boot.js";
import { contentHash } from "../dist/rules/load.js";
import { asciiEscaped } from "./ascii.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const out = join(root, "dist/bundle");
rmSync(out, { recursive: true, force: true }); // nothing stale
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "package.json"), '{ "type": "commonjs" }\n');
await build({
  absWorkingDir: root,
  entryPoints: {
    cli: "dist/cli.js",
    worker: "dist/worker.js",
    "git-pump": "dist/sources/git-pump.js",
    "read-pump": "dist/sources/read-pump.js",
    boot: "dist/boot.js",
    version: "dist/version.js",
  },
  // One folder below dist/, like dist/rules/ and dist/sources/: the relative URLs in the code
  // (../../rules, ../keywords.dfa, ./worker.js, ./git-pump.js, ./read-pump.js) resolve the same here.
  outdir: "dist/bundle",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // The modules locate their files (rules, workers, package.json) from import.meta.url.
  // __AGENT_SECRETS_BUNDLE__: util/lazy.ts requires its libraries by name, so they are bundled too.
  define: { "import.meta.url": "__asModuleUrl", __AGENT_SECRETS_BUNDLE__: "true" },
  banner: { js: "const __asModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: "warning",
});
// ASCII output (a few characters in comments and one regex are not): see scripts/ascii.js.
for (const name of ["cli.js", "worker.js", "git-pump.js", "read-pump.js", "boot.js", "version.js"]) {
  const file = join(out, name);
  const text = readFileSync(file, "utf8");
  const ascii = asciiEscaped(text);
  if (ascii !== text) writeFileSync(file, ascii);
}
const cli = join(out, "cli.js");
const bytes = readFileSync(cli);
writeFileSync(
  cli,
  Buffer.concat([
    Buffer.from(`${BUILD_LINE}${contentHash(bytes).toString(16).padStart(8, "0")}\n${WRAPPER_OPEN}`),
    bytes,
    Buffer.from(WRAPPER_CLOSE),
  ]),
);
const warm = spawnSync(process.execPath, [join(root, "scripts/code-cache.js")], { stdio: "inherit" });
if (warm.status !== 0) process.exit(warm.status ?? 1);
