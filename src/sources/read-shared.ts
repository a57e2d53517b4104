/** What the reading thread (read-pump.ts) and the main thread (read-ahead.ts) share; no side effects. */
import type { MessagePort } from "node:worker_threads";
import type { Annotation, FileContext } from "../types.js";
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

/** Files per claim of this thread (the main thread claims fewer: it has detection to do too). */
export const READER_BATCH = 32;

/** The files to read: `paths` under `dir`, never following links out of `realRoot`. */
export interface ReadAheadJob {
  readonly dir: string;
  readonly realRoot: string;
  readonly maxBytes: number;
  readonly paths: readonly string[];
}

export interface ReaderInit extends ReadAheadJob {
  /** The main thread's automaton (KeywordMatcher.serialize) and its keywords. */
  readonly keywords: readonly string[];
  readonly automaton: Uint8Array;
  readonly shared: SharedArrayBuffer;
  readonly limit: number;
  readonly port: MessagePort;
}

/** What the reading thread found out about a file besides its text. */
export interface Found {
  /** Keyword hits of the text (KeywordMatcher.scanHits). */
  readonly hits?: Int32Array;
  /** The file's classification, and its structure when it has a format (annotate). */
  readonly context?: FileContext;
  readonly keys?: Annotation;
  /**
   * Nothing in the file can give a finding or a diagnostic (no format, no keyword, no read note):
   * its text is not handed over (res.text is empty), only counted.
   */
  readonly bare?: boolean;
}

export interface ReadItem extends Found {
  readonly res: ReadResult;
}

export interface ReaderBatch {
  readonly from: number;
  readonly items: readonly ReadItem[];
}
