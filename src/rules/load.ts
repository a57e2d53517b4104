/**
 * Start-up loader: reads provider rule files and global.yaml, validates and compiles them.
 * One of the few places (with sources/ and the config loader) that reads files.
 */

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Document } from "yaml";
import { append } from "../util/arrays.js";
import { yamlLib } from "../util/lazy.js";
import { utf8Text } from "../util/utf8.js";
import { matchPrefix, optimizePattern, spansLines } from "./optimize.js";
import { type LineOf, type Problem, type ProviderFile, validateProviderFile } from "./schema.js";
import type { GlobalData, Rule, RuleSpec, Ruleset } from "./types.js";

/** The rules/ folder shipped with the package. */
export const BUILTIN_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../rules");

export interface LoadResult {
  readonly ruleset: Ruleset;
  readonly problems: readonly Problem[];
}

interface ParsedYaml {
  readonly value: unknown;
  readonly lineOf: LineOf;
  readonly problems: Problem[];
  /** From the build-time cache: the content is unchanged since the build validated it. */
  readonly cached?: boolean;
  /** `value` is the build's validated provider file (validateProviderFile found no problem). */
  readonly validated?: boolean;
}

export function parseYamlFile(file: string, text: string): ParsedYaml {
  const { LineCounter, parseDocument, isNode } = yamlLib();
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const problems: Problem[] = doc.errors.map((e) => ({
    file,
    line: e.linePos?.[0]?.line,
    message: `YAML: ${e.message.split("\n")[0]}`,
    level: "error" as const,
  }));
  const lineOf: LineOf = (path) => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    const range = isNode(node) ? node.range : undefined;
    return range ? lc.linePos(range[0]).line : undefined;
  };
  return { value: doc.toJS({ maxAliasCount: 1000 }), lineOf, problems };
}

/** Splits a leading `(?i)` into a flag; JavaScript has no inline modifiers. */
export function splitFlags(pattern: string): { source: string; ignoreCase: boolean } {
  return pattern.startsWith("(?i)")
    ? { source: pattern.slice(4), ignoreCase: true }
    : { source: pattern, ignoreCase: false };
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
): Rule {
  const { source: body, ignoreCase } = splitFlags(spec.pattern);
  const flags = ignoreCase ? "i" : "";
  const regex = spec.key
    ? new RegExp(`^(?:${body})$`, `d${flags}`)
    : new RegExp(optimized(body, ignoreCase), `dg${flags}`);
  const prefix = spec.key ? "" : prefixOf(regex.source);
  const key = spec.key ? new RegExp(`^(?:${splitFlags(spec.key).source})$`, "i") : undefined;
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
    prefix,
    multiline: spansLines(spec.pattern),
    priority: !generic ? (spec.key ? 20 : 30) : provider === "generic" ? 10 : 15,
    examples: spec.examples,
    negativeExamples: spec.negative_examples,
    pattern: spec.pattern,
  };
}

function checkRegexes(spec: RuleSpec, file: string, lineOf: LineOf, at: number): Problem[] {
  const out: Problem[] = [];
  const where = (f: string) => lineOf(["rules", at, f]);
  for (const field of ["pattern", "key"] as const) {
    const src = spec[field];
    if (src === undefined) continue;
    try {
      const { source } = splitFlags(src);
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

function listYaml(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort()
    .map((f) => join(dir, f));
}

/** Loads provider rules from `<dir>/providers` (or `dir` itself when it holds rule files directly). */
export function loadRuleFiles(dir: string, base = BUILTIN_RULES_DIR): { rules: Rule[]; problems: Problem[] } {
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
      const bad = parsed.cached ? [] : checkRegexes(spec, file, parsed.lineOf, i);
      append(problems, bad);
      if (bad.some((p) => p.level === "error")) return;
      rules.push(
        compileRule(
          spec,
          res.file!.provider,
          res.file!.name,
          file,
          res.file!.provider === "generic" || spec.generic === true,
        ),
      );
    });
  }
  return { rules, problems };
}

/**
 * Parsed YAML of the built-in rule files, written at build time (scripts/compile-rules.js) so start-up
 * skips YAML parsing. An entry is used only while the file's content hash still matches.
 */
