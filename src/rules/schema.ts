/**
 * Validation of provider rule files. Never throws: every problem is collected with the path of the
 * offending field so `rules check` can report them all at once.
 */
import { SEVERITIES } from "../types.js";
import type { RuleSpec } from "./types.js";
import { VALIDATORS } from "./types.js";

export interface Problem {
  readonly file: string;
  readonly line?: number;
  readonly ruleId?: string;
  readonly message: string;
  readonly level: "error" | "warning";
}

export type LineOf = (path: readonly (string | number)[]) => number | undefined;

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KNOWN_FIELDS = new Set([
  "id",
  "name",
  "severity",
  "confidence",
  "pattern",
  "keywords",
  "key",
  "entropy",
  "validate",
  "playbook",
  "description",
  "references",
  "examples",
  "negative_examples",
  "generic",
  "in_url",
  "paired_with",
]);

export interface ProviderFile {
  readonly provider: string;
  readonly name: string;
  readonly rules: readonly RuleSpec[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === "string");
}

/** Checks the shape of one provider file; returns the valid rules and every problem found. */
export function validateProviderFile(
  doc: unknown,
  file: string,
  lineOf: LineOf,
): { file?: ProviderFile; problems: Problem[] } {
  const problems: Problem[] = [];
  const err = (message: string, path: (string | number)[], ruleId?: string) =>
    problems.push({ file, line: lineOf(path), ruleId, message, level: "error" });
  if (!isRecord(doc)) {
    err("a provider file must be a mapping with `provider` and `rules`", []);
    return { problems };
  }
  const provider = doc.provider;
  if (typeof provider !== "string" || !ID_RE.test(provider)) {
    err("`provider` must be a lowercase hyphenated id", ["provider"]);
    return { problems };
  }
  if (!Array.isArray(doc.rules) || doc.rules.length === 0) {
    err("`rules` must be a non-empty list", ["rules"]);
    return { problems };
  }
  const rules: RuleSpec[] = [];
  doc.rules.forEach((raw: unknown, i: number) => {
    const spec = validateRule(raw, ["rules", i], (m, p, id) => err(m, p, id));
    if (spec) rules.push(spec);
  });
  const name = typeof doc.name === "string" ? doc.name : provider;
  return { file: { provider, name, rules }, problems };
}

type Report = (message: string, path: (string | number)[], ruleId?: string) => void;

function validateRule(raw: unknown, at: (string | number)[], err: Report): RuleSpec | undefined {
  if (!isRecord(raw)) {
    err("each rule must be a mapping", at);
    return undefined;
  }
  const id = typeof raw.id === "string" ? raw.id : undefined;
  const before = { n: 0 };
  const fail: Report = (m, p) => {
    before.n++;
    err(m, p, id);
  };
  if (!id || !ID_RE.test(id) || id.length > 48) {
    fail("`id` must match ^[a-z0-9]+(-[a-z0-9]+)*$ and be at most 48 characters", [...at, "id"]);
  }
  for (const k of Object.keys(raw)) {
    if (!KNOWN_FIELDS.has(k)) fail(`unknown field \`${k}\``, [...at, k]);
  }
  for (const k of ["name", "pattern", "playbook"] as const) {
    if (typeof raw[k] !== "string" || raw[k] === "") fail(`\`${k}\` is required (a string)`, [...at, k]);
  }
  if (typeof raw.severity !== "string" || !SEVERITIES.includes(raw.severity as never)) {
    fail("`severity` must be one of critical, high, medium, low", [...at, "severity"]);
  }
  if (raw.confidence !== undefined && !["high", "medium", "low"].includes(String(raw.confidence))) {
    fail("`confidence` must be high, medium or low", [...at, "confidence"]);
  }
  if (!isStringList(raw.keywords) || raw.keywords.length === 0) {
    fail("`keywords` must be a non-empty list of strings", [...at, "keywords"]);
  } else if (raw.keywords.some((k) => k !== k.toLowerCase() || k.length < 2 || /[^\x20-\x7e]/.test(k))) {
    fail("keywords must be lowercase printable ASCII and at least 2 characters", [...at, "keywords"]);
  }
  if (raw.key !== undefined && typeof raw.key !== "string") fail("`key` must be a string", [...at, "key"]);
  if (raw.entropy !== undefined && (typeof raw.entropy !== "number" || raw.entropy < 0 || raw.entropy > 8)) {
    fail("`entropy` must be a number between 0 and 8", [...at, "entropy"]);
  }
  if (raw.validate !== undefined && !VALIDATORS.includes(raw.validate as never)) {
    fail(`\`validate\` must be one of ${VALIDATORS.join(", ")}`, [...at, "validate"]);
  }
  if (!isStringList(raw.examples) || raw.examples.length === 0) {
    fail("`examples` must be a non-empty list of strings", [...at, "examples"]);
  }
  if (!isStringList(raw.negative_examples) || raw.negative_examples.length === 0) {
    fail("`negative_examples` must be a non-empty list of strings", [...at, "negative_examples"]);
  }
  if (raw.references !== undefined && !isStringList(raw.references)) {
    fail("`references` must be a list of URLs", [...at, "references"]);
  }
  if (raw.generic !== undefined && typeof raw.generic !== "boolean")
    fail("`generic` must be true or false", [...at, "generic"]);
  if (raw.in_url !== undefined && typeof raw.in_url !== "boolean")
    fail("`in_url` must be true or false", [...at, "in_url"]);
  const pw = raw.paired_with;
  if (
    pw !== undefined &&
    !(
      isRecord(pw) &&
      typeof pw.rule === "string" &&
      ID_RE.test(pw.rule) &&
      (pw.key === undefined || (typeof pw.key === "string" && pw.key)) &&
      (pw.report_as === undefined || (typeof pw.report_as === "string" && ID_RE.test(pw.report_as))) &&
      Object.keys(pw).every((k) => k === "rule" || k === "key" || k === "report_as")
    )
  )
    fail(
      "`paired_with` must be { rule: <rule id>, key?: <the name its value is under>, report_as?: <rule id> }",
      [...at, "paired_with"],
    );
  if (raw.description !== undefined && typeof raw.description !== "string") {
    fail("`description` must be a string", [...at, "description"]);
  }
  if (before.n > 0) return undefined;
  return raw as unknown as RuleSpec;
}
