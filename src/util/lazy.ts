/**
 * Dependencies loaded on first use, synchronously (each ships a CommonJS build). A pre-commit scan of
 * a few source files never pays for the YAML, TOML or glob libraries; start-up stays short.
 *
 * In the CLI bundle each is required by its literal name, so the bundle (scripts/bundle.js) carries
 * it as a module evaluated on first use: loading the yaml library from node_modules took about 45 ms
 * (some fifty files resolved, read and compiled), from the bundle a few. The per-module build (the
 * library API) and the tests load them from node_modules.
 */
import { createRequire } from "node:module";

const fromModules = createRequire(import.meta.url);

/** `true` in the CLI bundle (scripts/bundle.js defines it); undeclared in the per-module build and tests. */
declare const __AGENT_SECRETS_BUNDLE__: true | undefined;
const bundled = typeof __AGENT_SECRETS_BUNDLE__ !== "undefined";

function lazy<T>(load: () => unknown): () => T {
  let mod: T | undefined;
  return () => {
    mod ??= load() as T;
    return mod;
  };
}

export const yamlLib = lazy<typeof import("yaml")>(() => (bundled ? require("yaml") : fromModules("yaml")));
export const tomlLib = lazy<typeof import("smol-toml")>(() =>
  bundled ? require("smol-toml") : fromModules("smol-toml"),
);
// jsonc-parser's ES build: its UMD main requires its parts through a `require` handed in at run time,
// which a bundle cannot follow (bundled, it failed with "Cannot find module './impl/format'").
export const jsoncLib = lazy<typeof import("jsonc-parser")>(() =>
  bundled ? require("jsonc-parser/lib/esm/main.js") : fromModules("jsonc-parser"),
);
export const globLib = lazy<typeof import("fast-glob")>(() =>
  bundled ? require("fast-glob") : fromModules("fast-glob"),
);
// node:crypto costs a few milliseconds to load: only a scan that needs it pays for it (ids of findings,
// a JWT's signature checked against documentation's keys, a full scan's git blob ids).
export const cryptoLib = lazy<typeof import("node:crypto")>(() => fromModules("node:crypto"));
// node:worker_threads and the worker internals it loads: only a scan that starts a thread (a reading
// thread, a pump, detection workers) pays for them; a staged or small scan starts none.
export const threadsLib = lazy<typeof import("node:worker_threads")>(() =>
  fromModules("node:worker_threads"),
);
