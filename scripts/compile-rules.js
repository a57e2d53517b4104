#!/usr/bin/env node
// Build step: parse the built-in rule YAML once and store it as JSON beside dist/, so the CLI starts
// without a YAML parse. src/rules/load.ts uses an entry only while the file's content hash matches.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { asciiEscaped } from "./ascii.js";

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
// The accounts of the development chains' published phrases, derived once here (BIP-32 and secp256k1
// take about 14 ms): global.yaml's cached parse carries their keys (load.ts publishedTestKeys).
const { ethereumAccountKeys, PUBLISHED_ACCOUNTS, scalarHex } = await import("../dist/detect/wallet-keys.js");
function withPublishedKeys(value) {
  const keys = (value.published_test_mnemonics ?? []).flatMap((m) =>
    ethereumAccountKeys(m, PUBLISHED_ACCOUNTS).map(scalarHex),
  );
  return { ...value, published_test_keys: keys };
}
// Playbooks go to a cache of their own: only plans read them, and a scan should not parse them.
const { contentHash } = await import("../dist/rules/load.js");
const out = {};
const playbooks = {};
for (const path of files) {
  const bytes = readFileSync(path);
  const text = bytes.toString("utf8");
  const key = relative(root, path).split("\\").join("/");
  const value = parse(text, { maxAliasCount: 1000 });
  (key.startsWith("rules/playbooks/") ? playbooks : out)[key] = {
    hash: contentHash(bytes),
    value: key === "rules/global.yaml" ? withPublishedKeys(value) : value,
  };
}
// The caches in ASCII (scripts/ascii.js), so start-up reads them as Latin-1.
const asciiJson = (value) => asciiEscaped(JSON.stringify(value));
writeFileSync(join(root, "dist", "playbooks-cache.json"), asciiJson({ files: playbooks }));
writeFileSync(join(root, "dist", "rules-cache.json"), asciiJson({ files: out, optimized: {} }));

// The keyword automaton of the built-in rules, so start-up (and every worker thread) skips building it.
const { loadRuleset } = await import("../dist/rules/load.js");
const { buildEngine } = await import("../dist/detect/engine.js");
const { MATCHER_CACHE } = await import("../dist/rules/matcher-cache.js");
const { ruleset } = loadRuleset([]);
writeFileSync(MATCHER_CACHE, buildEngine(ruleset).matcher.serialize());

// The `-diff` marks a history scan gives git for the rule set's excludes (lockfiles: git-attributes.ts).
const { GIT_ATTRIBUTES, diffOff } = await import("../dist/sources/git-attributes.js");
writeFileSync(GIT_ATTRIBUTES, diffOff(ruleset.global.pathExcludes));

// The load-time regex rewrites (rules/optimize.ts) of the built-in patterns, so start-up skips them.
const { optimizePattern } = await import("../dist/rules/optimize.js");
const { patternKey, splitFlags } = await import("../dist/rules/load.js");
const optimized = {};
for (const rule of ruleset.rules) {
  if (rule.key) continue; // keyed rules match values whole; their patterns are not rewritten
  const { source, ignoreCase } = splitFlags(rule.pattern);
  optimized[patternKey(source, ignoreCase)] = optimizePattern(source, ignoreCase);
}
// Provider files that validate without a problem, validated (load.ts then skips validation), and
// the text each pattern's matches start with (optimize.ts matchPrefix).
const { validateProviderFile } = await import("../dist/rules/schema.js");
const { matchPrefix } = await import("../dist/rules/optimize.js");
const validated = {};
for (const [key, entry] of Object.entries(out)) {
  if (!key.startsWith("rules/providers/")) continue;
  const res = validateProviderFile(entry.value, key, () => undefined);
  if (res.file && res.problems.length === 0) {
    validated[key] = res.file;
    delete entry.value; // load.ts answers with the validated file: the same rules, stored once
  }
}
const prefixes = {};
for (const rule of ruleset.rules) if (!rule.key) prefixes[rule.regex.source] = matchPrefix(rule.regex.source);
writeFileSync(
  join(root, "dist", "rules-cache.json"),
  asciiJson({ files: out, optimized, prefixes, validated }),
);
