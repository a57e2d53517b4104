#!/usr/bin/env node
// The CLI's bundle, compiled from its V8 code cache when that fits (see src/boot.ts); `--version`
// alone is answered without loading the CLI at all.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  const { VERSION } = await import("../dist/version.js");
  process.stdout.write(`${VERSION}\n`);
} else {
  const { loadBundle, tuneV8 } = await import("../dist/boot.js");
  tuneV8();
  const bundle = fileURLToPath(new URL("../dist/bundle/cli.js", import.meta.url));
  if (existsSync(bundle)) {
    const loaded = loadBundle(bundle, `${bundle}.cache`);
    await loaded.exports.main({ codeCache: loaded.cache });
  } else {
    // A build without the bundle (tsc alone) still runs, from the per-module output.
    await (await import("../dist/cli.js")).main();
  }
}
