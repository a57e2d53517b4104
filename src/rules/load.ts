/**
 * Start-up loader: reads provider rule files and global.yaml, validates and compiles them.
 * One of the few places (with sources/ and the config loader) that reads files.
 */

import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { append } from "../util/arrays.js";
import { expandFragments, type Fragments, fragmentsOf, namesFragment } from "./fragments.js";
import { spansLines } from "./optimize.js";
import {
  BUILTIN_RULES_DIR,
  inside,
  optimized,
  type ParsedYaml,
  prefixOf,
  readYaml,
  splitFlags,
} from "./read.js";
import { type LineOf, type Problem, type ProviderFile, validateProviderFile } from "./schema.js";
import type { GlobalData, Rule, RuleSpec, Ruleset } from "./types.js";

export {
  BUILTIN_RULES_DIR,
  contentHash,
  parseYamlFile,
  patternKey,
  readYaml,
  splitFlags,
} from "./read.js";

export interface LoadResult {
  readonly ruleset: Ruleset;
  readonly problems: readonly Problem[];
}

/** Number of capturing groups in a regex source. */
export function captureCount(source: string): number {
  const m = new RegExp(`${source}|`).exec("");
  return m ? m.length - 1 : 0;
}

function compileRule(
  spec: RuleSpec,
  provider: string,
  providerName: string,
  source: string,
  generic: boolean,
  fragments: Fragments,
): Rule {
  const { source: body, ignoreCase } = splitFlags(spec.pattern);
  const flags = ignoreCase ? "i" : "";
  const regex = spec.key
    ? new RegExp(`^(?:${body})$`, `d${flags}`)
    : new RegExp(optimized(body, ignoreCase), `dg${flags}`);
  const prefix = spec.key ? "" : prefixOf(regex.source);
  const keySource = spec.key ? expandFragments(splitFlags(spec.key).source, fragments).source : undefined;
  const key = keySource !== undefined ? new RegExp(`^(?:${keySource})$`, "i") : undefined;
  return {
    id: spec.id,
    provider,
    providerName,
    name: spec.name,
    severity: spec.severity,
    confidence: spec.confidence ?? (spec.key ? "medium" : "high"),
    playbook: spec.playbook,
    description: spec.description?.trim() ?? spec.name,
    references: spec.references ?? [],
    source,
    regex,
    key,
    keywords: spec.keywords.map((k) => k.toLowerCase()),
    entropy: spec.entropy,
    validate: spec.validate,
    generic,
    inUrl: spec.in_url === true,
    // On every rule, undefined or not: one object shape for every rule the hot paths read.
    pairedWith: spec.paired_with
      ? {
          rule: spec.paired_with.rule,
          key: spec.paired_with.key,
          reportAs: spec.paired_with.report_as ?? spec.id,
        }
      : undefined,
    prefix,
    multiline: spansLines(spec.pattern),
    priority: !generic ? (spec.key ? 20 : 30) : provider === "generic" ? 10 : 15,
    examples: spec.examples,
    negativeExamples: spec.negative_examples,
    pattern: spec.pattern,
  };
}

function checkRegexes(
  spec: RuleSpec,
  file: string,
  lineOf: LineOf,
  at: number,
  fragments: Fragments,
): Problem[] {
  const out: Problem[] = [];
  const where = (f: string) => lineOf(["rules", at, f]);
  for (const field of ["pattern", "key"] as const) {
    const src = spec[field];
    if (src === undefined) continue;
    const expanded = withFragments(field, splitFlags(src).source, fragments);
    if (expanded.problem) {
      out.push({ file, line: where(field), ruleId: spec.id, level: "error", message: expanded.problem });
      continue;
    }
    try {
      const { source } = expanded;
      const n = captureCount(source);
      if (field === "pattern" && n !== 1) {
        out.push({
          file,
          line: where(field),
          ruleId: spec.id,
          level: "error",
          message: `\`pattern\` must have exactly one capturing group (the secret), found ${n}`,
        });
      }
      if (field === "key" && n !== 0) {
        out.push({
          file,
          line: where(field),
          ruleId: spec.id,
          level: "error",
          message: "`key` must not have capturing groups; use (?:…)",
        });
      }
    } catch (e) {
      out.push({
        file,
        line: where(field),
        ruleId: spec.id,
        level: "error",
        message: `\`${field}\` is not a valid JavaScript regex: ${(e as Error).message}`,
      });
    }
  }
  return out;
}

