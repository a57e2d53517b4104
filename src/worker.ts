/** Worker thread: prepares the same rules as the main thread, then scans files sent to it. */
import { parentPort, workerData } from "node:worker_threads";
import type { BuildContext } from "./findings/build.js";
import { toWire } from "./findings/identity.js";
import { prepare } from "./scan.js";
import { addDropped, contextFor, type FileResult } from "./scan-file.js";
import { drainTree, emptyTreeResult, type TreeJob } from "./scan-tree.js";
import { scanTimed } from "./slowest.js";
import type { Fragment } from "./types.js";
import { append } from "./util/arrays.js";

export interface WorkerInit {
  readonly dir: string;
  readonly configPath?: string;
  readonly rulesDirs: readonly string[];
}

/** Working-tree files: every thread claims batches from the shared counters until none are left. */
export interface WorkerTree {
  readonly id: number;
  readonly tree: TreeJob;
  readonly counters: SharedArrayBuffer;
}

/** A batch of history fragments (added lines of one file in one commit each). */
export interface WorkerBlocks {
  readonly id: number;
  readonly fragments: readonly Fragment[];
  readonly pathPrefix: string;
  readonly root: string;
  /** Each fragment's scan is timed, and the slowest returned (slowest.ts). */
  readonly timed?: boolean;
}

const init = workerData as WorkerInit;
const prep = prepare(init.dir, init.configPath, init.rulesDirs);
/** The context every job shares (its clients by id, built once); each job sets its paths. */
const base = contextFor(prep, "", "");

function scanBlocks(job: WorkerBlocks, ctx: BuildContext): FileResult {
  const out: FileResult = { findings: [], diagnostics: [], dropped: {}, allowed: 0 };
  let allowed = 0;
  const slow = job.timed ? [] : undefined;
  for (const frag of job.fragments) {
    const r = scanTimed(frag, prep.engine, ctx, slow);
    append(out.findings, r.findings);
    allowed += r.allowed;
    addDropped(out.dropped, r.dropped);
  }
  return slow ? { ...out, allowed, slow } : { ...out, allowed };
}

async function run(job: WorkerTree | WorkerBlocks): Promise<FileResult> {
  if ("fragments" in job) return scanBlocks(job, { ...base, pathPrefix: job.pathPrefix, root: job.root });
  const out = emptyTreeResult(job.tree.timed);
  const ctx: BuildContext = { ...base, pathPrefix: job.tree.pathPrefix, root: job.tree.root };
  await drainTree(job.tree, new Int32Array(job.counters), prep, ctx, out);
  return out;
}

parentPort?.on("message", (job: WorkerTree | WorkerBlocks) => {
  run(job).then(
    // Findings in their wire form: cloned as they are, their ids would be computed here.
    (result) =>
      parentPort?.postMessage({
        id: job.id,
        ok: true,
        result: { ...result, findings: result.findings.map(toWire) },
      }),
    (e) => parentPort?.postMessage({ id: job.id, ok: false, error: (e as Error).stack ?? String(e) }),
  );
});
