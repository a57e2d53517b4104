/**
 * History and staged scanning for one repo root: stream added lines, scan them as fragments; files
 * whose structure matters (agent-client configs, dotenv…) are re-read at that commit and parsed, so
 * history findings keep their key path, client and server.
 */
import type { BuildContext } from "./findings/build.js";
import { scanFragment } from "./pipeline.js";
import { ScanPool } from "./pool.js";
import type { Prepared } from "./scan.js";
import { addDropped } from "./scan-file.js";
import type { AddedBlock } from "./sources/diff.js";
import {
  BlobReader,
  type HistoryPump,
  type HistorySelection,
  historyNotes,
  streamHistory,
} from "./sources/history.js";
import { decode } from "./sources/read.js";
import { annotate } from "./structure/index.js";
import type { Diagnostic, FileContext, Finding, Fragment, ScanStats } from "./types.js";
import { detached } from "./util/strings.js";

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
 * Re-parsed blocks wait, text and all, until the stream ends: at most this many, and this much text.
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
  /** The scan root is a sub-folder of the repository. */
  readonly subdir?: boolean;
  /** A pump thread already running this history's git log (see streamHistory). */
  readonly early?: HistoryPump;
  /** A small history (threads.ts smallHistory): read on this thread, no pump. */
  readonly small?: boolean;
}

export async function scanHistory(
  dir: string,
  sel: HistorySelection,
  prep: Prepared,
  ctx: BuildContext,
  state: HistoryState,
  maxBytes: number,
  onProgress?: () => void,
  how: HistoryHow = {},
): Promise<void> {
  const { threads = 1, subdir = false, early, small = false } = how;
  // Asked of git while the history streams, not before it: two git runs fewer before the first commit.
  const notes = sel.kind !== "staged" ? historyNotes(dir) : undefined;
  const deferred: Deferred[] = [];
  let deferredChars = 0;
  // Results in stream order (oldest commit first), one slot per batch, whichever thread ran it.
  const slots: Finding[][] = [];
  const mergeResult = (
    r: { findings: Finding[]; allowed: number; dropped: Record<string, number> },
    slot: number,
  ) => {
    slots[slot]!.push(...r.findings);
    state.stats.suppressed += r.allowed;
    addDropped(state.stats.dropped, r.dropped);
  };
  let pool: ScanPool | undefined;
  const inFlight = new Set<Promise<void>>();
  let batch: Fragment[] = [];
  let batchChars = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const slot = slots.length;
    slots.push([]);
    const fragments = batch;
    batch = [];
    batchChars = 0;
    if (threads > 1) {
      pool ??= new ScanPool(threads, prep.init);
      const p = pool
        .run({ fragments, pathPrefix: ctx.pathPrefix, root: ctx.root })
        .then((r) => mergeResult(r, slot))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    } else {
      for (const f of fragments) mergeResult(scanFragment(f, prep.engine, ctx), slot);
    }
    onProgress?.();
  };
  const busy = () => (inFlight.size >= threads * IN_FLIGHT_PER_THREAD ? Promise.race(inFlight) : undefined);
  try {
    const res = await streamHistory(
      dir,
      sel,
      (block) => {
        state.stats.bytes += block.text.length;
        const context = prep.classifier.classify(block.path, block.text.slice(0, 2048));
        if (
          block.commit &&
          context.format &&
          REPARSE_KINDS.has(context.fileKind) &&
          deferred.length < MAX_DEFERRED &&
          deferredChars + block.text.length <= MAX_DEFERRED_CHARS
        ) {
          // Held to the end of the stream: its own copy, not a view into a chunk of git's output.
          deferred.push({ block: { ...block, text: detached(block.text) }, context });
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
      subdir,
      early,
    );
    flush();
    await Promise.all(inFlight);
    state.stats.commits += res.commits;
    state.diagnostics.push(...res.diagnostics);
  } finally {
    await pool?.close();
  }
  if (notes) state.diagnostics.push(...(await notes));
  const found = slots.flat();
  if (deferred.length) {
    const reader = new BlobReader(dir, maxBytes);
    try {
      for (const d of deferred) {
        const r = await reparse(d, reader, prep, ctx);
        found.push(...r.findings);
        state.stats.suppressed += r.allowed;
        addDropped(state.stats.dropped, r.dropped);
      }
    } finally {
      reader.close();
    }
  }
  // git streamed newest first; the first appearance is the oldest.
  state.findings.push(...firstAppearances(found.reverse()));
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

/** Scans the whole file at that commit, keeping only findings on the lines the commit added. */
async function reparse(d: Deferred, reader: BlobReader, prep: Prepared, ctx: BuildContext) {
  const { block, context } = d;
  const buf = await reader.read(block.commit!.sha, block.path);
  const decoded = buf ? decode(buf, block.path) : undefined;
  if (!decoded?.ok) return scanFragment(fragmentOf(block, context), prep.engine, ctx);
  const frag: Fragment = {
    text: decoded.text,
    origin: { kind: "git", path: block.path, commit: block.commit! },
    firstLine: 1,
    context,
    keys: context.format ? annotate(decoded.text, context.format) : undefined,
  };
  const r = scanFragment(frag, prep.engine, ctx);
  const added = new Set(block.lines);
  return { ...r, findings: r.findings.filter((f) => added.has(f.line)) };
}

/**
 * One history finding per (secret, rule, path): the first commit that added it (callers pass the
 * findings oldest first). Re-adding the same secret to the same file later is the same leak, not a new one.
 */
export function firstAppearances(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings) {
    const k = `${f.secretId}\u0000${f.ruleId}\u0000${f.path}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out;
}

/** Tree findings learn the commit that introduced their secret (same path first, else anywhere). */
export function linkIntroductions(tree: readonly Finding[], history: readonly Finding[]): Finding[] {
  const byPath = new Map<string, Finding>();
  const bySecret = new Map<string, Finding>();
  for (const h of history) {
    if (!byPath.has(`${h.secretId}\u0000${h.path}`)) byPath.set(`${h.secretId}\u0000${h.path}`, h);
    if (!bySecret.has(h.secretId)) bySecret.set(h.secretId, h);
  }
  return tree.map((f) => {
    const h = byPath.get(`${f.secretId}\u0000${f.path}`) ?? bySecret.get(f.secretId);
    return h?.commit ? { ...f, introducedIn: h.commit } : f;
  });
}