/** `field`'s regex `source` with its fragments in place (fragments.ts), or what is wrong with them. */
function withFragments(
  field: string,
  source: string,
  fragments: Fragments,
): { source: string; problem?: string } {
  if (!namesFragment(source)) return { source };
  if (field === "pattern")
    return { source, problem: "`pattern` cannot name a fragment (`(?&name)`); only `key` can" };
  const expanded = expandFragments(source, fragments);
  if (expanded.unknown.length === 0) return { source: expanded.source };
  const known = Object.keys(fragments).join(", ") || "none";
  const problem = `\`${field}\` names no fragment of global.yaml's \`fragments\` (${known}): ${expanded.unknown.join(", ")}`;
  return { source, problem };
}

function listYaml(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort()
    .map((f) => join(dir, f));
}

/** Loads provider rules from `<dir>/providers` (or `dir` itself when it holds rule files directly). */
export function loadRuleFiles(
  dir: string,
  base = BUILTIN_RULES_DIR,
  fragments = globalFile(BUILTIN_RULES_DIR).fragments,
): { rules: Rule[]; problems: Problem[] } {
  const rules: Rule[] = [];
  const problems: Problem[] = [];
  const providersDir = join(dir, "providers");
  const folder = safeIsDir(providersDir) ? providersDir : dir;
  const parent = resolve(base, "..");
  for (const path of safeIsDir(folder) ? listYaml(folder) : [dir]) {
    const file = inside(parent, path) ?? (relative(parent, path) || path);
    const parsed = readYaml(path, file, problems);
    if (!parsed) continue;
    append(problems, parsed.problems);
    if (parsed.problems.length) continue;
    const res = parsed.validated
      ? { file: parsed.value as ProviderFile, problems: [] }
      : validateProviderFile(parsed.value, file, parsed.lineOf);
    append(problems, res.problems);
    if (!res.file) continue;
    const expected = path.replace(/^.*[\\/]/, "").replace(/\.ya?ml$/, "");
    if (res.file.provider !== expected) {
      problems.push({
        file,
        line: parsed.lineOf(["provider"]),
        level: "error",
        message: `\`provider: ${res.file.provider}\` must match the file name (${expected})`,
      });
    }
    res.file.rules.forEach((spec, i) => {
      const bad = parsed.cached ? [] : checkRegexes(spec, file, parsed.lineOf, i, fragments);
      append(problems, bad);
      if (bad.some((p) => p.level === "error")) return;
      rules.push(
        compileRule(
          spec,
          res.file!.provider,
          res.file!.name,
          file,
          res.file!.provider === "generic" || spec.generic === true,
          fragments,
        ),
      );
    });
  }
  return { rules, problems };
}

function safeIsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
}

/**
 * A key-name list (`secret_key`, `not_secret_key`), matched against normalized (lower-case) names:
 * without a capital in its source (`\S`, a literal) the `i` flag changes nothing, and V8 compiled the
 * long lists 3 times slower with it (3.4 ms, each for one-byte and two-byte names, in every thread).
 */
function keyNameRegex(pattern: string): RegExp {
  const { source } = splitFlags(pattern);
  return new RegExp(source, /[A-Z]/.test(source) ? "i" : "");
}

/** A folder's global.yaml, read once: its parse and its fragments. */
const globalFiles = new Map<string, { parsed: ParsedYaml; fragments: Fragments }>();
function globalFile(dir: string): { parsed: ParsedYaml; fragments: Fragments } {
  let found = globalFiles.get(dir);
  if (found === undefined) {
    const problems: Problem[] = [];
    const parsed = readYaml(join(dir, "global.yaml"), "rules/global.yaml", problems) ?? {
      value: {},
      problems,
      lineOf: () => undefined,
    };
    const v = (parsed.value ?? {}) as Record<string, unknown>;
    found = { parsed, fragments: fragmentsOf(v.fragments) };
    globalFiles.set(dir, found);
  }
  return found;
}

