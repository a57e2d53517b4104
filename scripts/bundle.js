#!/usr/bin/env node
// Build step: bundle the CLI and its thread entries into dist/bundle/, so a start loads a few files
// instead of some eighty modules (about 45 ms less per process and per worker on the 2-core machine).
// dist/ keeps the per-module build for the library API.
// - cli.cjs: the whole CLI in one CommonJS file, which bin/agent-secrets.js compiles with a V8 code
//   cache (cli.cjs.cache, written by scripts/code-cache.js after a warm-up scan; see src/boot.ts).
//   Its first line names the build, so a cache from another build is never used.
// - worker.js, git-pump.js, read-pump.js: the thread entries, as ES modules sharing chunks.
// esbuild-wasm is pure JS + WebAssembly: no native binary, no install script.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild-wasm";
import { BUILD_LINE } from "../dist/boot.js";
import { contentHash } from "../dist/rules/load.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
rmSync(join(root, "dist/bundle"), { recursive: true, force: true }); // no stale chunks
// One folder below dist/, like dist/rules/ and dist/sources/: the relative URLs in the code
// (../../rules, ../keywords.dfa, ./worker.js, ./git-pump.js, ./read-pump.js) resolve the same here.
const common = {
  absWorkingDir: root,
  outdir: "dist/bundle",
  bundle: true,
  platform: "node",
  target: "node20",
  logLevel: "warning",
};
await build({
  ...common,
  entryPoints: {
    worker: "dist/worker.js",
    "git-pump": "dist/sources/git-pump.js",
    "read-pump": "dist/sources/read-pump.js",
  },
  entryNames: "[name]",
  chunkNames: "chunk-[hash]",
  splitting: true,
  format: "esm",
  // Bundled CommonJS packages require Node built-ins; ESM has no `require` of its own.
  banner: {
    js: "import { createRequire as __asCreateRequire } from 'node:module'; const require = __asCreateRequire(import.meta.url);",
  },
});
await build({
  ...common,
  entryPoints: { cli: "dist/cli.js" },
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  // The modules locate their files (rules, workers, package.json) from import.meta.url.
  define: { "import.meta.url": "__asModuleUrl" },
  banner: { js: "const __asModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const cli = join(root, "dist/bundle/cli.cjs");
const bytes = readFileSync(cli);
writeFileSync(
  cli,
  Buffer.concat([Buffer.from(`${BUILD_LINE}${contentHash(bytes).toString(16).padStart(8, "0")}\n`), bytes]),
);
const warm = spawnSync(process.execPath, [join(root, "scripts/code-cache.js")], { stdio: "inherit" });
if (warm.status !== 0) process.exit(warm.status ?? 1);
