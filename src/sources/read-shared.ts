/** What the reading thread (read-pump.ts) and the main thread (read-ahead.ts) share; no side effects. */
import type { MessagePort } from "node:worker_threads";
import type { HitTables } from "../detect/hit-plan.js";
import type { ReadResult } from "./read.js";

/** Shared Int32 slots ("this thread" is the reading thread). */
export const SLOT = {
  /** Next file index to claim (both threads). */
  CLAIM: 0,
  /** Batches this thread has posted. */
  POSTED: 1,
  /** First index of the batch being read by this thread, -1 between batches. */
  READING: 2,
  /** 1 once this thread claims no more. */
  FINISHED: 3,
  /** Characters posted and not yet scanned. */
  OUTSTANDING: 4,
} as const;
export const SLOTS = 5;

/**
 * Once this thread has waited for room (more than `limit` characters handed over and not scanned), it
 * goes on when the main thread is down to half of that, and the main thread wakes it only then: waking
 * it for every batch scanned cost the main thread a futex call per batch (its batch hand-over took 43 ms
 * of its profile on the synthetic tree, 9 ms now), and this thread a batch's worth of work per wake.
 */
export function resumeAt(limit: number): number {
  return limit >> 1;
}

/** Files per claim of this thread (the main thread claims fewer: it has detection to do too). */
export const READER_BATCH = 32;

/** The files to read: `paths` under `dir`, never following links out of `realRoot`. */
export interface ReadAheadJob {
  readonly dir: string;
  readonly realRoot: string;
  readonly maxBytes: number;
  readonly paths: readonly string[];
  /** The engine's keywords and rules as numbers: the reading thread plans each file's hits with them. */
  readonly tables: HitTables;
  /** Each file's git blob id where read.ts computes one (a full scan keeps tree copies: tree-copies.ts). */
  readonly blobIds?: boolean;
}

export interface ReaderInit extends ReadAheadJob {
  /** The main thread's automaton (KeywordMatcher.serialize) and its keywords. */
  readonly keywords: readonly string[];
  readonly automaton: Uint8Array;
  readonly shared: SharedArrayBuffer;
  readonly limit: number;
  readonly port: MessagePort;
}

export interface ReaderBatch {
  readonly from: number;
  /** One read result per file of the batch, in order. */
  readonly results: readonly ReadResult[];
  /**
   * The plan of every file's keyword hits (hit-plan.ts), packed: file k's is plans[offsets[k],
   * offsets[k + 1]). Two buffers per batch cross the thread, not one per file.
   */
  readonly plans: Int32Array;
  readonly offsets: Int32Array;
}
