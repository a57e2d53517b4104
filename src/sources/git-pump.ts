/**
 * Worker thread that runs one git command and forwards its stdout as fast as git writes it. A pipe
 * holds 64 KiB: when the thread that parses and scans the output also reads the pipe, git stalls
 * whenever a scan step runs, and git's time and the scan's time add up. Read here, they overlap.
 * Memory stays bounded: past LIMIT unprocessed bytes the pump pauses git until the consumer catches up.
 */
import { spawn } from "node:child_process";
import { parentPort } from "node:worker_threads";

export interface PumpInit {
  readonly cwd: string;
  readonly args: readonly string[];
  /** coreutils' stdbuf, when the system has it: git's stdout then writes STDOUT_BLOCK blocks, not 4 KiB. */
  readonly stdbuf?: string;
  readonly env: NodeJS.ProcessEnv;
  /** [0]: bytes sent and not yet processed (the consumer subtracts what it has processed). */
  readonly outstanding: SharedArrayBuffer;
  readonly limit: number;
}

export type PumpMessage =
  | { readonly type: "data"; readonly chunk: Uint8Array }
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
  const COALESCE = 1 << 20;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    if (pendingBytes === 0) return;
    // One buffer the consumer owns, moved, not cloned.
    const chunk = new Uint8Array(pendingBytes);
    let at = 0;
    for (const b of pending) {
      chunk.set(b, at);
      at += b.length;
    }
    pending = [];
    pendingBytes = 0;
    Atomics.add(outstanding, 0, chunk.length);
    post({ type: "data", chunk }, [chunk.buffer]);
    if (!paused && Atomics.load(outstanding, 0) > init.limit) {
      paused = true;
      child.stdout.pause();
      setTimeout(resumeWhenDrained, 2);
    }
  }

  child.stdout.on("data", (b: Buffer) => {
    pending.push(b);
    pendingBytes += b.length;
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
