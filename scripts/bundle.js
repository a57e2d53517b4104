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
// - lib-<name>.js: each library util/lazy.ts loads on first use, apart (most scans use none of them),
//   stamped and wrapped as cli.js is, with its own code cache (lib-<name>.js.cache, written by the same
//   warm-up). Inside cli.js they were half of its 1.4 MB, read at every start and parsed by every worker.
// esbuild-wasm is pure JS + WebAssembly: no native binary, no install script.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
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
/**
 * The libraries util/lazy.ts loads apart, by the name of their file (lib-<name>.js) and the module
 * bundled there. jsonc-parser's ES build: its UMD main requires its parts through a `require` handed in
 * at run time, which a bundle cannot follow ("Cannot find module './impl/format'").
 */
const LIBRARIES = {
  yaml: "yaml",
  "smol-toml": "smol-toml",
  "jsonc-parser": "jsonc-parser/lib/esm/main.js",
  "fast-glob": "fast-glob",
  "redos-detector": "redos-detector",
};
const libraryNames = new RegExp(`^(?:${Object.keys(LIBRARIES).join("|")})(?:/|$)`);
const resolveModule = createRequire(join(root, "package.json")).resolve;
/**
 * One folder below dist/, like dist/rules/ and dist/sources/: the relative URLs in the code
 * (../../rules, ../keywords.dfa, ./worker.js, ./git-pump.js, ./read-pump.js, ./lib-yaml.js) resolve the
 * same here. Every file self-contained CommonJS for Node 20.
 */
const common = {
  absWorkingDir: root,
  outdir: "dist/bundle",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  logLevel: "warning",
};
await build({
  ...common,
  entryPoints: {
    cli: "dist/cli.js",
    worker: "dist/worker.js",
    "git-pump": "dist/sources/git-pump.js",
    "read-pump": "dist/sources/read-pump.js",
    boot: "dist/boot.js",
    version: "dist/version.js",
  },
  // The modules locate their files (rules, workers, libraries, package.json) from import.meta.url.
  // __AGENT_SECRETS_BUNDLE__: util/lazy.ts loads its libraries from the lib-*.js files beside it.
  define: { "import.meta.url": "__asModuleUrl", __AGENT_SECRETS_BUNDLE__: "true" },
  banner: { js: "const __asModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    {
      // A library imported by name would be carried twice, and loaded at every start: util/lazy.ts
      // loads each from its own file.
      name: "libraries-apart",
      setup(b) {
        b.onResolve({ filter: libraryNames }, (a) => ({
          errors: [
            { text: `${a.path} (from ${a.importer}): load it through util/lazy.ts, it ships as lib-*.js` },
          ],
        }));
      },
    },
  ],
});
await build({
  ...common,
  entryPoints: Object.fromEntries(
    Object.entries(LIBRARIES).map(([name, id]) => [`lib-${name}`, resolveModule(id)]),
  ),
});
// ASCII output (a few characters in comments and one regex are not): see scripts/ascii.js.
const libraryFiles = Object.keys(LIBRARIES).map((name) => `lib-${name}.js`);
for (const name of [
  "cli.js",
  "worker.js",
  "git-pump.js",
  "read-pump.js",
  "boot.js",
  "version.js",
  ...libraryFiles,
]) {
  const file = join(out, name);
  const text = readFileSync(file, "utf8");
  const ascii = asciiEscaped(text);
  if (ascii !== text) writeFileSync(file, ascii);
}
// The files boot.ts loadBundle compiles: a first line naming their build, then their code in Node's
// CommonJS wrapper.
for (const name of ["cli.js", ...libraryFiles]) {
  const file = join(out, name);
  const bytes = readFileSync(file);
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(`${BUILD_LINE}${contentHash(bytes).toString(16).padStart(8, "0")}\n${WRAPPER_OPEN}`),
      bytes,
      Buffer.from(WRAPPER_CLOSE),
    ]),
  );
}
const warm = spawnSync(process.execPath, [join(root, "scripts/code-cache.js")], { stdio: "inherit" });
if (warm.status !== 0) process.exit(warm.status ?? 1);
