#!/usr/bin/env node
// Build step: parse the built-in rule YAML once and store it as JSON beside dist/, so the CLI starts
// without a YAML parse. src/rules/load.ts uses an entry only while the file's content hash matches.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const rules = join(root, "rules");
const files = [
  ...readdirSync(join(rules, "providers"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => join(rules, "providers", f)),
  ...readdirSync(join(rules, "playbooks"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => join(rules, "playbooks", f)),
  join(rules, "global.yaml"),
  join(rules, "clients.yaml"),
];
const out = {};
for (const path of files) {
  const text = readFileSync(path, "utf8");
  const key = relative(root, path).split("\\").join("/");
  out[key] = {
    sha1: createHash("sha1").update(text).digest("hex"),
    value: parse(text, { maxAliasCount: 1000 }),
  };
}
writeFileSync(join(root, "dist", "rules-cache.json"), JSON.stringify({ files: out, optimized: {} }));

// The keyword automaton of the built-in rules, so start-up (and every worker thread) skips building it.
const { loadRuleset } = await import("../dist/rules/load.js");
const { buildEngine } = await import("../dist/detect/engine.js");
const { MATCHER_CACHE } = await import("../dist/rules/matcher-cache.js");
const { ruleset } = loadRuleset([]);
writeFileSync(MATCHER_CACHE, buildEngine(ruleset).matcher.serialize());

// The load-time regex rewrites (rules/optimize.ts) of the built-in patterns, so start-up skips them.
const { optimizePattern } = await import("../dist/rules/optimize.js");
const { patternKey, splitFlags } = await import("../dist/rules/load.js");
const optimized = {};
for (const rule of ruleset.rules) {
  if (rule.key) continue; // keyed rules match values whole; their patterns are not rewritten
  const { source, ignoreCase } = splitFlags(rule.pattern);
  optimized[patternKey(source, ignoreCase)] = optimizePattern(source, ignoreCase);
}
writeFileSync(join(root, "dist", "rules-cache.json"), JSON.stringify({ files: out, optimized }));
