/**
 * One spare block of memory per thread: the bytes of a large file, once its text is decoded, handed
 * to the next large table instead of new memory. Memory fresh from the system costs a page fault for
 * each 4 KiB first written (about 10-16 µs each on the 2-core VM the bench runs on): a 7 MB JSON
 * dump's span table (sized like its text) took 1,760 of them after its read buffer had taken as many,
 * and the buffer was dead by then. Ownership moves: the reader gives the block up (offerSpare) and
 * never touches it again; a taker (takeSpare) owns it from then on, and the slot is empty. A block
 * offered while another waits replaces it (the old one goes to the garbage collector). Its bytes are
 * whatever the file held: a taker writes before it reads.
 */

/** Blocks below this size are not kept (small tables come from the heap, not from fresh pages). */
export const SPARE_MIN = 256 * 1024;

let spare: ArrayBufferLike | undefined;

/** Gives up `block`: the caller holds no other view of it, and will never use it again. */
export function offerSpare(block: ArrayBufferLike): void {
  if (block.byteLength >= SPARE_MIN) spare = block;
}

/** The spare block when it holds at least `bytes` bytes (now the caller's), else undefined. */
export function takeSpare(bytes: number): ArrayBufferLike | undefined {
  const block = spare;
  if (block === undefined || block.byteLength < bytes) return undefined;
  spare = undefined;
  return block;
}
