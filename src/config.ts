/**
 * `.agent-secrets.yaml`: path excludes/includes, rule disable, severity overrides, fail-on, file size.
 * Start-up loader; every problem is a ConfigError with file:line.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ConfigError } from "./errors.js";
import { parseYamlFile } from "./rules/load.js";
import { SEVERITIES, type Severity } from "./types.js";
import { parseSize } from "./util/size.js";
import { utf8Text } from "./util/utf8.js";

export interface Config {
  readonly file?: string;
  readonly exclude: readonly string[];
  readonly include: readonly string[];
  readonly disable: readonly string[];
  readonly severity: Readonly<Record<string, Severity>>;
  readonly failOn?: Severity;
  readonly maxFileSize?: number;
  readonly rules: readonly string[];
  readonly placeholders: readonly string[];
}

export const EMPTY_CONFIG: Config = {
  exclude: [],
  include: [],
  disable: [],
  severity: {},
  rules: [],
  placeholders: [],
};
export const CONFIG_FILE = ".agent-secrets.yaml";

const KEYS = new Set([
  "exclude",
  "include",
  "disable",
  "severity",
  "fail-on",
  "max-file-size",
  "rules",
  "placeholders",
]);

/** Loads the config at `explicit`, else `.agent-secrets.yaml` in `root` when present. */
export function loadConfig(root: string, explicit?: string): Config {
  const path = explicit ?? join(root, CONFIG_FILE);
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(`config file not found: ${explicit}`, "check the --config path");
    return EMPTY_CONFIG;
  }
  const shown = relative(process.cwd(), path) || path;
  const parsed = parseYamlFile(shown, utf8Text(readFileSync(path)));
  const first = parsed.problems[0];
  if (first) throw new ConfigError(first.message, "fix the YAML syntax", `${shown}:${first.line ?? 1}`);
  const v = parsed.value ?? {};
  const fail = (msg: string, key: (string | number)[], hint: string): never => {
    throw new ConfigError(msg, hint, `${shown}:${parsed.lineOf(key) ?? 1}`);
  };
  if (typeof v !== "object" || Array.isArray(v))
    fail("the config must be a mapping", [], `see README "Configuration"`);
  const raw = v as Record<string, unknown>;
  for (const k of Object.keys(raw)) {
    if (!KEYS.has(k)) fail(`unknown config key \`${k}\``, [k], `valid keys: ${[...KEYS].join(", ")}`);
  }
  const list = (k: string): string[] => {
    const x = raw[k];
    if (x === undefined) return [];
    if (!Array.isArray(x) || !x.every((s) => typeof s === "string"))
      fail(`\`${k}\` must be a list of strings`, [k], `e.g. ${k}: ["fixtures/**"]`);
    return x as string[];
  };
  const severity: Record<string, Severity> = {};
  if (raw.severity !== undefined) {
    if (typeof raw.severity !== "object" || raw.severity === null || Array.isArray(raw.severity)) {
      fail(
        "`severity` must map rule ids to severities",
        ["severity"],
        "e.g. severity: { generic-secret: medium }",
      );
    }
    for (const [id, s] of Object.entries(raw.severity as Record<string, unknown>)) {
      if (!SEVERITIES.includes(s as Severity))
        fail(
          `severity of \`${id}\` must be one of ${SEVERITIES.join(", ")}`,
          ["severity", id],
          "critical | high | medium | low",
        );
      severity[id] = s as Severity;
    }
  }
  const failOn = raw["fail-on"];
  if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity)) {
    fail("`fail-on` must be one of critical, high, medium, low", ["fail-on"], "e.g. fail-on: high");
  }
  const size = raw["max-file-size"];
  const maxFileSize = size === undefined ? undefined : parseSize(size);
  if (size !== undefined && maxFileSize === undefined)
    fail("`max-file-size` must be a size like 10MiB", ["max-file-size"], "e.g. max-file-size: 20MiB");
  return {
    file: path,
    exclude: list("exclude"),
    include: list("include"),
    disable: list("disable"),
    severity,
    failOn: failOn as Severity | undefined,
    maxFileSize,
    rules: list("rules"),
    placeholders: list("placeholders"),
  };
}
