/** Start-up loaders for the baseline file and `.agent-secrets-ignore` (errors exit 2 with file:line). */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ConfigError } from "./errors.js";
import { type Baseline, type IgnoreEntry, parseIgnoreFile } from "./findings/suppress.js";
import { utf8Text } from "./util/utf8.js";

export const IGNORE_FILE = ".agent-secrets-ignore";

export function loadBaseline(path: string): Baseline {
  let text: string;
  try {
    text = utf8Text(readFileSync(path));
  } catch (e) {
    throw new ConfigError(
      `cannot read baseline ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      "create one with `agent-secrets baseline -o <file>`",
    );
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(
      `baseline is not valid JSON: ${(e as Error).message}`,
      "regenerate it with `agent-secrets baseline -o <file>`",
      path,
    );
  }
  const b = v as Partial<Baseline>;
  if (
    b.version !== 1 ||
    !Array.isArray(b.findings) ||
    !b.findings.every((e) => typeof e?.id === "string" && typeof e?.secretId === "string")
  ) {
    throw new ConfigError(
      "not an agent-secrets baseline (version 1)",
      "regenerate it with `agent-secrets baseline -o <file>`",
      path,
    );
  }
  return b as Baseline;
}

export function loadIgnoreFile(root: string): { entries: IgnoreEntry[]; file: string } {
  const path = join(root, IGNORE_FILE);
  const shown = relative(process.cwd(), path) || path;
  if (!existsSync(path)) return { entries: [], file: shown };
  const { entries, errors } = parseIgnoreFile(utf8Text(readFileSync(path)));
  const first = errors[0];
  if (first)
    throw new ConfigError(
      first.message,
      "one entry per line: <finding-or-secret-id> <reason>",
      `${shown}:${first.line}`,
    );
  return { entries, file: shown };
}
