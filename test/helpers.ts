import { execFileSync } from "node:child_process";
import { buildEngine, type Engine } from "../src/detect/engine.js";
import { normalizeKey } from "../src/detect/key-name.js";
import { groupFindings } from "../src/findings/group.js";
import { runExample } from "../src/rules/check.js";
import { expandFakes } from "../src/rules/examples.js";
import { loadRuleset } from "../src/rules/load.js";
import { type AddedBlock, DiffParser } from "../src/sources/diff.js";
import { parserFeed } from "../src/sources/long-lines.js";
import type { Finding, Report } from "../src/types.js";
import { utf8Chunks } from "../src/util/utf8.js";

let engine: Engine | undefined;

/** The built-in rules, compiled once per test file. */
export function builtinEngine(): Engine {
  engine ??= buildEngine(loadRuleset().ruleset);
  return engine;
}

/** Whether keyed rule `ri` takes values under `name`, asked afresh: its key test, as written or normalised, and for a generic rule the secret-named test. */
export function ruleTakes(engine: Engine, ri: number, name: string): boolean {
  const rule = engine.rules[ri]!;
  const norm = normalizeKey(name);
  const named = engine.global.secretKey.test(norm) && !engine.global.notSecretKey.test(norm);
  return rule.key !== undefined && (!rule.generic || named) && (rule.key.test(name) || rule.key.test(norm));
}

/** Scans one text (after {{fake}} expansion) as an untyped file with every built-in rule. */
export function scanText(template: string): { text: string; findings: Finding[] } {
  const text = expandFakes(template, "test");
  return { text, findings: runExample(text, builtinEngine()) };
}

/** A minimal report around some findings, for reporter and planner tests. */
export function reportOf(findings: Finding[]): Report {
  return {
    version: 1,
    tool: { name: "agent-secrets", version: "0.0.0" },
    target: ".",
    stats: { files: 1, bytes: 1, commits: 0, durationMs: 1, dropped: {}, suppressed: 0 },
    findings,
    groups: groupFindings(findings),
    diagnostics: [],
  };
}

/**
 * Runs an ES module `script` in a child Node with V8's natives syntax (`%HaveSameMap`…), which only a
 * process started with it can parse; returns what the script printed, parsed as JSON.
 */
export function withV8Natives(script: string): unknown {
  const out = execFileSync(
    process.execPath,
    ["--allow-natives-syntax", "--input-type=module", "-e", script],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(out);
}

/**
 * A seeded generator of whole numbers below `n` (a linear congruential one): the same sequence for the
 * same seed on every run. From the state's high bits: its low bits repeat.
 */
export function seededBelow(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 16) % n;
  };
}

/**
 * A commit's header line as the history command's `--format` prints it (sources/diff.ts COMMIT_FORMAT):
 * NUL-separated fields after a NUL.
 */
export function commitHeader(sha: string, subject = "subject"): string {
  return `\u0000${sha}\u0000Dev\u0000dev@example.invalid\u00002026-01-01T00:00:00Z\u0000${subject}`;
}

/** `bytes` cut into chunks of 1 to `max` bytes (anywhere: mid-line, mid-character), as a pipe may give them. */
export function chunked(bytes: Buffer, max: number, below: (n: number) => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = 1 + below(max);
    chunks.push(bytes.subarray(at, at + n));
    at += n;
  }
  return chunks;
}

/**
 * The blocks a DiffParser (`maxLine`, `skip` as its own) makes of `chunks` of git's output fed as the
 * history scan feeds it (sources/long-lines.ts parserFeed), and how many added lines it left out for
 * their length.
 */
export function parsedAsScanned(
  chunks: readonly Buffer[],
  maxLine = Number.POSITIVE_INFINITY,
  skip?: (path: string) => boolean,
): { blocks: AddedBlock[]; overlong: number } {
  const blocks: AddedBlock[] = [];
  const parser = new DiffParser((b) => blocks.push(b), maxLine, skip);
  const feed = parserFeed(parser, maxLine);
  for (const c of chunks) feed.write(c);
  feed.end();
  parser.end();
  return { blocks, overlong: parser.overlongLines };
}

/** The same parser's blocks of `chunks` each decoded in turn and written (no line put together). */
export function parsedByChunks(
  chunks: readonly Buffer[],
  maxLine = Number.POSITIVE_INFINITY,
  skip?: (path: string) => boolean,
): AddedBlock[] {
  const out: AddedBlock[] = [];
  const parser = new DiffParser((b) => out.push(b), maxLine, skip);
  const decoder = utf8Chunks();
  for (const c of chunks) parser.write(decoder.write(c));
  parser.write(decoder.end());
  parser.end();
  return out;
}
