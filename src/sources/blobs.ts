/**
 * Blobs read through one `git cat-file --batch` process: staged files git called binary (read from the
 * index and HEAD), and files re-read whole at their commit in a history scan.
 */
import { spawn } from "node:child_process";
import { gitEnv, SAFE_CONFIG } from "./git.js";
import { binaryHead, SNIFF } from "./read.js";

function spawnBatch(cwd: string) {
  return spawn("git", [...SAFE_CONFIG, "cat-file", "--batch"], {
    cwd,
    env: gitEnv(),
    stdio: ["pipe", "pipe", "ignore"],
  });
}

/**
 * `git cat-file --batch` output, parsed as it arrives: a header line (`<oid> blob <size>`, or
 * `<name> missing` / `ambiguous`), then the body copied once into a buffer of the announced size, then a
 * line feed. A body over maxBytes is passed over, and so is a binary one (read.ts binaryHead) once its
 * first SNIFF bytes show it. Each blob goes to `onBlob` in order, null when it is missing, over the
 * limit, binary (each of which its readers pass over) or announced with a size that is no size. Joining
 * each chunk to the bytes before it (as this once did) copied a blob's received part again with every
 * 64 KiB: six staged 5 MB images and their committed versions took a pre-commit scan 1.3 s, most of it
 * copying. No I/O.
 */
export class BatchOutput {
  /** Bytes received and not yet parsed, in order (the first from `at` on). */
  private readonly chunks: Buffer[] = [];
  private at = 0;
  /**
   * The blob being received (undefined when it is passed over) and how much of it has come: first its
   * first SNIFF bytes at most, then, when they are not binary, all of it.
   */
  private body: Buffer | undefined;
  private filled = 0;
  private size = 0;
  /** The body holds the blob's first bytes only, not yet looked at (sniff). */
  private sniffing = false;
  /** Bytes of the current blob still to come, its line feed included; -1 while a header is awaited. */
  private left = -1;

  constructor(
    private readonly maxBytes: number,
    private readonly onBlob: (body: Buffer | null) => void,
  ) {}

  push(chunk: Buffer): void {
    if (chunk.length > 0) this.chunks.push(chunk);
    while (this.chunks.length > 0) {
      if (this.left < 0) {
        const header = this.line();
        if (header === undefined) return;
        if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
          this.onBlob(null);
          continue;
        }
        const size = Number(header.split(" ")[2]);
        if (!Number.isSafeInteger(size) || size < 0) {
          this.onBlob(null);
          continue;
        }
        this.size = size;
        this.body = size > this.maxBytes ? undefined : Buffer.allocUnsafe(Math.min(size, SNIFF));
        this.sniffing = size > 0 && this.body !== undefined;
        this.filled = 0;
        this.left = size + 1;
        continue;
      }
      const first = this.chunks[0]!;
      const n = Math.min(first.length - this.at, this.left);
      for (let taken = 0; this.body !== undefined && this.filled < this.body.length && taken < n; ) {
        const copy = Math.min(n - taken, this.body.length - this.filled);
        first.copy(this.body, this.filled, this.at + taken, this.at + taken + copy);
        this.filled += copy;
        taken += copy;
        if (this.sniffing && this.filled === this.body.length) this.sniff();
      }
      this.left -= n;
      this.advance(n);
      if (this.left === 0) {
        this.left = -1;
        const body = this.body;
        this.body = undefined;
        this.onBlob(body ?? null);
      }
    }
  }

  /** The blob's first bytes are in: binary, it is passed over; else its buffer grows to its size. */
  private sniff(): void {
    this.sniffing = false;
    const head = this.body!;
    if (binaryHead(head)) this.body = undefined;
    else if (this.size > head.length) {
      this.body = Buffer.allocUnsafe(this.size);
      head.copy(this.body);
    }
  }

  /** The next header line (without its line feed), consumed; undefined until all of it has come. */
  private line(): string | undefined {
    let before = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      const c = this.chunks[k]!;
      const from = k === 0 ? this.at : 0;
      const nl = c.indexOf(10, from);
      if (nl === -1) {
        before += c.length - from;
        continue;
      }
      const parts = this.chunks
        .slice(0, k + 1)
        .map((p, i) => p.subarray(i === 0 ? this.at : 0, i === k ? nl : p.length));
      this.advance(before + nl - from + 1);
      return Buffer.concat(parts).toString("utf8");
    }
    return undefined;
  }

  /** Consumes `n` bytes from the front of the received chunks. */
  private advance(n: number): void {
    while (n > 0) {
      const rest = this.chunks[0]!.length - this.at;
      if (n < rest) {
        this.at += n;
        return;
      }
      n -= rest;
      this.chunks.shift();
      this.at = 0;
    }
  }
}

/**
 * Reads blobs `<rev>:<prefix><path>` through one `git cat-file --batch` process (`prefix`: the scan
 * root's folder in the repository, as history paths are relative to it; rev "" reads the index).
 */
export class BlobReader {
  private readonly child: ReturnType<typeof spawnBatch>;
  private readonly output: BatchOutput;
  private waiting: ((b: Buffer | null) => void)[] = [];
  private failed = false;

  constructor(
    cwd: string,
    maxBytes: number,
    private readonly prefix = "",
  ) {
    this.output = new BatchOutput(maxBytes, (b) => this.waiting.shift()?.(b));
    this.child = spawnBatch(cwd);
    this.child.stdin.on("error", () => this.fail());
    this.child.on("error", () => this.fail());
    this.child.stdout.on("data", (b: Buffer) => this.output.push(b));
    this.child.stdout.on("close", () => this.fail());
  }

  private fail(): void {
    this.failed = true;
    for (const w of this.waiting.splice(0)) w(null);
  }

  /**
   * Requests not yet written to cat-file: those asked in one turn of the event loop go in one write
   * (a write each cost a system call and a wake-up of cat-file: 107 ms of 4,500 re-read configs).
   */
  private outgoing: string[] = [];

  read(rev: string, path: string): Promise<Buffer | null> {
    if (this.failed || /[\n\r]/.test(this.prefix + path)) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (this.outgoing.push(`${rev}:${this.prefix}${path}\n`) === 1) queueMicrotask(() => this.send());
    });
  }

  private send(): void {
    if (this.outgoing.length === 0) return;
    const lines = this.outgoing.join("");
    this.outgoing = [];
    if (!this.child.stdin.writableEnded) this.child.stdin.write(lines);
  }

  close(): void {
    this.send();
    this.child.stdin.end();
  }
}
