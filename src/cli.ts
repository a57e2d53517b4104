/**
 * The command line. The only module that touches process, stdout/stderr and exit codes.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { readsIds, type ScanFlags } from "./commands/flags.js";
import { AgentSecretsError, UsageError } from "./errors.js";
import { exitCodeFor } from "./exit-code.js";
import type { ReportOptions, RuleInfo } from "./report/types.js";
import type { Progress } from "./scan.js";
import { type Report, SEVERITIES, type Severity } from "./types.js";
import { onUnsettled } from "./util/keep-alive.js";
import { libraryCaches } from "./util/lazy.js";
import { parseSize } from "./util/size.js";
import { checkWritable, oneStdout, toStdout, writeParts } from "./util/write.js";
import { VERSION } from "./version.js";

// Heavy modules (rules, parsers, reporters) load on demand so `--version` and `--help` start fast.

function colorFor(stream: NodeJS.WriteStream, noColor: boolean): boolean {
  if (noColor || "NO_COLOR" in process.env) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return stream.isTTY === true;
}

function severityArg(v: string): Severity | "none" {
  if (v === "none" || SEVERITIES.includes(v as Severity)) return v as Severity | "none";
  throw new InvalidArgumentError(`expected one of ${[...SEVERITIES, "none"].join(", ")}`);
}

function sizeArg(v: string): number {
  const n = parseSize(v);
  if (n === undefined) throw new InvalidArgumentError("expected a size such as 10MiB or 500k");
  return n;
}

function progressPrinter(enabled: boolean): { tick: (p: Progress) => void; done: () => void } {
  if (!enabled) return { tick: () => {}, done: () => {} };
  let last = 0;
  const started = Date.now();
  return {
    tick: (p) => {
      const now = Date.now();
      if (now - last < 150) return;
      last = now;
      const secs = (now - started) / 1000;
      const mb = p.bytes / 1024 / 1024;
      process.stderr.write(
        `\r\u001b[2Kscanning: ${p.files} files, ${mb.toFixed(1)} MiB${p.commits ? `, ${p.commits} commits` : ""}, ${p.findings} findings (${(mb / Math.max(secs, 0.001)).toFixed(1)} MiB/s)`,
      );
    },
    done: () => process.stderr.write("\r\u001b[2K"),
  };
}

interface Loaded {
  readonly REPORTERS: typeof import("./report/index.js").REPORTERS;
  readonly reportWrites: typeof import("./report/index.js").reportWrites;
  readonly text: typeof import("./report/text.js");
  readonly scanMod: typeof import("./scan.js");
}

async function load(): Promise<Loaded> {
  const [{ REPORTERS, reportWrites }, text, scanMod] = await Promise.all([
    import("./report/index.js"),
    import("./report/text.js"),
    import("./scan.js"),
  ]);
  return { REPORTERS, reportWrites, text, scanMod };
}

async function runScanOnly(
  paths: string[],
  flags: ScanFlags,
  m: Loaded,
  ids = readsIds(flags),
): Promise<Report> {
  for (const rev of [flags.range, flags.since]) {
    if (rev?.startsWith("-"))
      throw new UsageError(
        `not a revision: ${rev}`,
        "give a commit, branch or a..b range (options are not accepted here)",
      );
  }
  if ([flags.range, flags.since, flags.staged].filter(Boolean).length > 1) {
    throw new UsageError("--range, --since and --staged cannot be combined", "pick one selection of history");
  }
  const progress = progressPrinter(!flags.quiet && process.stderr.isTTY === true);
  try {
    return await m.scanMod.scan({
      paths: paths.length ? paths : flags.home ? [] : ["."],
      home: flags.home === true,
      history: flags.history,
      range: flags.range,
      since: flags.since,
      staged: flags.staged,
      includeDeps: flags.includeDeps === true,
      maxFileSize: flags.maxFileSize,
      configPath: flags.config,
      rulesDirs: flags.rules,
      baseline: flags.baseline,
      threads: flags.threads,
      ids,
      timings: flags.debug === true,
      onProgress: progress.tick,
    });
  } finally {
    progress.done();
  }
}

function writeStderr(report: Report, flags: ScanFlags, m: Loaded): void {
  if (flags.quiet) return;
  const errOpts: ReportOptions = { showSecrets: false, color: colorFor(process.stderr, !flags.color) };
  process.stderr.write(m.text.renderDiagnostics(report.diagnostics, errOpts, flags.verbose === true));
  if (flags.debug) {
    process.stderr.write(`dropped candidates: ${JSON.stringify(report.stats.dropped)}\n`);
    const libraries = libraryCaches();
    const caches = `${start.codeCache ?? "not used"}${libraries ? ` (libraries: ${libraries})` : ""}`;
    process.stderr.write(`code cache: ${caches}\n${m.text.renderSlowest(report)}`);
  }
  process.stderr.write(m.text.renderSummary(report, errOpts));
}

/** Writes a report's parts to `file` (with `mode` when it is created), or to stdout when no file is given. */
const writeAll = (file: string | undefined, parts: Iterable<string>, mode?: number) =>
  writeParts(file, parts, (part) => process.stdout.write(part), mode);

