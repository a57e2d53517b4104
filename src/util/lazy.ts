/**
 * Dependencies loaded on first use, synchronously (each ships a CommonJS build). A pre-commit scan of
 * a few source files never pays for the YAML, TOML or glob libraries; start-up stays short.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

function lazy<T>(name: string): () => T {
  let mod: T | undefined;
  return () => {
    mod ??= require(name) as T;
    return mod;
  };
}

export const yamlLib = lazy<typeof import("yaml")>("yaml");
export const tomlLib = lazy<typeof import("smol-toml")>("smol-toml");
export const jsoncLib = lazy<typeof import("jsonc-parser")>("jsonc-parser");
export const globLib = lazy<typeof import("fast-glob")>("fast-glob");
