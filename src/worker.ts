/** Worker thread: prepares the same rules as the main thread, then scans files sent to it. */
import { parentPort, workerData } from "node:worker_threads";
import type { BuildContext } from "./findings/build.js";
import { scanFragment } from "./pipeline.js";
import { prepare } from "./scan.js";
import { type FileResult, scanFile } from "./scan-file.js";
import type { FileEntry } from "./sources/worktree.js";
import type { Fragment } from "./types.js";

export interface WorkerInit {
  readonly dir: string;
  readonly configPath?: string;
  readonly rulesDirs: readonly string[];
}

export interface WorkerJob {
  readonly id: number;
  readonly entry: FileEntry;
  readonly text: string;
  readonly pathPrefix: string;
  readonly root: string;
}

/** A batch of history fragments (added lines of one file in one commit each). */
export interface WorkerBlocks {
  readonly id: number;
  readonly fragments: readonly Fragment[];
  readonly pathPrefix: string;
  readonly root: string;
}

const init = workerData as WorkerInit;
const prep = prepare(init.dir, init.configPath, init.rulesDirs);
const base = { rules: prep.ruleset.byId, clients: new Map(prep.clients.map((c) => [c.id, c])) };

function scanBlocks(job: WorkerBlocks, ctx: BuildContext): FileResult {
  const out: FileResult = { findings: [], diagnostics: [], dropped: {}, allowed: 0 };
  let allowed = 0;
  for (const frag of job.fragments) {
    const r = scanFragment(frag, prep.engine, ctx);
    out.findings.push(...r.findings);
    allowed += r.allowed;
    for (const [k, n] of Object.entries(r.dropped)) out.dropped[k] = (out.dropped[k] ?? 0) + n;
  }
  return { ...out, allowed };
}

parentPort?.on("message", (job: WorkerJob | WorkerBlocks) => {
  const ctx: BuildContext = { ...base, pathPrefix: job.pathPrefix, root: job.root };
  try {
    const result = "fragments" in job ? scanBlocks(job, ctx) : scanFile(job.entry, job.text, prep, ctx);
    parentPort?.postMessage({ id: job.id, ok: true, result });
  } catch (e) {
    parentPort?.postMessage({ id: job.id, ok: false, error: (e as Error).stack ?? String(e) });
  }
});
