/**
 * Suppression that follows the secret, not the line: baselines (ids and hashes, never secrets) and
 * `.agent-secrets-ignore` entries (id + required reason). Pure; files are read by the loaders in
 * src/suppressions.ts.
 */
import type { Diagnostic, Finding } from "../types.js";

export interface Baseline {
  readonly version: 1;
  readonly findings: readonly BaselineEntry[];
}

export interface BaselineEntry {
  readonly id: string;
  readonly secretId: string;
  readonly ruleId: string;
  readonly path: string;
}

export interface IgnoreEntry {
  /** A finding id or a secret id (every place that secret lives). */
  readonly id: string;
  readonly reason: string;
  readonly line: number;
}

export function baselineOf(findings: readonly Finding[]): Baseline {
  const seen = new Set<string>();
  const entries: BaselineEntry[] = [];
  for (const f of findings) {
    if (seen.has(f.id)) continue;
    seen.add(f.id);
    entries.push({ id: f.id, secretId: f.secretId, ruleId: f.ruleId, path: f.path });
  }
  entries.sort((a, b) => a.path.localeCompare(b.path) || a.id.localeCompare(b.id));
  return { version: 1, findings: entries };
}

export interface SuppressResult {
  readonly findings: Finding[];
  readonly suppressed: number;
  readonly diagnostics: Diagnostic[];
}

/**
 * Drops findings known to the baseline (same finding id, or the same secret under the same rule in
 * the same file) and those named in the ignore file. Unused ignore entries become diagnostics.
 */
export function suppress(
  findings: readonly Finding[],
  baseline: Baseline | undefined,
  ignores: readonly IgnoreEntry[],
  ignoreFile = ".agent-secrets-ignore",
): SuppressResult {
  // Nothing to match: no id is read (a weak secret's costs a stretch, see identity.ts).
  if (!baseline?.findings.length && ignores.length === 0)
    return { findings: [...findings], suppressed: 0, diagnostics: [] };
  const ids = new Set(baseline?.findings.map((e) => e.id) ?? []);
  const places = new Set(
    baseline?.findings.map((e) => `${e.secretId}\u0000${e.ruleId}\u0000${e.path}`) ?? [],
  );
  const ignoreIds = new Map(ignores.map((e) => [e.id, e]));
  const used = new Set<string>();
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const f of findings) {
    const ign = ignoreIds.get(f.id) ?? ignoreIds.get(f.secretId);
    if (ign) {
      used.add(ign.id);
      suppressed++;
      continue;
    }
    if (ids.has(f.id) || places.has(`${f.secretId}\u0000${f.ruleId}\u0000${f.path}`)) {
      suppressed++;
      continue;
    }
    kept.push(f);
  }
  const diagnostics: Diagnostic[] = ignores
    .filter((e) => !used.has(e.id))
    .map((e) => ({
      code: "unused-ignore",
      severity: "warning",
      path: `${ignoreFile}:${e.line}`,
      detail: `entry ${e.id} matches no finding; remove it`,
    }));
  return { findings: kept, suppressed, diagnostics };
}

/** Parses `.agent-secrets-ignore`: `<id> <reason…>` per line, `#` comments. Returns entries and errors. */
export function parseIgnoreFile(text: string): {
  entries: IgnoreEntry[];
  errors: { line: number; message: string }[];
} {
  const entries: IgnoreEntry[] = [];
  const errors: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) return;
    const m = /^([0-9a-f]{16,64})\s+(.+)$/.exec(line);
    if (!m) {
      errors.push({
        line: i + 1,
        message: /^[0-9a-f]{16,64}$/.test(line)
          ? "an ignore entry needs a reason after the id"
          : "expected `<finding-or-secret-id> <reason>`",
      });
      return;
    }
    entries.push({ id: m[1]!, reason: m[2]!, line: i + 1 });
  });
  return { entries, errors };
}