/** The plan file `--plan` asks for, if any. */
const planFile = (flags: ScanFlags) => (flags.plan === true ? "agent-secrets-plan.md" : flags.plan);

async function runScan(paths: string[], flags: ScanFlags): Promise<number> {
  const outputs = [
    ["-o", flags.output],
    ["--json", flags.json],
    ["--sarif", flags.sarif],
    ["--markdown", flags.markdown],
    ["--plan", planFile(flags)],
    ["--patch", flags.patch],
  ] as const;
  oneStdout(outputs);
  checkWritable(outputs.map(([, file]) => file));
  const m = await load();
  const report = await runScanOnly(paths, flags, m);
  const rules = flags.format === "sarif" || flags.sarif ? await ruleInfos(report) : undefined;
  const clients = report.findings.some((f) => f.client)
    ? new Map((await import("./sources/clients.js")).loadClients().map((c) => [c.id, c]))
    : undefined;
  const base = { showSecrets: flags.showSecrets === true, rules, clients };
  const extra: [string, string | undefined][] = [
    ["json", flags.json],
    ["sarif", flags.sarif],
    ["markdown", flags.markdown],
  ];
  // JSON, SARIF and plans print ids: the stretches started during the scan end here, side by side,
  // not one by one as the renderers read them.
  if (readsIds(flags)) await (await import("./findings/identity.js")).identify(report.findings);
  for (const [format, file] of extra) {
    if (file) writeAll(file, m.reportWrites(format, report, { ...base, color: false }));
  }
  const color = toStdout(flags.output) ? colorFor(process.stdout, !flags.color) : false;
  const body = m.reportWrites(flags.format, report, { ...base, color });
  writeAll(flags.output, body);
  if (flags.format === "text" && process.env.GITHUB_ACTIONS === "true" && toStdout(flags.output)) {
    process.stdout.write(m.REPORTERS.github!(report, { ...base, color: false }));
  }
  if (flags.plan !== undefined) {
    const { buildPlan, renderPlan } = await import("./commands/plan.js");
    const file = planFile(flags)!;
    writeAll(file, [renderPlan(await buildPlan(report, paths[0] ?? "."), file)]);
    if (!flags.quiet) process.stderr.write(`migration plan written to ${toStdout(file) ? "stdout" : file}\n`);
  }
  if (flags.patch) {
    const { buildPatch } = await import("./commands/patch.js");
    const out = buildPatch(report, paths[0] ?? ".");
    writeAll(flags.patch, [out.diff], 0o600);
    if (!flags.quiet) process.stderr.write(out.summary);
  }
  writeStderr(report, flags, m);
  const failOn = flags.failOn ?? m.scanMod.configFailOn(paths.length ? paths : ["."], flags.config) ?? "low";
  return exitCodeFor(report, failOn);
}

