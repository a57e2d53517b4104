/**
 * The pipeline: for each root, list → read → annotate → detect → judge → findings; then group into
 * one SecretGroup per distinct secret. Sources do the I/O; everything per fragment is pure.
 */
import { statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { type Config, EMPTY_CONFIG, loadConfig } from "./config.js";
import { MATCH_CAP, MAX_MATCHES_PER_RULE } from "./detect/detect.js";
import { buildEngine, type Engine } from "./detect/engine.js";
import { RuleError, UsageError } from "./errors.js";
import { groupFindings, sortFindings } from "./findings/group.js";
import { identify, prefetchIds } from "./findings/identity.js";
import { suppress } from "./findings/suppress.js";
import { type HeadStart, headStart, listingFor, selectionOf, treeHow, treeOnlyScan } from "./head-start.js";
import { ScanPool } from "./pool.js";
import { loadRuleset } from "./rules/load.js";
import { cachedMatcher } from "./rules/matcher-cache.js";
import type { Ruleset } from "./rules/types.js";
import { contextFor } from "./scan-file.js";
import { scanHistory } from "./scan-history.js";
import { scanHome } from "./scan-home.js";
import { scanTree } from "./scan-worktree.js";
import { Classifier } from "./sources/classify.js";
import { type Client, loadClients } from "./sources/clients.js";
import { type HistoryPump, PUMP_LIMIT_BESIDE_TREE } from "./sources/history.js";
import { type HistoryPlace, historyCommand } from "./sources/history-command.js";
import { type Boundaries, boundariesAsTree, shallowCommits } from "./sources/shallow.js";
import type { listWorktree } from "./sources/worktree.js";
import { loadBaseline, loadIgnoreFile } from "./suppressions.js";
import {
  adaptiveThreads,
  historyHere,
  historyThreads,
  likelyLarge,
  PARALLEL_MIN_FILES,
  threadsFor,
} from "./threads.js";
import { linkIntroductions, type TreeCopies } from "./tree-copies.js";
import type { Diagnostic, Finding, Report, ScanStats, Severity } from "./types.js";
import { append } from "./util/arrays.js";
import { globSet } from "./util/globs.js";
import { compareText } from "./util/strings.js";
import { VERSION } from "./version.js";
import type { WorkerInit } from "./worker.js";

export interface ScanOptions {
  readonly paths: readonly string[];
  readonly history: boolean;
  /** Only the commits in this range (a..b), or since this revision: no working tree. */
  readonly range?: string;
  readonly since?: string;
  /** Only the staged changes (pre-commit): no working tree, no history. */
  readonly staged?: boolean;
  readonly includeDeps: boolean;
  readonly maxFileSize?: number;
  readonly configPath?: string;
  readonly rulesDirs: readonly string[];
  /** Also audit the user's agent-client configs and credential files in $HOME. */
  readonly home?: boolean;
  /** Report only findings not in this baseline file. */
  readonly baseline?: string;
  readonly onProgress?: (p: Progress) => void;
  /** Detection threads: 1 = main thread only; undefined = one per core for larger scans. */
  readonly threads?: number;
  /**
   * Every finding's ids will be read (JSON, SARIF, a baseline): the weak secrets' stretches start as
   * they are found, beside the scan (findings/identity.ts). Ids are the same either way.
   */
  readonly ids?: boolean;
  /** Time each working-tree file's and history block's scan, and report the slowest (stats.slowest). */
  readonly timings?: boolean;
}

export interface Progress {
  readonly files: number;
  readonly bytes: number;
  readonly commits: number;
  readonly findings: number;
}

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface Prepared {
  /** What a worker thread needs to prepare the very same rules. */
  readonly init: WorkerInit;
  readonly config: Config;
  readonly ruleset: Ruleset;
  readonly engine: Engine;
  readonly clients: readonly Client[];
  readonly classifier: Classifier;
}

/** Loads config, rules and clients once; throws RuleError / ConfigError on bad input. */
export function prepare(
  root: string,
  configPath: string | undefined,
  rulesDirs: readonly string[],
): Prepared {
  const config = configPath || root ? loadConfig(root, configPath) : EMPTY_CONFIG;
  const configDir = config.file ? dirname(config.file) : root;
  const loaded = loadRuleset([...rulesDirs, ...config.rules.map((d) => resolve(configDir, d))]);
  const errors = loaded.problems.filter((p) => p.level === "error");
  if (errors.length) {
    const p = errors[0]!;
    throw new RuleError(
      `${p.ruleId ? `${p.ruleId}: ` : ""}${p.message}`,
      "run `agent-secrets rules check` for every problem",
      `${p.file}:${p.line ?? 1}`,
    );
  }
  for (const id of [...config.disable, ...Object.keys(config.severity)]) {
    if (!loaded.ruleset.byId.has(id))
      throw new RuleError(
        `unknown rule id \`${id}\` in config`,
        "list ids with `agent-secrets rules list`",
        config.file,
      );
  }
  const rules = loaded.ruleset.rules
    .filter((r) => !config.disable.includes(r.id))
    .map((r) => (config.severity[r.id] ? { ...r, severity: config.severity[r.id]! } : r));
  const extra = config.placeholders.map((s) => new RegExp(`^(?:${s})$`, "i"));
  const ruleset: Ruleset = {
    rules,
    byId: new Map(rules.map((r) => [r.id, r])),
    global: { ...loaded.ruleset.global, placeholders: [...loaded.ruleset.global.placeholders, ...extra] },
  };
  const clients = loadClients();
  return {
    init: { dir: root, configPath, rulesDirs },
    config,
    ruleset,
    engine: buildEngine(ruleset, cachedMatcher),
    clients,
    classifier: new Classifier(clients),
  };
}

/** The `fail-on` of the config that a scan of `paths` would use, if it sets one. */
export function configFailOn(paths: readonly string[], configPath?: string): Severity | undefined {
  const first = resolve(paths[0] ?? ".");
  let dir = first;
  try {
    if (!statSync(first).isDirectory()) dir = dirname(first);
  } catch {
    return undefined;
  }
  return loadConfig(dir, configPath).failOn;
}

export interface RootState {
  readonly stats: ScanStats;
  readonly findings: Finding[];
  readonly diagnostics: Diagnostic[];
}

export async function scan(opts: ScanOptions): Promise<Report> {
  const started = Date.now();
  if (opts.paths.length === 0 && !opts.home)
    throw new UsageError("no path to scan", "give a folder, e.g. `agent-secrets scan .`, or --home");
  const roots = opts.paths.map((p) => resolve(p));
  const isDir: boolean[] = [];
  for (const [i, r] of roots.entries()) {
    try {
      isDir.push(statSync(r).isDirectory());
    } catch {
      throw new UsageError(`path not found: ${opts.paths[i]}`, "give an existing file or folder");
    }
  }
  // git lists the first folder, and a large one's reading thread boots, while the rules load.
  const first = roots[0] && isDir[0] ? headStart(roots[0], opts) : undefined;
  first?.listing.catch(() => {}); // awaited (and its errors raised) in scanRoot, unless prepare throws
  try {
    return await scanRoots(opts, roots, isDir, started, first);
  } finally {
    prefetchIds(false);
    await first?.close();
  }
}

async function scanRoots(
  opts: ScanOptions,
  roots: readonly string[],
  isDir: readonly boolean[],
  started: number,
  first?: HeadStart,
): Promise<Report> {
  const firstDir = roots[0] ? (isDir[0] ? roots[0] : dirname(roots[0])) : process.cwd();
  const prep = prepare(firstDir, opts.configPath, opts.rulesDirs);
  const baseline = opts.baseline ? loadBaseline(opts.baseline) : undefined;
  const ignore = loadIgnoreFile(firstDir);
  // Matching a baseline or ignore file reads every finding's ids: compute them side by side.
  const matchIds = Boolean(baseline?.findings.length || ignore.entries.length);
  prefetchIds(opts.ids === true || matchIds); // off again when scan() ends
  const state: RootState = {
    stats: {
      files: 0,
      bytes: 0,
      commits: 0,
      durationMs: 0,
      dropped: {},
      suppressed: 0,
      ...(opts.timings ? { slowest: [] } : {}),
    },
    findings: [],
    diagnostics: [],
  };
  for (const [i, root] of roots.entries()) {
    // Several roots: paths are shown relative to what was given (a file root shows as given).
    let shown = opts.paths[i]!.replace(/\\/g, "/").replace(/\/+$/, "");
    if (!isDir[i]) shown = shown.includes("/") ? shown.slice(0, shown.lastIndexOf("/")) : "";
    const prefix = roots.length > 1 && shown ? `${shown}/` : "";
    await scanRoot(root, prefix, opts, prep, state, i === 0 ? first : undefined);
  }
  if (opts.home)
    await scanHome(opts.maxFileSize ?? prep.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, prep, state);
  if (matchIds) await identify(state.findings);
  append(state.diagnostics, matchCapNotes(state.stats.dropped));
  const sup = suppress(state.findings, baseline, ignore.entries, ignore.file);
  state.stats.suppressed += sup.suppressed;
  append(state.diagnostics, sup.diagnostics);
  state.stats.durationMs = Date.now() - started;
  const findings = sortFindings(sup.findings);
  return {
    version: 1,
    tool: { name: "agent-secrets", version: VERSION },
    target: [...opts.paths, ...(opts.home ? ["~"] : [])].join(" "),
    stats: state.stats,
    findings,
    groups: groupFindings(findings),
    diagnostics: state.diagnostics.sort(
      (a, b) =>
        compareText(a.path ?? "", b.path ?? "") ||
        compareText(a.code, b.code) ||
        compareText(a.detail, b.detail),
    ),
  };
}

/** A warning for each rule that reached its cap of matches in a file (detect.ts MATCH_CAP). */
function matchCapNotes(dropped: Readonly<Record<string, number>>): Diagnostic[] {
  return Object.entries(dropped)
    .filter(([reason]) => reason.startsWith(MATCH_CAP))
    .map(([reason, times]) => ({
      code: "too-many-matches",
      severity: "warning",
      detail: `rule ${reason.slice(MATCH_CAP.length)} matched more than ${MAX_MATCHES_PER_RULE} times in ${times === 1 ? "one file (or commit)" : `${times} files (or commits)`}; only the first ${MAX_MATCHES_PER_RULE} there are reported`,
    }));
}

/** Tree scans list every file; history-only selections need only the repository facts. */
async function scanRoot(
  root: string,
  prefix: string,
  opts: ScanOptions,
  prep: Prepared,
  state: RootState,
  first?: HeadStart,
): Promise<void> {
  const st = statSync(root);
  const dir = st.isDirectory() ? root : dirname(root);
  const ctx = contextFor(prep, prefix, relative(process.cwd(), dir) || ".");
  const maxBytes = opts.maxFileSize ?? prep.config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const sel = selectionOf(opts);
  const treeOnly = treeOnlyScan(opts);
  const before = state.findings.length;
  // A large repository (its git index says so): start the detection workers now, so they load while
  // git lists the files. This function owns them; scanTree uses them only if the list is large.
  const wanted = threadsFor(opts, PARALLEL_MIN_FILES);
  const early =
    treeOnly && st.isDirectory() && !adaptiveThreads(opts) && wanted > 1 && likelyLarge(dir)
      ? new ScanPool(wanted - 1, prep.init)
      : undefined;
  const skip = excludedPath(prep);
  let listing: Awaited<ReturnType<typeof listWorktree>>;
  let pump: HistoryPump | undefined;
  let shallow: Promise<Boundaries | undefined> | undefined;
  let copies: TreeCopies | undefined;
  let treeNotes = 0;
  try {
    listing = await (first?.listing ?? listingFor(dir, opts));
    append(state.diagnostics, listing.diagnostics);
    pump = await first?.pump;
    // A shallow clone's boundaries may be left out of the history once the tree is read (git compares
    // the tree with HEAD meanwhile): its git starts after the tree; any other's starts now.
    const repo = listing.repo;
    const boundaryCommits =
      sel?.kind === "all" && treeOnly && st.isDirectory() && listing.checkedOut && repo.kind === "repo"
        ? shallowCommits(repo.gitDir)
        : [];
    if (repo.kind === "repo" && boundaryCommits.length > 0)
      shallow = boundariesAsTree(repo.top, repo.gitDir, repo.prefix, boundaryCommits);
    const beside = pump !== undefined && sel !== undefined && repo.kind === "repo" && !shallow;
    // A full scan whose git runs beside the tree keeps tree copies for the history (head-start.ts).
    const full = beside && treeOnly && st.isDirectory() && sel!.kind === "all";
    const { alone, copies: kept } = treeHow(opts, full ? repo.gitDir : "");
    copies = kept;
    if (beside) pump!.start(historyCommand(sel!, placeOf(repo, prep)), alone ? PUMP_LIMIT_BESIDE_TREE : 0);
    else if (!shallow) pump?.close();
    treeNotes = state.diagnostics.length;
    if (treeOnly)
      await scanTree(
        root,
        st.isDirectory(),
        listing.files,
        skip,
        dir,
        maxBytes,
        opts,
        prep,
        ctx,
        state,
        early,
        first?.reader,
        copies,
        alone,
      );
  } finally {
    await early?.close();
  }
  const tree = state.findings.splice(before);
  let history: Finding[] = [];
  if (sel && listing.repo.kind === "repo") {
    const h = { ...state, findings: [] as Finding[] };
    const tick = () =>
      opts.onProgress?.({
        files: state.stats.files,
        bytes: state.stats.bytes,
        commits: state.stats.commits,
        findings: state.findings.length,
      });
    const { prefix } = listing.repo;
    const fromTop = (path: string) =>
      path.startsWith(ctx.pathPrefix) ? prefix + path.slice(ctx.pathPrefix.length) : path;
    const boundaries = shallow
      ? await boundaryAfterTree(shallow, state.diagnostics.slice(treeNotes), fromTop)
      : undefined;
    // A pump started at head start was started because the history is not small, on two cores or more
    // (and not ended by a shallow clone's boundary at HEAD).
    const small = !pump && (boundaries?.commits.includes(boundaries.head) || historyHere(listing.repo.top));
    await scanHistory(dir, sel, prep, ctx, h, maxBytes, tick, {
      // A small history is scanned here unless --threads says otherwise: workers would take longer
      // to start than it takes to scan.
      threads: small && opts.threads === undefined ? 1 : historyThreads(opts),
      place: placeOf(listing.repo, prep, boundaries),
      early: pump ?? first?.staged,
      small,
      skip,
      copies,
    });
    history = h.findings;
  } else if (sel && sel.kind !== "all") {
    state.diagnostics.push({
      code: "git-failed",
      severity: "error",
      path: dir,
      detail: `${sel.kind === "staged" ? "--staged" : "--range/--since"} needs a git repository`,
    });
  }
  append(state.findings, linkIntroductions(tree, history));
  append(state.findings, history);
}

/** Where the history's git runs (history.ts historyCommand), and the boundaries it leaves out. */
function placeOf(
  repo: { readonly gitDir: string; readonly prefix: string },
  prep: Prepared,
  boundaries?: Boundaries,
): HistoryPlace {
  const place = { gitDir: repo.gitDir, prefix: repo.prefix, excludes: prep.ruleset.global.pathExcludes };
  return boundaries ? { ...place, boundaries } : place;
}

/** Tree notes that say a file's text was not read whole: its text may hold what only the history shows. */
const UNREAD = new Set(["too-large", "unreadable", "vanished"]);

/**
 * A shallow clone's boundaries to leave out of the history (sources/shallow.ts): `asTree`'s answer,
 * when the tree scan read every file (none too large, unreadable or gone, but for the files the work
 * tree deleted: the boundaries' copies of those are read). `fromTop` turns a note's path into the
 * path from the repository's top.
 */
async function boundaryAfterTree(
  asTree: Promise<Boundaries | undefined>,
  treeNotes: readonly Diagnostic[],
  fromTop: (path: string) => string,
): Promise<Boundaries | undefined> {
  const boundaries = await asTree;
  const changed = new Set(boundaries?.changed);
  const deleted = (d: Diagnostic) => d.code === "vanished" && changed.has(fromTop(d.path ?? ""));
  return treeNotes.some((d) => UNREAD.has(d.code) && !deleted(d)) ? undefined : boundaries;
}

function excludedPath(prep: Prepared): (path: string) => boolean {
  const excluded = globSet([...prep.ruleset.global.pathExcludes, ...prep.config.exclude]);
  const included = prep.config.include.length ? globSet([...prep.config.include]) : () => true;
  return (p) => !included(p) || excluded(p);
}
