/**
 * History and staged scanning for one repo root: stream added lines, scan them as fragments; files
 * whose structure matters (agent-client configs, dotenv…) are re-read at that commit and parsed, so
 * history findings keep their key path, client and server.
 */
import type { BuildContext } from "./findings/build.js";
import type { FragmentResult } from "./pipeline.js";
import { ScanPool } from "./pool.js";
import type { Prepared } from "./scan.js";
import { addDropped, annotateAs } from "./scan-file.js";
import { mergeSlow, scanTimed } from "./slowest.js";
import { BlobReader } from "./sources/blobs.js";
import { type AddedBlock, addedLines } from "./sources/diff.js";
import { type HistoryPump, historyNotes, streamHistory } from "./sources/history.js";
import type { EarlyRun, HistoryPlace, HistorySelection } from "./sources/history-command.js";
import { decode } from "./sources/read.js";
import type { TreeCopies } from "./tree-copies.js";
import type { Diagnostic, FileContext, Finding, Fragment, ScanStats, SlowFile } from "./types.js";
import { append } from "./util/arrays.js";
import { detached } from "./util/strings.js";
import { historyAdds } from "./util/tier-up.js";

export interface HistoryState {
  readonly stats: ScanStats;
  readonly findings: Finding[];
  readonly diagnostics: Diagnostic[];
}

/** Structured files worth re-reading whole at a commit (few, small, and key paths matter there). */
const REPARSE_KINDS = new Set([
  "mcp-config",
  "agent-settings",
  "dotenv",
  "notebook",
  "credentials",
  "ci-workflow",
  "kubernetes",
  "docker",
  "prompt",
]);
/**
 * Blocks to re-parse wait, text and all, for their blob: at most this many, and this much text, in one
 * history (counted over the whole history, so which blocks are re-parsed never depends on timing).
 * Past either bound a block is scanned as it comes, as plain added lines (no key paths).
 */
const MAX_DEFERRED = 20_000;
const MAX_DEFERRED_CHARS = 32 << 20;

interface Deferred {
  readonly block: AddedBlock;
  readonly context: FileContext;
}

/** Added-line text per worker batch, and how many batches may be in flight per thread. */
const BATCH_CHARS = 256 * 1024;
const IN_FLIGHT_PER_THREAD = 2;

/** How a history is read and scanned. */
export interface HistoryHow {
  /** Detection threads (1: this thread only). */
  readonly threads?: number;
  /** The repository's git folder and the scan root's folder in it. */
  readonly place: HistoryPlace;
  /** A pump thread already running this history's git log, or a staged diff's early run (streamHistory). */
  readonly early?: HistoryPump | EarlyRun;
  /** A small history, or one core (threads.ts historyHere): read on this thread, no pump. */
  readonly small?: boolean;
  /**
   * Paths excluded from the scan (config and rule-set excludes, relative to the scan root): their
   * added lines are passed over as git's output is parsed, never scanned. Lockfiles are excluded by
   * default, and a dependency bump adds thousands of their lines.
   */
  readonly skip?: (path: string) => boolean;
  /** A full scan's working-tree files, whose whole additions are not scanned again (tree-copies.ts). */
  readonly copies?: TreeCopies;
}

