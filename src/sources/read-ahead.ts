/**
 * The main thread's side of the reading thread (read-pump.ts). Both threads claim batches from one
 * counter: batches the reading thread has read (text decoded, keyword hits found) go to `onFile` one
 * file at a time; when none is waiting, this thread claims a small batch itself and `ownBatch` reads and
 * scans it here, so neither core idles while the other warms up. If the reading thread fails, the
 * batch it was reading is done here, so nothing is lost and nothing is scanned twice.
 */
import type { Worker } from "node:worker_threads";
import type { KeywordMatcher } from "../detect/prefilter.js";
import { waitShared } from "../util/keep-alive.js";
import { threadsLib } from "../util/lazy.js";
import type { ReadResult } from "./read.js";
import {
  READER_BATCH,
  type ReadAheadJob,
  type ReaderBatch,
  type ReaderInit,
  resumeAt,
  SLOT,
  SLOTS,
} from "./read-shared.js";

/** Characters handed over and not yet scanned, at most (tens of MB of text). */
const LIMIT = 16 << 20;
/** Files per claim of this thread. */
const OWN_BATCH = 8;

/**
 * The reading thread, started before its job is known: it boots (its own isolate, its own modules)
 * while this thread loads the rules and git lists the files. readAhead hands it the job.
 */
export class ReaderThread {
  private readonly worker: Worker = new (threadsLib().Worker)(new URL("./read-pump.js", import.meta.url));
  private closed?: Promise<number>;
  alive = true;

  constructor() {
    this.worker.on("error", () => {
      this.alive = false;
    });
    this.worker.on("exit", () => {
      this.alive = false;
    });
  }

  start(init: ReaderInit): void {
    this.worker.postMessage(init, [init.port]);
  }

  async close(): Promise<void> {
    this.closed ??= this.worker.terminate();
    await this.closed;
  }
}

export async function readAhead(
  job: ReadAheadJob,
  matcher: KeywordMatcher,
  onFile: (index: number, res: ReadResult, plan?: Int32Array) => void,
  ownBatch: (from: number, to: number) => void,
  afterBatch?: () => void,
  thread: ReaderThread = new ReaderThread(),
): Promise<void> {
  const n = job.paths.length;
  const shared = new SharedArrayBuffer(SLOTS * 4);
  const slots = new Int32Array(shared);
  slots[SLOT.READING] = -1;
  const { MessageChannel, receiveMessageOnPort } = threadsLib();
  const { port1, port2 } = new MessageChannel();
  thread.start({
    ...job,
    keywords: matcher.keywords,
    automaton: matcher.serialize(),
    shared,
    limit: LIMIT,
    port: port2,
  });
  const received = new Set<number>();
  const resume = resumeAt(LIMIT);
  const take = (batch: ReaderBatch) => {
    let chars = 0;
    for (let k = 0; k < batch.results.length; k++) {
      const res = batch.results[k]!;
      if (!res.ok) {
        onFile(batch.from + k, res);
        continue;
      }
      onFile(batch.from + k, res, batch.plans.subarray(batch.offsets[k]!, batch.offsets[k + 1]!));
      chars += res.text.length;
    }
    received.add(batch.from);
    const before = Atomics.sub(slots, SLOT.OUTSTANDING, chars);
    if (before > resume && before - chars <= resume) Atomics.notify(slots, SLOT.OUTSTANDING);
    afterBatch?.();
  };
  try {
    for (;;) {
      const m = receiveMessageOnPort(port1);
      if (m) {
        take(m.message as ReaderBatch);
        continue;
      }
      const from = Atomics.add(slots, SLOT.CLAIM, OWN_BATCH);
      if (from < n) {
        ownBatch(from, Math.min(from + OWN_BATCH, n));
        afterBatch?.();
        continue;
      }
      // Everything is claimed: what is left is the reading thread's last batches.
      const posted = Atomics.load(slots, SLOT.POSTED);
      if (received.size < posted) continue; // posted, about to be received
      if (Atomics.load(slots, SLOT.FINISHED) === 1 || !thread.alive) {
        // It stopped mid-batch (FINISHED is set on an error too; READING is cleared after each
        // post): that batch is read here.
        const reading = Atomics.load(slots, SLOT.READING);
        if (reading >= 0 && !received.has(reading)) ownBatch(reading, Math.min(reading + READER_BATCH, n));
        break;
      }
      await waitShared(slots, SLOT.POSTED, posted, 20);
    }
    for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1))
      take(m.message as ReaderBatch);
  } finally {
    port1.close();
    await thread.close();
  }
}
