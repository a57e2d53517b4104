/**
 * Dependencies loaded on first use, synchronously (each ships a CommonJS build). A pre-commit scan of
 * a few source files never pays for the YAML, TOML or glob libraries; start-up stays short.
 *
 * The CLI bundle carries each in a file of its own beside it (`lib-<name>.js`, scripts/bundle.js),
 * compiled from its own V8 code cache (boot.ts loadBundle): loading the yaml library from node_modules
 * took about 45 ms (some fifty files resolved, read and compiled). Inside the CLI bundle they were
 * 0.74 of its 1.37 MB, which every start read and copied into a string (the whole file: 10 ms and 730
 * page faults on the 2-core machine), and 0.55 of a detection worker's 0.85 MB, which each worker
 * parsed, though most scans use none of them. The per-module build (the library API) and the tests
 * load them from node_modules.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type Bundle, loadBundle } from "../boot.js";
import { underRunBudget } from "./tier-up.js";

const fromModules = createRequire(import.meta.url);

/** `true` in the CLI bundle (scripts/bundle.js defines it); undeclared in the per-module build and tests. */
declare const __AGENT_SECRETS_BUNDLE__: true | undefined;
const bundled = typeof __AGENT_SECRETS_BUNDLE__ !== "undefined";

/** The libraries this thread loaded from their files beside the bundle, by name. */
const fromFiles = new Map<string, { readonly file: string; readonly bundle: Bundle }>();

/** Library `name` from the bundle's folder (its `lib-<name>.js`), or from node_modules outside the bundle. */
function library(name: string): unknown {
  if (!bundled) return fromModules(name);
  const file = fileURLToPath(new URL(`./lib-${name}.js`, import.meta.url));
  const bundle = underRunBudget(() => loadBundle(file, `${file}.cache`));
  fromFiles.set(name, { file, bundle });
  return bundle.exports;
}

/** What became of each loaded library's code cache (`yaml accepted, smol-toml missing`), for --debug. */
export function libraryCaches(): string {
  return [...fromFiles].map(([name, { bundle }]) => `${name} ${bundle.cache}`).join(", ");
}

/** Writes the code cache of each library loaded from its file (the build's warm-up); their names. */
export function writeLibraryCaches(): string[] {
  for (const { file, bundle } of fromFiles.values()) bundle.writeCache(`${file}.cache`);
  return [...fromFiles.keys()];
}

function lazy<T>(load: () => unknown): () => T {
  let mod: T | undefined;
  return () => {
    mod ??= load() as T;
    return mod;
  };
}

export const yamlLib = lazy<typeof import("yaml")>(() => library("yaml"));
export const tomlLib = lazy<typeof import("smol-toml")>(() => library("smol-toml"));
export const jsoncLib = lazy<typeof import("jsonc-parser")>(() => library("jsonc-parser"));
export const globLib = lazy<typeof import("fast-glob")>(() => library("fast-glob"));
// The backtracking analysis of `rules check` (0.17 MB of code no scan runs).
export const redosLib = lazy<typeof import("redos-detector")>(() => library("redos-detector"));
// node:crypto costs a few milliseconds to load: only a scan that needs it pays for it (ids of findings,
// a JWT's signature checked against documentation's keys, a full scan's git blob ids).
export const cryptoLib = lazy<typeof import("node:crypto")>(() => fromModules("node:crypto"));
// node:worker_threads and the worker internals it loads: only a scan that starts a thread (a reading
// thread, a pump, detection workers) pays for them; a staged or small scan starts none.
export const threadsLib = lazy<typeof import("node:worker_threads")>(() =>
  fromModules("node:worker_threads"),
);