const PACKAGE_ROOT = resolve(BUILTIN_RULES_DIR, "..");
const RULES_CACHE = join(PACKAGE_ROOT, "dist", "rules-cache.json");
interface CacheEntry {
  /** contentHash() of the file the entry was built from. */
  readonly hash: number;
  /** Absent for provider files stored validated (Cache.validated). */
  readonly value?: unknown;
}
interface Cache {
  readonly files?: Record<string, CacheEntry>;
  /** optimizePattern() results of the built-in patterns, keyed by patternKey(). */
  readonly optimized?: Record<string, string>;
  /** matchPrefix() of the built-in (optimized) pattern sources. */
  readonly prefixes?: Record<string, string>;
  /** Provider files that validated without a problem at build time: the validated file. */
  readonly validated?: Record<string, ProviderFile>;
}
/** The playbooks (only plans read them) are cached apart, so a scan does not parse them. */
const CACHES = { rules: RULES_CACHE, playbooks: join(PACKAGE_ROOT, "dist", "playbooks-cache.json") };
const caches: { [K in keyof typeof CACHES]?: Cache | null } = {};

function loadCache(which: keyof typeof CACHES = "rules"): Cache | null {
  if (caches[which] === undefined) {
    try {
      caches[which] = JSON.parse(utf8Text(readFileSync(CACHES[which]))) as Cache;
    } catch {
      caches[which] = null;
    }
  }
  return caches[which] ?? null;
}

/**
 * An FNV-1a-style hash over the bytes, taken four at a time: tells an edited rule file from the one the
 * build cached (no adversary here, and node:crypto would cost more to load than the hashing itself).
 * Hashing 32-bit words makes start-up's pass over the rule files a quarter of a byte-wise loop.
 */
export function contentHash(bytes: Uint8Array): number {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
  let h = 0x811c9dc5 ^ bytes.length;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  for (let i = words.length * 4; i < aligned.length; i++) h = Math.imul(h ^ aligned[i]!, 0x01000193);
  return h >>> 0;
}

/** The cached parse of an unchanged built-in file: its YAML value, or the build's validated file. */
function fromCache(path: string, bytes: Uint8Array): { value: unknown; validated: boolean } | undefined {
  // Optional chaining throughout: a cache left by an older build may have another shape.
  const inPackage = inside(PACKAGE_ROOT, path);
  if (inPackage === undefined) return undefined;
  const key = sep === "/" ? inPackage : inPackage.split(sep).join("/");
  const found = loadCache(key.startsWith("rules/playbooks/") ? "playbooks" : "rules");
  const hit = found?.files?.[key];
  if (!hit || hit.hash !== contentHash(bytes)) return undefined;
  if (hit.value !== undefined) return { value: hit.value, validated: false };
  const valid = found?.validated?.[key];
  return valid === undefined ? undefined : { value: valid, validated: true };
}

export function patternKey(body: string, ignoreCase: boolean): string {
  return `${ignoreCase ? "i" : "-"}${body}`;
}

/** optimizePattern(), answered from the build-time cache for the built-in patterns. */
function optimized(body: string, ignoreCase: boolean): string {
  return loadCache()?.optimized?.[patternKey(body, ignoreCase)] ?? optimizePattern(body, ignoreCase);
}

/** matchPrefix(), answered from the build-time cache for the built-in patterns. */
function prefixOf(source: string): string {
  return loadCache()?.prefixes?.[source] ?? matchPrefix(source);
}

/** Reads and parses a YAML file, from the build-time cache when the content is unchanged. */
export function readYaml(path: string, file: string, problems: Problem[]): ParsedYaml | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    problems.push({ file, level: "error", message: `cannot read: ${(e as Error).message}` });
    return undefined;
  }
  const hit = fromCache(path, bytes);
  if (hit) return { ...hit, lineOf: () => undefined, problems: [], cached: true };
  return parseYamlFile(file, utf8Text(bytes));
}

/**
 * `path` relative to `root` when it lies inside it, by comparing strings: both are absolute and
 * normalized (resolve, join). Start-up asks this for each of the hundred-odd rule files, where
 * path.relative() resolved both arguments against the working directory each time (5 ms, cold).
 */
function inside(root: string, path: string): string | undefined {
  const prefix = root.endsWith(sep) ? root : root + sep;
  return path.startsWith(prefix) && path.length > prefix.length ? path.slice(prefix.length) : undefined;
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

export function loadGlobal(dir = BUILTIN_RULES_DIR): { global: GlobalData; problems: Problem[] } {
  const file = join(dir, "global.yaml");
  const problems: Problem[] = [];
  const parsed = readYaml(file, "rules/global.yaml", problems) ?? {
    value: {},
    problems,
    lineOf: () => undefined,
  };
  const v = (parsed.value ?? {}) as Record<string, unknown>;
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
    secretKey: keyNameRegex(String(v.secret_key ?? "secret")),
    notSecretKey: keyNameRegex(String(v.not_secret_key ?? "^$")),
    homeFiles: Array.isArray(v.home_files) ? (v.home_files as GlobalData["homeFiles"]) : [],
  };
  return { global, problems: parsed.problems };
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
  return { ruleset: { rules: [...byId.values()], byId, global: g.global }, problems };
}