export async function scanHistory(
  dir: string,
  sel: HistorySelection,
  prep: Prepared,
  ctx: BuildContext,
  state: HistoryState,
  maxBytes: number,
  onProgress: (() => void) | undefined,
  how: HistoryHow,
): Promise<void> {
  const { threads = 1, place, early, small = false, skip, copies } = how;
  // Asked of git while the history streams, not before it: two git runs fewer before the first commit.
  const notes = sel.kind !== "staged" ? historyNotes(dir, place.boundaries) : undefined;
  let deferredCount = 0;
  let deferredChars = 0;
  const reparser = new Reparser(dir, place.prefix, maxBytes, prep, ctx, state);
  // Results in stream order (oldest commit first), one slot per batch, whichever thread ran it.
  const slots: Finding[][] = [];
  const slowest = state.stats.slowest; // timed (`--debug`): slowest.ts
  const mergeResult = (r: FragmentResult & { slow?: SlowFile[] }, slot: number) => {
    append(slots[slot]!, r.findings);
    state.stats.suppressed += r.allowed;
    addDropped(state.stats.dropped, r.dropped);
    mergeSlow(slowest, r.slow);
  };
  let pool: ScanPool | undefined;
  const inFlight = new Set<Promise<void>>();
  let batch: Fragment[] = [];
  let batchChars = 0;
  // `last`: git has ended. What is left then, with no worker started yet (a staged diff, a short
  // range), is scanned here: starting workers for one batch took longer than scanning it.
  const flush = (last = false) => {
    if (batch.length === 0) return;
    const slot = slots.length;
    slots.push([]);
    const fragments = batch;
    batch = [];
    batchChars = 0;
    if (threads > 1 && (pool || !last)) {
      pool ??= new ScanPool(threads, prep.init);
      const p = pool
        .run({ fragments, pathPrefix: ctx.pathPrefix, root: ctx.root, timed: slowest !== undefined })
        .then((r) => mergeResult(r, slot))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    } else {
      for (const f of fragments) mergeResult(scanTimed(f, prep.engine, ctx, slowest), slot);
    }
    onProgress?.();
  };
  const busy = () => (inFlight.size >= threads * IN_FLIGHT_PER_THREAD ? Promise.race(inFlight) : undefined);
  try {
    const res = await streamHistory(
      dir,
      sel,
      place,
      (block) => {
        if (block.mirror) {
          // Its findings in stream order: after the blocks before it, which are sent first.
          const r = copies!.result(block.path, block.commit!);
          state.stats.bytes += r.chars;
          historyAdds(r.chars);
          flush();
          slots.push([]);
          mergeResult(r, slots.length - 1);
          return;
        }
        state.stats.bytes += block.text.length;
        historyAdds(block.text.length); // bundles and dumps rebuilt: util/tier-up.ts
        const context = prep.classifier.classify(block.path, block.text.slice(0, 2048));
        if (
          block.commit &&
          context.format &&
          REPARSE_KINDS.has(context.fileKind) &&
          deferredCount < MAX_DEFERRED &&
          deferredChars + block.text.length <= MAX_DEFERRED_CHARS
        ) {
          // It may wait a while: its own copy, not a view into a chunk of git's output.
          reparser.add({ block: { ...block, text: detached(block.text) }, context });
          deferredCount++;
          deferredChars += block.text.length;
          return;
        }
        batch.push(fragmentOf(block, context));
        batchChars += block.text.length;
        if (batchChars >= BATCH_CHARS) flush();
      },
      // Single-threaded: a pump thread reads git (no backpressure needed); a staged diff or a small
      // history is read here, too small for a thread to pay off; with detection workers, their
      // backlog paces git.
      threads > 1 ? busy : sel.kind === "staged" || small ? () => undefined : undefined,
      early,
      maxBytes,
      skip,
      copies?.has,
    );
    flush(true);
    await Promise.all(inFlight);
    if (res.binaryPaths.length > 0) {
      slots.push([]);
      const staged = await scanStagedText(res.binaryPaths, dir, place.prefix, maxBytes, prep, ctx, state);
      for (const r of staged) mergeResult(r, slots.length - 1);
    }
    state.stats.commits += res.commits;
    append(state.diagnostics, res.diagnostics);
  } catch (e) {
    reparser.stop();
    throw e;
  } finally {
    await pool?.close();
    reparser.end();
  }
  if (notes) append(state.diagnostics, await notes);
  // Re-parsed files after the stream's blocks, in the order they were deferred.
  const found = [...slots.flat(), ...(await reparser.findings())];
  // git streamed newest first; the first appearance is the oldest.
  append(state.findings, firstAppearances(found.reverse()));
}

function fragmentOf(block: AddedBlock, context: FileContext): Fragment {
  return {
    text: block.text,
    origin: block.commit
      ? { kind: "git", path: block.path, commit: block.commit }
      : { kind: "file", path: block.path, exposure: "tracked" },
    firstLine: 1,
    lines: block.lines,
    context,
  };
}

/** Blobs asked of cat-file ahead of the one being scanned. */
const READ_AHEAD = 32;

/**
 * Files re-read whole at their commit (REPARSE_KINDS), scanned beside the history stream rather than
 * after it: blobs are asked of one `git cat-file --batch` as their blocks are deferred (up to
 * READ_AHEAD at a time) and each is scanned as it arrives, in the time this thread would wait for git.
 * A repository whose every commit touches a CI workflow otherwise spent longer on these after
 * `git log` than on `git log`.
 */
