/**
 * Git history as a stream: `git log -p -U0` over every ref (or a range), parsed incrementally into
 * blocks of added lines. Also the staged-changes source (`git diff --cached`) for pre-commit hooks,
 * and blob reads for re-parsing structured files at a commit.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "../types.js";
import { append } from "../util/arrays.js";
import { utf8Chunks } from "../util/utf8.js";
import { type AddedBlock, COMMIT_FORMAT, DiffParser } from "./diff.js";
import { gitEnv, runGit, SAFE_CONFIG } from "./git.js";
import type { PumpInit, PumpMessage } from "./git-pump.js";

export type HistorySelection =
  | { readonly kind: "all" }
  | { readonly kind: "range"; readonly range: string }
  | { readonly kind: "staged" };

export interface StreamResult {
  readonly commits: number;
  readonly binaryFiles: number;
  readonly diagnostics: Diagnostic[];
}

const DIFF_FLAGS = [
  "-p",
  "-U0",
  "--no-ext-diff",
  "--no-textconv",
  "--no-color",
  "--no-renames",
  "--ignore-submodules=all",
];

/**
 * git's default order (newest first) streams fastest; `--reverse`/`--topo-order` make git buffer and
 * cost a third more, so the consumer restores oldest-first itself. A pathspec (and `--relative`) only
 * when the scan root is a sub-folder of the repository: it slows the walk.
 */
function argsFor(sel: HistorySelection, subdir: boolean): string[] {
  const relative = subdir ? ["--relative"] : [];
  const scope = subdir ? ["--", "."] : [];
  if (sel.kind === "staged") return ["diff", "--cached", ...DIFF_FLAGS, ...relative, "--", "."];
  const revs = sel.kind === "all" ? ["--all"] : [sel.range];
  return ["log", ...DIFF_FLAGS, ...relative, COMMIT_FORMAT, ...revs, ...scope];
}

/**
 * coreutils' stdbuf (Linux): run as `stdbuf -o 1M git log …`, git fills the pipe in large blocks
 * instead of one 4 KiB write per buffer, which is what lets a Node reader keep up with it. It only
 * changes stdio buffering inside git (a system library preloaded from the system's own coreutils).
 */
const STDBUF = ["/usr/bin/stdbuf", "/bin/stdbuf"].find((p) => existsSync(p));

/**
 * git's output is decoded this much at a time. A megabyte of real code nearly always holds some
 * non-ASCII text, which cost the whole chunk a UTF-8 decode and often two bytes a character; in pieces
 * this size, three bytes in four of the npm packages' history are pure ASCII (a Latin-1 copy, one byte
 * a character).
 */
const DECODE_PIECE = 16 * 1024;

/** Unprocessed git output the pump may hold before it pauses git. */
const PUMP_LIMIT = 16 * 1024 * 1024;

/**
 * Streams added lines to `onBlock` (called synchronously, in order). Resolves when git exits.
 * Memory stays bounded: one line buffer and one file's added lines at a time, plus at most PUMP_LIMIT
 * bytes of git output in flight.
 *
 * `busy()` lets the consumer apply backpressure: while it returns a promise, git's output is paused.
 * Without `busy`, git's output is read by a pump thread (git-pump.ts) so git never waits for a scan step;
 * `early` is such a thread started before (scan.ts starts one while the working tree is scanned), used
 * when it runs the same command.
 */