/** Rule metadata for the one reporter that describes rules (SARIF): it reloads rules and playbooks. */
async function ruleInfos(report: Report): Promise<ReadonlyMap<string, RuleInfo>> {
  if (report.findings.length === 0) return new Map();
  const { ruleInfoMap } = await import("./commands/rule-info.js");
  return ruleInfoMap();
}

async function runBaseline(paths: string[], flags: ScanFlags & { out: string }): Promise<number> {
  checkWritable([flags.out]);
  const m = await load();
  const report = await runScanOnly(paths, { ...flags, baseline: undefined }, m);
  const { baselineOf } = await import("./findings/suppress.js");
  await (await import("./findings/identity.js")).identify(report.findings);
  writeAll(flags.out, (await import("./report/json-pieces.js")).jsonFile(baselineOf(report.findings)));
  if (!flags.quiet) {
    const to = toStdout(flags.out) ? "stdout" : flags.out;
    process.stderr.write(`baseline of ${report.findings.length} findings written to ${to}\n`);
  }
  return 0;
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command("agent-secrets")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .description("Find static secrets where AI agents and their tools keep them, and plan their replacement.")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)");
  const selection = (cmd: Command): Command =>
    cmd
      .argument("[paths...]", "files or folders to scan", [])
      .option("--no-history", "scan the working tree only, not git history")
      .option(
        "--home",
        "also audit the agent-client configs and credential files in your home folder (alone: only those)",
      )
      .option("--range <a..b>", "scan only the commits in this range (PR gates); no working tree")
      .option("--since <rev>", "scan only the commits after <rev> (same as --range <rev>..HEAD)")
      .option("--staged", "scan only staged changes (pre-commit hook); exit 1 blocks the commit")
      .option("-c, --config <file>", "config file (default: .agent-secrets.yaml in the scan root)")
      .option(
        "--rules <dir>",
        "extra rule folder (repeatable)",
        (v: string, prev: string[]) => [...prev, v],
        [] as string[],
      )
      .option("--max-file-size <size>", "skip files larger than this (default 10MiB)", sizeArg)
      .option("--include-deps", "outside git, also scan dependency folders (node_modules, vendor, .venv…)")
      .option("--no-color", "disable colours (also NO_COLOR; FORCE_COLOR forces them)")
      .option(
        "--threads <n>",
        "detection threads (default for larger scans: one per core the CPU limit allows; on 2-3 cores the main thread, with a reading thread beside it from 6,000 files; the main thread alone on one; 1 = main thread only)",
        (v: string) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number ≥ 1");
          return n;
        },
      )
      .option("-v, --verbose", "list every diagnostic, including skipped binary files")
      .option("--debug", "show why candidates were dropped, and the slowest files to scan")
      .option("-q, --quiet", "no summary, diagnostics or progress on stderr");
  selection(program.command("scan"))
    .description("scan folders (working tree and, in a git repo, its history) for embedded secrets")
    .addOption(
      new Option("-f, --format <format>", "report format on stdout")
        .choices(["text", "json", "sarif", "markdown", "github"])
        .default("text"),
    )
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--json <file>", "also write the JSON report to a file")
    .option("--sarif <file>", "also write SARIF 2.1.0 (GitHub code scanning) to a file")
    .option("--markdown <file>", "also write the markdown summary to a file (e.g. $GITHUB_STEP_SUMMARY)")
    .option("--baseline <file>", "report only findings that are not in this baseline")
    .option("--plan [file]", "also write the migration plan (markdown; a .json name writes JSON)")
    .option(
      "--patch <file>",
      "also write a git-apply-able diff replacing literals in MCP/agent configs and .env files",
    )
    .option("--show-secrets", "print raw secret values (never the default; never in SARIF)")
    .option(
      "--fail-on <severity>",
      "lowest severity that makes the exit code 1: critical|high|medium|low|none (default: low)",
      severityArg,
    )
    .action(async (paths: string[], flags: ScanFlags) => setExit(await runScan(paths, flags)));
  selection(program.command("baseline"))
    .description("write a baseline of the current findings (ids and hashes, never secrets)")
    .requiredOption("-o, --out <file>", "baseline file to write, e.g. .agent-secrets-baseline.json")
    .action(async (paths: string[], flags: ScanFlags & { out: string }) =>
      setExit(await runBaseline(paths, { ...flags, format: "json" })),
    );
  selection(program.command("plan"))
    .description("the migration plan alone: each secret mapped to its workload-identity / JIT replacement")
    .option("--from <report.json>", "plan from a saved JSON report instead of scanning")
    .addOption(
      new Option("-f, --format <format>", "plan format").choices(["markdown", "json"]).default("markdown"),
    )
    .option("-o, --output <file>", "write the plan to a file instead of stdout")
    .action(async (paths: string[], flags: ScanFlags & { from?: string }) => {
      const { buildPlan, readReport, renderPlan } = await import("./commands/plan.js");
      checkWritable([flags.output]);
      let report: Report;
      if (flags.from) report = readReport(flags.from);
      else {
        const m = await load();
        report = await runScanOnly(paths, flags, m, true);
        writeStderr(report, flags, m);
      }
      const p = await buildPlan(report, paths[0] ?? ".");
      const body = renderPlan(p, flags.format === "json" ? "x.json" : "x.md");
      writeAll(flags.output, [body]);
      setExit(0);
    });
  const rules = program.command("rules").description("list or validate detection rules");
  rules
    .command("list")
    .description("list the detection rules")
    .option(
      "--rules <dir>",
      "extra rule folder (repeatable)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (flags: { rules: string[]; format: string }) => {
      const { runRulesList } = await import("./commands/rules.js");
      process.stdout.write(runRulesList(flags.rules, flags.format));
    });
  rules
    .command("check")
    .description("validate rule files: schema, ids, examples through the real pipeline, regex safety")
    .option(
      "--rules <dir>",
      "rule folder to check (default: the built-in rules)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--skip-redos", "skip the catastrophic-backtracking analysis")
    .action(async (flags: { rules: string[]; skipRedos?: boolean }) => {
      const { runRulesCheck } = await import("./commands/rules.js");
      const res = runRulesCheck(flags.rules, flags.skipRedos === true);
      process.stdout.write(res.output);
      setExit(res.ok ? 0 : 2);
    });
  return program;
}

