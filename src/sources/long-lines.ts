/**
 * Lines of git's output that span chunks, put together as bytes and decoded once. A line of a
 * minified bundle or a one-line JSON dump is megabytes long and comes in dozens of 64 KiB chunks:
 * decoded chunk by chunk (in 16 KiB pieces) its text was hundreds of short strings, each copied by
 * the young generation's collector while the line went on, then joined into one string, a copy in
 * memory the system had not given the process before. Here such a line's bytes are copied into one
 * buffer, kept from line to line, and decoded into its one string. Everything else, and every line
 * the parser would not read whole, goes on to `text` as it came, in order. Pure but for its buffer.
 */

import { utf8Chunks, utf8Text } from "../util/utf8.js";
import type { DiffParser } from "./diff.js";

/** A held line from this many bytes is decoded whole (shorter ones go the way chunks go). */
export const WHOLE_FROM = 64 * 1024;

export interface LineSink {
  /** Bytes to decode and parse as chunks are (a stream: a line may end in a later call). */
  text(bytes: Buffer): void;
  /** One whole line (from just after a line break to its own, included), to decode and parse. */
  line(bytes: Buffer): void;
  /**
   * Whether the parser, having read everything before it, reads in full the line whose first byte is
   * `first` (not a removed line, say, of which it keeps a few characters).
   */
  readsWhole(first: number): boolean;
}

export class LongLines {
  /** The line being held, in pieces, and its bytes so far (none held: 0). */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** The line under way is passed on as it comes (not read whole, or too long to hold). */
  private passing = false;
  /** Where a whole line's bytes are put together: grown to the longest such line, then kept. */
  private joined: Buffer | undefined;

  /** `most`: the longest line held, in bytes (over it, the parser sees its pieces and judges it). */
  constructor(
    private readonly sink: LineSink,
    private readonly most = Number.POSITIVE_INFINITY,
  ) {}

  write(chunk: Buffer): void {
    let from = 0;
    if (this.heldBytes > 0 || this.passing) {
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        this.more(chunk);
        return;
      }
      this.more(chunk.subarray(0, nl + 1));
      this.lineEnds();
      from = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= from) {
      this.sink.text(from === 0 && last === chunk.length - 1 ? chunk : chunk.subarray(from, last + 1));
      from = last + 1;
    }
    if (from < chunk.length) this.lineStarts(chunk.subarray(from));
  }

  /** At the end of the output: a last line without a line break goes on as it is. */
  end(): void {
    this.release();
    this.passing = false;
  }

  private lineStarts(piece: Buffer): void {
    if (!this.sink.readsWhole(piece[0]!)) {
      this.passing = true;
      this.sink.text(piece);
      return;
    }
    this.more(piece);
  }

  private more(piece: Buffer): void {
    if (this.passing) {
      this.sink.text(piece);
      return;
    }
    this.held.push(piece);
    this.heldBytes += piece.length;
    if (this.heldBytes > this.most) {
      this.release();
      this.passing = true;
    }
  }

  /** The held line's last piece is in. */
  private lineEnds(): void {
    if (this.passing) {
      this.passing = false;
      return;
    }
    const n = this.heldBytes;
    if (n < WHOLE_FROM) {
      this.release();
      return;
    }
    // Room for a slightly longer line too: a bundle rebuilt commit after commit grows by a little.
    if (this.joined === undefined || this.joined.length < n) this.joined = Buffer.allocUnsafe(n + (n >> 3));
    let at = 0;
    for (const p of this.held) {
      this.joined.set(p, at);
      at += p.length;
    }
    this.held = [];
    this.heldBytes = 0;
    this.sink.line(this.joined.subarray(0, n));
  }

  /** The held pieces, on as they came. */
  private release(): void {
    for (const p of this.held) this.sink.text(p);
    this.held = [];
    this.heldBytes = 0;
  }
}

/**
 * git's output is decoded this much at a time. A megabyte of real code nearly always holds some
 * non-ASCII text, which cost the whole chunk a UTF-8 decode and often two bytes a character; in pieces
 * this size, three bytes in four of the npm packages' history are pure ASCII (a Latin-1 copy, one byte
 * a character).
 */
const DECODE_PIECE = 16 * 1024;

/**
 * What feeds `parser` git's output as it comes (history.ts): long lines put together and decoded
 * once (LongLines), the rest decoded in pieces. A line decoded on its own is decoded as the stream
 * would have been: a line break ends any character. `maxLine` is the parser's, in characters.
 */
export function parserFeed(parser: DiffParser, maxLine: number): { write(chunk: Buffer): void; end(): void } {
  const decoder = utf8Chunks();
  const joiner = new LongLines(
    {
      text: (bytes) => {
        for (let at = 0; at < bytes.length; at += DECODE_PIECE)
          parser.write(decoder.write(bytes.subarray(at, at + DECODE_PIECE)));
      },
      line: (bytes) => parser.write(utf8Text(bytes)),
      readsWhole: (first) => parser.readsWhole(first),
    },
    maxLine + 2, // bytes: the diff's `+`, maxLine characters of one byte or more, the line break
  );
  return {
    write: (chunk) => joiner.write(chunk),
    end: () => {
      joiner.end();
      parser.write(decoder.end());
    },
  };
}