export function streamHistory(
  cwd: string,
  sel: HistorySelection,
  onBlock: (b: AddedBlock) => void,
  busy?: () => Promise<void> | undefined,
  subdir = false,
  early?: HistoryPump,
  maxLine = Number.POSITIVE_INFINITY,
): Promise<StreamResult> {
  return new Promise((resolve) => {
    const parser = new DiffParser(onBlock, maxLine);
    const diagnostics: Diagnostic[] = [];
    const args = historyArgs(sel, subdir);
    const decoder = utf8Chunks();
    const lines = (chunk: Buffer) => {
      for (let at = 0; at < chunk.length; at += DECODE_PIECE)
        parser.write(decoder.write(chunk.subarray(at, at + DECODE_PIECE)));
    };
    const failed = (message: string) =>
      diagnostics.push({
        code: "git-unavailable",
        severity: "warning",
        path: cwd,
        detail: `cannot run git: ${message}; history not scanned`,
      });
    let done = false;
    const closed = (code: number | null, stderr: string) => {
      if (done) return;
      done = true;
      parser.write(decoder.end());
      parser.end();
      append(diagnostics, overlongNotes(parser, maxLine));
      if (code !== 0 && code !== null) {
        const msg = stderr.trim().split("\n")[0] ?? "";
        if (
          !/does not have any commits yet|bad default revision|unknown revision.*HEAD/.test(msg) ||
          sel.kind === "range"
        ) {
          diagnostics.push({
            code: "git-failed",
            severity: sel.kind === "range" ? "error" : "warning",
            path: cwd,
            detail: `git ${argsFor(sel, subdir)[0]} failed: ${msg}`,
          });
        }
      }
      resolve({ commits: parser.commits, binaryFiles: parser.binaryFiles, diagnostics });
    };

    if (!busy) {
      let pump = early;
      if (pump && !pump.runs(cwd, args)) {
        pump.close();
        pump = undefined;
      }
      pump ??= new HistoryPump(cwd, args);
      const live = pump;
      live.attach((m) => {
        if (m.type === "data") {
          lines(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.length));
          live.processed(m.chunk.length);
        } else if (m.type === "error") failed(m.message);
        else {
          live.close();
          closed(m.code, m.stderr);
        }
      });
      return;
    }
    early?.close();

    const child = spawn("git", args, { cwd, env: gitEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      lines(chunk);
      const wait = busy();
      if (wait) {
        child.stdout.pause();
        void wait.then(() => child.stdout.resume());
      }
    });
    child.stderr.on("data", (b: Buffer) => {
      if (stderr.length < 4096) stderr += b.toString("utf8");
    });
    child.on("error", (e) => failed(e.message));
    child.on("close", (code) => closed(code, stderr));
  });
}

/** Diagnostics for the added lines the parser left out for their length. */
function overlongNotes(parser: DiffParser, maxLine: number): Diagnostic[] {
  const out: Diagnostic[] = parser.overlong.map((o) => ({
    code: "too-large",
    severity: "warning",
    path: o.path,
    detail: `line ${o.line} ${o.commit ? `added in commit ${o.commit.slice(0, 12)}` : "staged"} is ${o.chars} characters, over the ${maxLine}-byte limit (--max-file-size); that line not scanned`,
  }));
  const more = parser.overlongLines - parser.overlong.length;
  if (more > 0) {
    out.push({
      code: "too-large",
      severity: "warning",
      detail: `${more} more added lines over the ${maxLine}-byte limit (--max-file-size) in history; not scanned`,
    });
  }
  return out;
}

/** The git command line of a history selection. */
export function historyArgs(sel: HistorySelection, subdir = false): string[] {
  return [...SAFE_CONFIG, ...argsFor(sel, subdir)];
}

/**
 * A pump thread (git-pump.ts) running one git command. It may start before anyone consumes its
 * output: messages wait here until `attach`, and the pump pauses git once PUMP_LIMIT bytes wait.
 */
export class HistoryPump {
  private readonly worker: Worker;
  private readonly counter: Int32Array;
  private waiting: PumpMessage[] | undefined = [];
  private handler: ((m: PumpMessage) => void) | undefined;
  private closed = false;

  constructor(
    private readonly cwd: string,
    private readonly args: readonly string[],
  ) {
    const outstanding = new SharedArrayBuffer(4);
    this.counter = new Int32Array(outstanding);
    const init: PumpInit = { cwd, args, env: gitEnv(), outstanding, limit: PUMP_LIMIT, stdbuf: STDBUF };
    this.worker = new Worker(new URL("./git-pump.js", import.meta.url), { workerData: init });
    this.worker.on("message", (m: PumpMessage) => this.deliver(m));
    this.worker.on("error", (e) => {
      this.deliver({ type: "error", message: e.message });
      this.deliver({ type: "close", code: null, stderr: "" });
    });
  }

  /** True when this pump runs `args` in `cwd`. */
  runs(cwd: string, args: readonly string[]): boolean {
    return this.cwd === cwd && this.args.length === args.length && this.args.every((a, i) => a === args[i]);
  }

  /** Messages waiting for `attach` (0 once attached). */
  get waitingMessages(): number {
    return this.waiting?.length ?? 0;
  }

