/**
 * Dependencies loaded on first use, synchronously (each ships a CommonJS build). A pre-commit scan of
 * a few source files never pays for the YAML, TOML or glob libraries; start-up stays short.
 *
 * Each is required by its literal name, so the CLI bundle (scripts/bundle.js) carries it as a
 * module evaluated on first use: loading the yaml library from node_modules took about 45 ms (some
 * fifty files resolved, read and compiled), from the bundle a few. The per-module build (an ES
 * module, without `require`) loads them from node_modules.
 */
import { createRequire } from "node:module";

const fromModules = createRequire(import.meta.url);

function lazy<T>(load: () => unknown): () => T {
  let mod: T | undefined;
  return () => {
    mod ??= load() as T;
    return mod;
  };
}

// `typeof require`: defined in the CommonJS bundle, not in an ES module.
export const yamlLib = lazy<typeof import("yaml")>(() =>
  typeof require === "function" ? require("yaml") : fromModules("yaml"),
);
export const tomlLib = lazy<typeof import("smol-toml")>(() =>
  typeof require === "function" ? require("smol-toml") : fromModules("smol-toml"),
);
// jsonc-parser's ES build: its UMD main requires its parts through a `require` handed in at run time,
// which a bundle cannot follow (bundled, it failed with "Cannot find module './impl/format'").
export const jsoncLib = lazy<typeof import("jsonc-parser")>(() =>
  typeof require === "function" ? require("jsonc-parser/lib/esm/main.js") : fromModules("jsonc-parser"),
);
export const globLib = lazy<typeof import("fast-glob")>(() =>
  typeof require === "function" ? require("fast-glob") : fromModules("fast-glob"),
);