class Reparser {
  private readonly queue: (Deferred | undefined)[] = [];
  private readonly reads: (Promise<Buffer | null> | undefined)[] = [];
  private readonly found: Finding[][] = [];
  private reader: BlobReader | undefined;
  private wake: (() => void) | undefined;
  private ended = false;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly maxBytes: number,
    private readonly prep: Prepared,
    private readonly ctx: BuildContext,
    private readonly state: HistoryState,
  ) {
    this.done = this.run();
    this.done.catch(() => {}); // raised by findings()
  }

  add(d: Deferred): void {
    this.queue.push(d);
    this.wake?.();
  }

  /** No more blocks will come (idempotent). */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** Gives up (the history scan failed): cat-file is closed, nothing more is scanned. */
  stop(): void {
    this.stopped = true;
    this.end();
    this.reader?.close();
  }

  /** Every re-parsed file's findings, in the order their blocks came; once the stream has ended. */
  async findings(): Promise<Finding[]> {
    this.end();
    try {
      await this.done;
    } finally {
      this.reader?.close();
    }
    return this.found.flat();
  }

  private async run(): Promise<void> {
    let asked = 0;
    for (let k = 0; ; ) {
      // Refilled by halves: the requests of one refill go to cat-file in one write (BlobReader).
      if (asked - k <= READ_AHEAD / 2)
        while (!this.stopped && asked < this.queue.length && asked - k < READ_AHEAD) {
          const { block } = this.queue[asked]!;
          this.reader ??= new BlobReader(this.dir, this.maxBytes, this.prefix);
          this.reads[asked++] = this.reader.read(block.commit!.sha, block.path);
        }
      if (k < asked) {
        const buf = await this.reads[k]!;
        if (this.stopped) return;
        const d = this.queue[k]!;
        this.reads[k] = undefined;
        this.queue[k] = undefined;
        const r = reparse(d, buf, this.prep, this.ctx, this.state.stats.slowest);
        this.found.push(r.findings);
        this.state.stats.suppressed += r.allowed;
        addDropped(this.state.stats.dropped, r.dropped);
        k++;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
  }
}

/**
 * Scans the whole file at that commit (`buf`, null when it could not be read: then the added lines
 * alone), keeping only findings on the lines the commit added.
 */
function reparse(d: Deferred, buf: Buffer | null, prep: Prepared, ctx: BuildContext, slow?: SlowFile[]) {
  const { block, context } = d;
  const decoded = buf ? decode(buf, block.path) : undefined;
  if (!decoded?.ok) return scanTimed(fragmentOf(block, context), prep.engine, ctx, slow);
  const origin = { kind: "git", path: block.path, commit: block.commit! } as const;
  return scanWhole(decoded.text, origin, context, new Set(block.lines), prep, ctx, slow);
}

/**
 * A whole file's text, parsed when its format says so, keeping only the findings on `added` lines:
 * what a commit or a staged change added to it.
 */
function scanWhole(
  text: string,
  origin: Fragment["origin"],
  context: FileContext,
  added: ReadonlySet<number>,
  prep: Prepared,
  ctx: BuildContext,
  slow?: SlowFile[],
): FragmentResult {
  const keys = annotateAs(text, context.format);
  const r = scanTimed({ text, origin, firstLine: 1, context, keys }, prep.engine, ctx, slow);
  return { ...r, findings: r.findings.filter((f) => added.has(f.line)) };
}

/**
 * Staged files git printed as binary (the parser lists them for a staged diff), read from the index:
 * a `.gitattributes` can call any file binary (`*.env -diff`), and git reads one from the index for a
 * staged diff wherever it runs. Those that decode as text are scanned whole, and keep the findings on
 * lines the committed version does not hold (addedLines), as a diff's added lines.
 */
async function scanStagedText(
  paths: readonly string[],
  dir: string,
  prefix: string,
  maxBytes: number,
  prep: Prepared,
  ctx: BuildContext,
  state: HistoryState,
): Promise<FragmentResult[]> {
  const reader = new BlobReader(dir, maxBytes, prefix);
  const out: FragmentResult[] = [];
  try {
    // The staged copies first: the committed copy of one that is binary after all (an image, most
    // often) is never asked for.
    const staged = await Promise.all(paths.map((p) => reader.read("", p)));
    const texts = paths.flatMap((path, i) => {
      const decoded = staged[i] ? decode(staged[i]!, path) : undefined;
      return decoded?.ok ? [{ path, decoded }] : [];
    });
    const committed = await Promise.all(texts.map(({ path }) => reader.read("HEAD", path)));
    for (const [i, { path, decoded }] of texts.entries()) {
      const before = committed[i] ? decode(committed[i]!, path) : undefined;
      const added = addedLines(before?.ok ? before.text : "", decoded.text);
      state.stats.bytes += decoded.text.length;
      const context = prep.classifier.classify(path, decoded.text.slice(0, 2048));
      const origin = { kind: "file", path, exposure: "tracked" } as const;
      out.push(scanWhole(decoded.text, origin, context, added, prep, ctx, state.stats.slowest));
    }
  } finally {
    reader.close();
  }
  return out;
}

/**
 * One history finding per (secret, rule, path): the first commit that added it (callers pass the
 * findings oldest first). Re-adding the same secret to the same file later is the same leak, not a new one.
 */
export function firstAppearances(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const k = `${f.secret}\u0000${f.ruleId}\u0000${f.path}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out;
}
