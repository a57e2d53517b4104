/**
 * Worker thread that runs one git command and forwards its stdout as fast as git writes it. A pipe
 * holds 64 KiB: when the thread that parses and scans the output also reads the pipe, git stalls
 * whenever a scan step runs, and git's time and the scan's time add up. Read here, they overlap.
 * Memory stays bounded: past LIMIT unprocessed bytes the pump pauses git until the consumer catches up.
 */
import { spawn } from "node:child_process";
import { parentPort } from "node:worker_threads";
import { RemovedLineCut } from "./removed-lines.js";

export interface PumpInit {
  readonly cwd: string;
  readonly args: readonly string[];
  /** coreutils' stdbuf, when the system has it: git's stdout then writes STDOUT_BLOCK blocks, not 4 KiB. */
  readonly stdbuf?: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * [0]: bytes sent and not yet processed (the consumer subtracts a message's `bytes` once it has
   * processed the message).
   */
  readonly outstanding: SharedArrayBuffer;
  readonly limit: number;
  /**
   * The output is a diff's (`git log -p`): removed lines that cross a chunk's end are left out
   * (removed-lines.ts), as nothing reads them. Otherwise every byte is passed on.
   */
  readonly diff?: boolean;
}

export type PumpMessage =
  /**
   * The output's next bytes, in order: `chunks` are views of buffers moved to the consumer, one view a
   * buffer. `bytes`: the size of those buffers, what they hold in memory (a view may leave out removed
   * lines of its buffer), and what the limit counts.
   */
  | { readonly type: "data"; readonly chunks: readonly Uint8Array[]; readonly bytes: number }
  | { readonly type: "error"; readonly message: string }
  | { readonly type: "close"; readonly code: number | null; readonly stderr: string };

/**
 * git's stdout buffer: a pipe's capacity. Sixteen times fewer writes than 4 KiB; larger blocks only
 * delay the first output (with 1 MiB, a history of 3.9 MB of patches was first read 100 ms after git
 * started, and scanned 6% slower; the bench's histories 0.5-5% slower).
 */
const STDOUT_BLOCK = "64K";

const post = (m: PumpMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(m, transfer);

// The thread boots before its command is known (scan.ts starts it while the rules load): the command
// comes as the first message.
parentPort?.once("message", (init: PumpInit) => pump(init));

function pump(init: PumpInit): void {
  const outstanding = new Int32Array(init.outstanding);

  const [cmd, ...argv] = init.stdbuf
    ? [init.stdbuf, "-o", STDOUT_BLOCK, "git", ...init.args]
    : ["git", ...init.args];
  const child = spawn(cmd!, argv, { cwd: init.cwd, env: init.env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let paused = false;

  function resumeWhenDrained(): void {
    if (Atomics.load(outstanding, 0) > init.limit / 2) {
      setTimeout(resumeWhenDrained, 2);
      return;
    }
    paused = false;
    child.stdout.resume();
  }

  // git writes a pipe 4 KiB at a time: chunks are gathered and sent as one message per event-loop turn
  // (or per COALESCE bytes), so the consumer pays its per-message cost a few hundred times, not 10,000s.
  // Each chunk's own buffer is moved with it, not copied: a copy into one buffer per message took 170 ms
  // of this thread's time, which it shares a core with git, for the 76 MB of a history of one-line
  // bundles (a fresh buffer's pages are faulted in, then written).
  const COALESCE = 1 << 20;
  const cut = init.diff ? new RemovedLineCut() : undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    if (pendingBytes === 0) return;
    const chunks = pending;
    const bytes = pendingBytes;
    pending = [];
    pendingBytes = 0;
    Atomics.add(outstanding, 0, bytes);
    post(
      { type: "data", chunks, bytes },
      chunks.map((c) => c.buffer as ArrayBuffer),
    );
    if (!paused && Atomics.load(outstanding, 0) > init.limit) {
      paused = true;
      child.stdout.pause();
      setTimeout(resumeWhenDrained, 2);
    }
  }

  child.stdout.on("data", (b: Buffer) => {
    const [from, to] = cut ? cut.keep(b) : [0, b.length];
    if (to === from) return;
    // A chunk that shares its buffer (a pool's) is copied: only a buffer of its own can be moved.
    const own = b.byteOffset === 0 && b.buffer.byteLength === b.length ? b : new Uint8Array(b);
    pending.push(own.subarray(from, to));
    pendingBytes += own.length;
    if (pendingBytes >= COALESCE) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
  child.stderr.on("data", (b: Buffer) => {
    if (stderr.length < 4096) stderr += b.toString("utf8");
  });
  child.on("error", (e) => post({ type: "error", message: e.message }));
  child.on("close", (code) => {
    flush();
    post({ type: "close", code, stderr });
  });
}
