/**
 * Reading the rule files: YAML parsed with the lines of its nodes, or taken from the build-time cache
 * (scripts/compile-rules.js) while a file's content is unchanged. Used by the rule loader (load.ts),
 * playbooks, clients and the config loader.
 */

import { readFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Document } from "yaml";
import { yamlLib } from "../util/lazy.js";
import { utf8Text } from "../util/utf8.js";
import { matchPrefix, optimizePattern } from "./optimize.js";
import type { LineOf, Problem, ProviderFile } from "./schema.js";

/** The rules/ folder shipped with the package. */
export const BUILTIN_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../rules");

export interface ParsedYaml {
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
export function optimized(body: string, ignoreCase: boolean): string {
  return loadCache()?.optimized?.[patternKey(body, ignoreCase)] ?? optimizePattern(body, ignoreCase);
}

/** matchPrefix(), answered from the build-time cache for the built-in patterns. */
export function prefixOf(source: string): string {
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
export function inside(root: string, path: string): string | undefined {
  const prefix = root.endsWith(sep) ? root : root + sep;
  return path.startsWith(prefix) && path.length > prefix.length ? path.slice(prefix.length) : undefined;
}
