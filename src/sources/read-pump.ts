/**
 * Reading thread for working-tree scans on small machines. It claims batches of files from a counter
 * it shares with the main thread, reads each file (readFileSafe: the same checks, the same
 * diagnostics), decodes it and runs the keyword automaton over it (judging, for each hit of a keyed
 * rule's keyword, whether a value follows), then hands text and hits over; the main thread does the
 * rest of detection, and claims batches of its own (read and scanned there) whenever nothing is
 * waiting. Reading and the automaton pass need little JIT warm-up, so on two cores this thread pays
 * where a second detection thread (its own rules, its own warm-up) does not.
 * Memory stays bounded: past `limit` characters handed over and not yet scanned, it waits (until the
 * main thread is down to resumeAt(limit)).
 */
import { parentPort } from "node:worker_threads";
import { planMany } from "../detect/hit-plan.js";
import { KeywordMatcher } from "../detect/prefilter.js";
import { type ReadResult, readFileSafe } from "./read.js";
import { READER_BATCH, type ReaderBatch, type ReaderInit, resumeAt, SLOT } from "./read-shared.js";

// Started ahead of its job (ReaderThread): the job comes as the first message.
parentPort?.once("message", (init: ReaderInit) => run(init));

function run(init: ReaderInit): void {
  const slots = new Int32Array(init.shared);
  const n = init.paths.length;
  const resume = resumeAt(init.limit);
  const waitForRoom = () => {
    if (Atomics.load(slots, SLOT.OUTSTANDING) <= init.limit) return;
    for (;;) {
      const now = Atomics.load(slots, SLOT.OUTSTANDING);
      if (now <= resume) return;
      Atomics.wait(slots, SLOT.OUTSTANDING, now, 50);
    }
  };
  try {
    const matcher = KeywordMatcher.deserialize(init.keywords, init.automaton);
    for (;;) {
      if (!matcher) break; // an automaton for other keywords: the main thread reads everything
      waitForRoom();
      const from = Atomics.add(slots, SLOT.CLAIM, READER_BATCH);
      if (from >= n) break;
      Atomics.store(slots, SLOT.READING, from);
      const to = Math.min(from + READER_BATCH, n);
      const results: ReadResult[] = [];
      const texts: string[] = [];
      let chars = 0;
      for (let i = from; i < to; i++) {
        const res = readFileSafe(init.dir, init.paths[i]!, init.maxBytes, init.realRoot, false, init.blobIds);
        results.push(res);
        texts.push(res.ok ? res.text : "");
        if (res.ok) chars += res.text.length;
      }
      // The whole batch in one automaton call (see scanHitsMany), then each file's plan.
      const at = new Int32Array(texts.length + 1);
      const { plans, offsets } = planMany(texts, matcher.scanHitsMany(texts, at), at, init.tables);
      Atomics.add(slots, SLOT.OUTSTANDING, chars);
      init.port.postMessage({ from, results, plans, offsets } satisfies ReaderBatch, [
        plans.buffer as ArrayBuffer,
        offsets.buffer as ArrayBuffer,
      ]);
      Atomics.add(slots, SLOT.POSTED, 1);
      Atomics.store(slots, SLOT.READING, -1);
      Atomics.notify(slots, SLOT.POSTED);
    }
  } finally {
    Atomics.store(slots, SLOT.FINISHED, 1);
    Atomics.notify(slots, SLOT.POSTED);
  }
}