/** The build's warm-up (scripts/code-cache.js) writes the caches of the libraries its scan loaded. */
export { writeLibraryCaches } from "./util/lazy.js";

/** How the CLI started: bin/agent-secrets.js says whether the bundle came from its code cache. */
export interface StartInfo {
  readonly codeCache?: string;
}

let start: StartInfo = {};

/**
 * Runs the CLI. Should it stop unfinished (its event loop empty with the run still pending), it says
 * so and exits 2: never 0 with no report, which a CI gate would take for a clean scan.
 */
export function main(info: StartInfo = {}): Promise<void> {
  start = info;
  return onUnsettled(run(), () => {
    process.stderr.write(
      "agent-secrets: internal error: the run stopped before it finished; no report was written\n",
    );
    process.exitCode = 2;
  });
}

async function run(): Promise<void> {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (typeof err.code === "string" && err.code.startsWith("commander.")) {
      const ok =
        err.code === "commander.helpDisplayed" ||
        err.code === "commander.version" ||
        err.code === "commander.help";
      process.exitCode = ok ? 0 : 2;
      return;
    }
    if (e instanceof AgentSecretsError) {
      process.stderr.write(`agent-secrets: ${e.where ? `${e.where}: ` : ""}${e.message}\n`);
      if (e.hint) process.stderr.write(`hint: ${e.hint}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`agent-secrets: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = code;
}
