/**
 * `--patch`: rewrite literals in MCP / agent configs and dotenv files into the client's own secure
 * syntax, as text edits (pure). The CLI turns them into a `git apply`-able diff.
 */
import type { Finding } from "../types.js";

/** How each client writes a reference to an environment variable (undefined: no syntax at all). */
const CLIENT_REF: Readonly<Record<string, (v: string) => string>> = {
  "claude-code": (v) => `\${${v}}`,
  kiro: (v) => `\${${v}}`,
  librechat: (v) => `\${${v}}`,
  "gemini-cli": (v) => `\${${v}}`,
  goose: (v) => `\${${v}}`,
  cursor: (v) => `\${env:${v}}`,
  windsurf: (v) => `\${env:${v}}`,
  "roo-code": (v) => `\${env:${v}}`,
  "amazon-q": (v) => `\${env:${v}}`,
  vscode: (v) => `\${env:${v}}`,
  continue: (v) => `\${{ secrets.${v} }}`,
  opencode: (v) => `{env:${v}}`,
  crush: (v) => `$${v}`,
};

export interface PatchEdit {
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  readonly replacement: string;
}

export interface FilePatch {
  readonly path: string;
  readonly edits: readonly PatchEdit[];
  /** Environment variables to provision (from the broker / secret manager) after applying. */
  readonly variables: readonly string[];
}

/* dotenv values become \${VAR} (expanded by dotenv-expand, docker compose and most loaders from the
   process environment), so the file keeps its shape while the value comes from the secret source. */

export interface PatchPlan {
  readonly files: readonly FilePatch[];
  /** Findings that need a manual change (client without reference syntax, code, history…). */
  readonly manual: readonly { readonly path: string; readonly line: number; readonly why: string }[];
}

/** A variable name for a finding: the env key itself, else server + what the value is. */
export function variableFor(f: Finding): string {
  const last =
    f.keyPath
      ?.split(/[.[\]"]+/)
      .filter(Boolean)
      .pop() ?? "";
  // A variable that holds more than the secret (a URL, headers JSON) cannot reference itself.
  const whole = !/(?:URL|URI|DSN|HEADERS|STRING|CONFIG|JSON|ARGS)$/.test(last);
  if (/^[A-Z][A-Z0-9_]{2,}$/.test(last) && whole) return last;
  const stem = /^[A-Z][A-Z0-9_]{2,}$/.test(last)
    ? last.replace(/_?(?:URL|URI|DSN|HEADERS|STRING|CONFIG|JSON|ARGS)$/, "")
    : "";
  const base = (stem || f.server || f.provider)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const kind = /password|pwd|connection|dsn/i.test(`${f.ruleId} ${f.title}`)
    ? "PASSWORD"
    : /key/i.test(f.ruleId)
      ? "API_KEY"
      : "TOKEN";
  return `${base || "SECRET"}_${kind}`;
}

/** The reference that replaces a literal of `f`'s file, or undefined where the file has no syntax for one. */
function referenceFor(f: Finding, variable: string): string | undefined {
  if (f.fileKind === "dotenv") return `\${${variable}}`;
  if (f.client && CLIENT_REF[f.client] && (f.fileKind === "mcp-config" || f.fileKind === "agent-settings"))
    return CLIENT_REF[f.client]!(variable);
  return undefined;
}

/**
 * The finding and the other halves of its credential beside it (an access key's id, `paired`), each
 * as a finding of its own place: the patch moves the whole credential out of the file.
 */
function withHalves(f: Finding): Finding[] {
  if (!f.paired) return [f];
  return [
    f,
    ...f.paired.map((p) => ({
      ...f,
      ruleId: p.ruleId,
      title: p.title,
      keyPath: p.keyPath,
      line: p.line,
      column: p.column,
      endLine: p.endLine,
      endColumn: p.endColumn,
    })),
  ];
}

export function planPatch(findings: readonly Finding[]): PatchPlan {
  const byPath = new Map<string, { edits: PatchEdit[]; vars: Set<string> }>();
  const manual: PatchPlan["manual"][number][] = [];
  for (const f of findings.flatMap(withHalves)) {
    if (f.exposure === "history" || f.exposure === "home") continue;
    if (f.line !== f.endLine || f.decoded) {
      manual.push({
        path: f.path,
        line: f.line,
        why: f.decoded ? `encoded (${f.decoded}) value` : "multi-line value",
      });
      continue;
    }
    const variable = variableFor(f);
    const replacement = referenceFor(f, variable);
    if (replacement === undefined) {
      manual.push({
        path: f.path,
        line: f.line,
        why: f.client
          ? `${f.client} has no reference syntax for this file`
          : `${f.fileKind} file: move the value to the runtime identity's secret source`,
      });
      continue;
    }
    const entry = byPath.get(f.path) ?? { edits: [], vars: new Set<string>() };
    if (!entry.edits.some((e) => e.line === f.line && e.column < f.endColumn && f.column < e.endColumn)) {
      entry.edits.push({ line: f.line, column: f.column, endColumn: f.endColumn, replacement });
      entry.vars.add(variable);
    }
    byPath.set(f.path, entry);
  }
  return {
    files: [...byPath].map(([path, e]) => ({ path, edits: e.edits, variables: [...e.vars].sort() })),
    manual,
  };
}

/** Applies one file's edits to its text (columns are 1-based, end exclusive). */
export function applyEdits(text: string, edits: readonly PatchEdit[]): string {
  const lines = text.split("\n");
  const sorted = [...edits].sort((a, b) => b.line - a.line || b.column - a.column);
  for (const e of sorted) {
    const l = lines[e.line - 1];
    if (l === undefined) continue;
    lines[e.line - 1] = l.slice(0, e.column - 1) + e.replacement + l.slice(e.endColumn - 1);
  }
  return lines.join("\n");
}
