#!/usr/bin/env node
// The CLI's bundle, compiled from its V8 code cache when that fits (see src/boot.ts); `--version`
// alone is answered without loading the CLI at all. This file and what it loads first are CommonJS
// (bin/package.json, dist/bundle/): an ES module entry would cost every run Node's ESM loader.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const args = process.argv.slice(2);
const bundled = join(__dirname, "../dist/bundle");
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  const file = join(bundled, "version.js");
  const version = existsSync(file) ? Promise.resolve(require(file)) : import("../dist/version.js");
  version.then(({ VERSION }) => process.stdout.write(`${VERSION}\n`));
} else if (existsSync(join(bundled, "cli.js"))) {
  const { loadBundle, tuneV8 } = require(join(bundled, "boot.js"));
  tuneV8();
  const bundle = join(bundled, "cli.js");
  const loaded = loadBundle(bundle, `${bundle}.cache`);
  loaded.exports.main({ codeCache: loaded.cache });
} else {
  // A build without the bundle (tsc alone) still runs, from the per-module output.
  import("../dist/cli.js").then((cli) => cli.main());
}
