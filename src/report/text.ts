/** Human report: findings grouped by file, coloured, redacted. The only module that uses chalk. */
import { Chalk, type ChalkInstance } from "chalk";
import { pairedWords } from "../findings/paired.js";
import { redact } from "../findings/redact.js";
import type { Diagnostic, Finding, Report, Severity } from "../types.js";
import { SEVERITIES } from "../types.js";
import type { ReportOptions } from "./types.js";

function paint(c: ChalkInstance, s: Severity): (t: string) => string {
  return { critical: c.bold.red, high: c.red, medium: c.yellow, low: c.cyan }[s];
}

function where(f: Finding, opts: ReportOptions): string {
  const parts: string[] = [];
  if (f.client) {
    // "Cursor › github › env.GITHUB_TOKEN"
    const name = opts.clients?.get(f.client)?.name ?? f.client;
    const marker = f.server ? `.${f.server}.` : "";
    const at =
      f.keyPath && marker && f.keyPath.includes(marker)
        ? f.keyPath.slice(f.keyPath.indexOf(marker) + marker.length)
        : f.keyPath;
    parts.push([name, f.server, at].filter(Boolean).join(" › "));
  } else if (f.keyPath) parts.push(f.keyPath);
  if (f.decoded) parts.push(`decoded from ${f.decoded}`);
  return parts.join(" · ");
}

function exposureNote(f: Finding, c: ChalkInstance, inTree: ReadonlySet<string>): string | undefined {
  if (f.exposure === "history" && f.commit) {
    const cm = f.commit;
    const added = `added in ${cm.sha.slice(0, 12)} by ${cm.author} on ${cm.date.slice(0, 10)} ("${cm.message}")`;
    return inTree.has(f.secret)
      ? c.dim(`in git history: ${added}; still in the working tree too`)
      : c.magenta(
          `only in git history: ${added}. Deleting it from the files did not make it safe: revoke it.`,
        );
  }
  if (f.exposure === "gitignored")
    return c.dim("git-ignored, but on disk where any agent in this folder can read it");
  if (f.introducedIn)
    return c.dim(`committed in ${f.introducedIn.sha.slice(0, 12)} (${f.introducedIn.date.slice(0, 10)})`);
  return undefined;
}

export function renderText(report: Report, opts: ReportOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const byPath = new Map<string, Finding[]>();
  // A history finding of a secret that is still in the same file is already told by the tree
  // finding ("committed in …"): the JSON keeps both places, the text shows one.
  const treeAt = new Set(
    report.findings.filter((f) => f.exposure !== "history").map((f) => `${f.secret}\u0000${f.path}`),
  );
  for (const f of report.findings) {
    if (f.exposure === "history" && treeAt.has(`${f.secret}\u0000${f.path}`)) continue;
    const k = f.commit ? `${f.path} @ ${f.commit.sha.slice(0, 12)}` : f.path;
    const list = byPath.get(k);
    if (list) list.push(f);
    else byPath.set(k, [f]);
  }
  // Secrets compared as themselves, not by id: this report prints no id, so it computes none.
  const inTree = new Set(report.findings.filter((f) => f.exposure !== "history").map((f) => f.secret));
  const lines: string[] = [];
  for (const [path, fs] of byPath) {
    lines.push(c.underline(path));
    for (const f of fs) {
      const sev = paint(c, f.severity)(f.severity.padEnd(8));
      lines.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${sev} ${f.title} ${c.dim(f.ruleId)}`);
      const w = where(f, opts);
      if (w) lines.push(`  ${" ".repeat(8)} ${" ".repeat(8)} ${c.dim(w)}`);
      if (f.paired) {
        const halves = pairedWords(f.paired);
        lines.push(`  ${" ".repeat(8)} ${" ".repeat(8)} ${c.dim(`with its ${halves}: one credential`)}`);
      }
      const envName = /([A-Za-z_][A-Za-z0-9_]*)$/.exec(f.keyPath ?? "")?.[1];
      const secure = f.client
        ? opts.clients?.get(f.client)?.secure.replace(/GITHUB_TOKEN/g, envName ?? "GITHUB_TOKEN")
        : undefined;
      if (secure) lines.push(`  ${" ".repeat(8)} ${" ".repeat(8)} ${c.green(`fix: ${secure}`)}`);
      lines.push(`  ${" ".repeat(8)} ${" ".repeat(8)} ${opts.showSecrets ? f.secret : redact(f.secret)}`);
      const note = exposureNote(f, c, inTree);
      if (note) lines.push(`  ${" ".repeat(8)} ${" ".repeat(8)} ${note}`);
    }
    lines.push("");
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** The summary line(s) for stderr: counts by severity, distinct secrets, files and bytes scanned. */
export function renderSummary(report: Report, opts: ReportOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const counts = SEVERITIES.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const);
  const sev = counts.filter(([, n]) => n > 0).map(([s, n]) => paint(c, s)(`${n} ${s}`));
  const st = report.stats;
  const scanned = `${st.files} files, ${formatBytes(st.bytes)}${st.commits ? `, ${st.commits} commits` : ""} in ${(st.durationMs / 1000).toFixed(2)}s`;
  const head =
    report.findings.length === 0
      ? c.green(`No secrets found (${scanned}).`)
      : `${c.bold(`${report.findings.length} finding${report.findings.length === 1 ? "" : "s"}`)} of ${report.groups.length} distinct secret${report.groups.length === 1 ? "" : "s"} (${sev.join(", ")}) — ${scanned}.`;
  const extra: string[] = [];
  if (st.suppressed) extra.push(`${st.suppressed} suppressed`);
  return `${head}${extra.length ? ` ${c.dim(extra.join(", "))}` : ""}\n`;
}

/**
 * The slowest files to scan (`--debug`), one a line, slowest first, a history block with its commit:
 * where to look, or what to ignore, when a scan takes long.
 */
export function renderSlowest(report: Report): string {
  const slow = report.stats.slowest ?? [];
  if (slow.length === 0) return "";
  const lines = slow.map((f) => {
    const at = f.commit ? ` at ${f.commit.slice(0, 7)}` : "";
    return `  ${f.ms.toFixed(1).padStart(8)} ms  ${f.path}${at} (${formatBytes(f.bytes)})\n`;
  });
  return `slowest files to scan:\n${lines.join("")}`;
}

/** Diagnostics for stderr: warnings listed, info-level ones counted by kind. */
export function renderDiagnostics(
  diags: readonly Diagnostic[],
  opts: ReportOptions,
  verbose: boolean,
): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const lines: string[] = [];
  const counted = new Map<string, number>();
  for (const d of diags) {
    if (d.severity === "info" && !verbose) {
      counted.set(d.code, (counted.get(d.code) ?? 0) + 1);
      continue;
    }
    const tag =
      d.severity === "error"
        ? c.red("error")
        : d.severity === "warning"
          ? c.yellow("warning")
          : c.dim("info");
    lines.push(`${tag} ${d.code}${d.path ? ` ${d.path}` : ""}: ${d.detail}`);
  }
  if (counted.size) {
    const parts = [...counted].map(([k, n]) => `${n} ${k}`);
    lines.push(c.dim(`skipped or noted: ${parts.join(", ")} (--verbose lists them)`));
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
