/** A small worker-thread pool for detection; results come back per job, order restored by the caller. */
import type { Worker } from "node:worker_threads";
import { fromWire, type WireFinding } from "./findings/identity.js";
import type { FileResult } from "./scan-file.js";
import type { TreeResult } from "./scan-tree.js";
import { threadsLib } from "./util/lazy.js";
import type { WorkerBlocks, WorkerInit, WorkerTree } from "./worker.js";

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly result?: FileResult;
  readonly error?: string;
}

export class ScanPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (r: FileResult) => void; reject: (e: Error) => void }
  >();
  private readonly load: number[] = [];
  private nextId = 0;

  constructor(size: number, init: WorkerInit) {
    const url = new URL("./worker.js", import.meta.url);
    for (let i = 0; i < size; i++) {
      const w = new (threadsLib().Worker)(url, { workerData: init });
      w.on("message", (m: Reply) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        this.load[i]!--;
        // Findings arrive in their wire form (worker.ts): their ids are computed when read, here.
        if (m.ok && m.result)
          p.resolve({ ...m.result, findings: (m.result.findings as WireFinding[]).map(fromWire) });
        else p.reject(new Error(m.error ?? "worker failed"));
      });
      w.on("error", (e) => {
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      });
      this.workers.push(w);
      this.load.push(0);
    }
  }

  /** Jobs sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** Runs a job on the least loaded worker. */
  run(job: Omit<WorkerBlocks, "id">): Promise<FileResult> {
    let best = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i]! < this.load[best]!) best = i;
    return this.post(best, job);
  }

  /** Sends the same job to every worker (they share its work through its counters). */
  broadcast(job: Omit<WorkerTree, "id">): Promise<TreeResult>[] {
    // A tree job's reply is the worker's TreeResult (worker.ts).
    return this.workers.map((_, i) => this.post(i, job) as Promise<TreeResult>);
  }

  private post(worker: number, job: Omit<WorkerBlocks, "id"> | Omit<WorkerTree, "id">): Promise<FileResult> {
    const id = this.nextId++;
    this.load[worker]!++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[worker]!.postMessage({ ...job, id });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
