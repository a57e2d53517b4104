/** Worker thread: prepares the same rules as the main thread, then scans files sent to it. */
import { parentPort, workerData } from "node:worker_threads";
import type { BuildContext } from "./findings/build.js";
import { prepare } from "./scan.js";
import { scanFile } from "./scan-file.js";
import type { FileEntry } from "./sources/worktree.js";

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

const init = workerData as WorkerInit;
const prep = prepare(init.dir, init.configPath, init.rulesDirs);
const base = { rules: prep.ruleset.byId, clients: new Map(prep.clients.map((c) => [c.id, c])) };

parentPort?.on("message", (job: WorkerJob) => {
  const ctx: BuildContext = { ...base, pathPrefix: job.pathPrefix, root: job.root };
  try {
    parentPort?.postMessage({ id: job.id, ok: true, result: scanFile(job.entry, job.text, prep, ctx) });
  } catch (e) {
    parentPort?.postMessage({ id: job.id, ok: false, error: (e as Error).stack ?? String(e) });
  }
});