export function loadGlobal(dir = BUILTIN_RULES_DIR): { global: GlobalData; problems: Problem[] } {
  const { parsed, fragments } = globalFile(dir);
  const problems = [...parsed.problems];
  const v = (parsed.value ?? {}) as Record<string, unknown>;
  /** A key-name list with its fragments in place; one naming an unknown fragment is a problem. */
  const names = (field: string, fallback: string) => {
    const { source, problem } = withFragments(field, String(v[field] ?? fallback), fragments);
    if (problem)
      problems.push({
        file: "rules/global.yaml",
        line: parsed.lineOf([field]),
        level: "error",
        message: problem,
      });
    return keyNameRegex(problem ? fallback : source);
  };
  const rx = (s: string) => {
    const { source, ignoreCase } = splitFlags(s);
    return new RegExp(`^(?:${source})$`, ignoreCase ? "i" : "");
  };
  const global: GlobalData = {
    placeholders: stringList(v.placeholders).map(rx),
    placeholderWords: stringList(v.placeholder_words).map((s) => s.toLowerCase()),
    references: stringList(v.references).map((s) => {
      const { source, ignoreCase } = splitFlags(s);
      return new RegExp(source, ignoreCase ? "i" : "");
    }),
    exampleSecrets: new Set(stringList(v.example_secrets)),
    bip39English: String(v.bip39_english ?? ""),
    publishedTestMnemonics: stringList(v.published_test_mnemonics),
    // Not written in global.yaml: the build adds the keys it derived to the file's cached parse.
    ...(Array.isArray(v.published_test_keys)
      ? { publishedTestKeys: new Set(stringList(v.published_test_keys)) }
      : {}),
    demoSigningKeys: stringList(v.demo_signing_keys),
    documentationHosts: new RegExp(
      `^(?:${splitFlags(String(v.documentation_hosts ?? "(?!)")).source})$`,
      "i",
    ),
    rareLetterPairs: new Set(
      String(v.rare_letter_pairs ?? "")
        .split(/\s+/)
        .filter(Boolean),
    ),
    pathExcludes: stringList(v.path_excludes),
    secretKey: names("secret_key", "secret"),
    notSecretKey: names("not_secret_key", "^$"),
    passwordKey: names("password_key", "password"),
    homeFiles: Array.isArray(v.home_files) ? (v.home_files as GlobalData["homeFiles"]) : [],
  };
  return { global, problems };
}

/** The built-in rule files, loaded once per process (a scan and its reporters both need them). */
let builtinRules: { rules: Rule[]; problems: Problem[] } | undefined;

/** Loads built-in rules plus any extra rule folders; problems are returned, never thrown. */
export function loadRuleset(extraDirs: readonly string[] = [], builtin = true): LoadResult {
  const problems: Problem[] = [];
  const rules: Rule[] = [];
  if (builtin) {
    builtinRules ??= loadRuleFiles(BUILTIN_RULES_DIR);
    const r = builtinRules;
    append(rules, r.rules);
    append(problems, r.problems);
  }
  for (const dir of extraDirs) {
    const r = loadRuleFiles(resolve(dir), resolve(dir));
    append(rules, r.rules);
    append(problems, r.problems);
  }
  const g = loadGlobal();
  append(problems, g.problems);
  const byId = new Map<string, Rule>();
  for (const rule of rules) {
    const prev = byId.get(rule.id);
    if (prev) {
      problems.push({
        file: rule.source,
        ruleId: rule.id,
        level: "error",
        message: `duplicate rule id (also in ${prev.source})`,
      });
      continue;
    }
    byId.set(rule.id, rule);
  }
  for (const rule of byId.values()) {
    const pair = rule.pairedWith;
    if (pair === undefined) continue;
    const problem =
      pair.rule === rule.id
        ? "`paired_with` names the rule itself"
        : !byId.has(pair.rule)
          ? `\`paired_with\` names no rule ${pair.rule}`
          : pair.reportAs !== rule.id && pair.reportAs !== pair.rule
            ? `\`paired_with.report_as\` must be ${rule.id} or ${pair.rule}, not ${pair.reportAs}`
            : undefined;
    if (problem) problems.push({ file: rule.source, ruleId: rule.id, level: "error", message: problem });
  }
  return { ruleset: { rules: [...byId.values()], byId, global: g.global }, problems };
}