  /** Hands every message so far, then each as it comes, to `handler` (in order). */
  attach(handler: (m: PumpMessage) => void): void {
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    for (const m of waiting) handler(m);
    this.handler = handler;
  }

  /** The consumer has processed `bytes` of data: the pump may let git write more. */
  processed(bytes: number): void {
    Atomics.sub(this.counter, 0, bytes);
  }

  /** Stops the thread (and with it git). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
  }

  private deliver(m: PumpMessage): void {
    if (this.closed) return;
    if (this.handler) this.handler(m);
    else this.waiting?.push(m);
  }
}

/** Diagnostics about the history itself: shallow clones, submodules. */
export async function historyNotes(cwd: string): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  // Each git run forks on this thread (3-7 ms): asked only where the files cannot tell. git reads a
  // `.gitmodules` in the folder it runs in, and takes a repository as shallow when its git folder holds
  // a `shallow` file (a worktree's or submodule's `.git` is a file, GIT_DIR may name another folder,
  // and git looks further up past a `.git` folder without HEAD: git is asked then).
  const gitDir = join(cwd, ".git");
  const [shallow, subs] = await Promise.all([
    !process.env.GIT_DIR && existsSync(join(gitDir, "HEAD"))
      ? existsSync(join(gitDir, "shallow"))
      : runGit(["rev-parse", "--is-shallow-repository"], cwd).then(
          (r) => r.stdout.toString().trim() === "true",
        ),
    existsSync(join(cwd, ".gitmodules"))
      ? runGit(["config", "--file", ".gitmodules", "--get-regexp", "^submodule\\..*\\.path$"], cwd)
      : undefined,
  ]);
  if (shallow) {
    const count = await runGit(["rev-list", "--count", "--all"], cwd);
    out.push({
      code: "history-shallow",
      severity: "warning",
      path: cwd,
      detail: `shallow clone: only ${count.stdout.toString().trim() || "some"} commits are present, older history was not scanned. hint: git fetch --unshallow (in CI: fetch-depth: 0)`,
    });
  }
  if (subs?.code === 0) {
    for (const line of subs.stdout.toString("utf8").split("\n").filter(Boolean)) {
      out.push({
        code: "submodule",
        severity: "info",
        path: line.split(" ").slice(1).join(" "),
        detail: "submodule not followed; scan it separately",
      });
    }
  }
  return out;
}

function spawnBatch(cwd: string) {
  return spawn("git", [...SAFE_CONFIG, "cat-file", "--batch"], {
    cwd,
    env: gitEnv(),
    stdio: ["pipe", "pipe", "ignore"],
  });
}

/** Reads blobs `<rev>:<path>` through one `git cat-file --batch` process. */
export class BlobReader {
  private readonly child: ReturnType<typeof spawnBatch>;
  private buf = Buffer.alloc(0);
  private waiting: ((b: Buffer | null) => void)[] = [];
  private failed = false;

  constructor(
    cwd: string,
    private readonly maxBytes: number,
  ) {
    this.child = spawnBatch(cwd);
    this.child.stdin.on("error", () => this.fail());
    this.child.on("error", () => this.fail());
    this.child.stdout.on("data", (b: Buffer) => {
      this.buf = Buffer.concat([this.buf, b]);
      this.drain();
    });
    this.child.stdout.on("close", () => this.fail());
  }

  private fail(): void {
    this.failed = true;
    for (const w of this.waiting.splice(0)) w(null);
  }

  private drain(): void {
    while (this.waiting.length) {
      const nl = this.buf.indexOf(10);
      if (nl === -1) return;
      const header = this.buf.subarray(0, nl).toString("utf8");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        this.buf = this.buf.subarray(nl + 1);
        this.waiting.shift()!(null);
        continue;
      }
      const size = Number(header.split(" ")[2]);
      if (this.buf.length < nl + 1 + size + 1) return;
      const body = this.buf.subarray(nl + 1, nl + 1 + size);
      this.buf = this.buf.subarray(nl + 1 + size + 1);
      this.waiting.shift()!(size > this.maxBytes ? null : Buffer.from(body));
    }
  }

  read(rev: string, path: string): Promise<Buffer | null> {
    if (this.failed || /[\n\r]/.test(path)) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${rev}:${path}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}
