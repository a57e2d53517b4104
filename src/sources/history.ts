/**
 * Git history as a stream: `git log -p -U0` over every ref (or a range), parsed incrementally into
 * blocks of added lines. Also the staged-changes source (`git diff --cached`) for pre-commit hooks.
 * Blobs are read by sources/blobs.ts.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import type { Diagnostic } from "../types.js";
import { append } from "../util/arrays.js";
import { threadsLib } from "../util/lazy.js";
import { type AddedBlock, DiffParser, type MirrorTest } from "./diff.js";
import { runGit } from "./git.js";
import type { PumpInit, PumpMessage } from "./git-pump.js";
import {
  boundaryCommands,
  type EarlyRun,
  type GitCommand,
  type HistoryPlace,
  type HistorySelection,
  historyCommand,
  sameCommand,
} from "./history-command.js";
import { parserFeed } from "./long-lines.js";
import { type Boundaries, boundaryNote, readBoundaries } from "./shallow.js";

export interface StreamResult {
  readonly commits: number;
  readonly binaryFiles: number;
  /** Paths git printed as binary in a staged diff (DiffParser.binaryPaths). */
  readonly binaryPaths: readonly string[];
  readonly diagnostics: Diagnostic[];
}

/**
 * coreutils' stdbuf (Linux): run as `stdbuf -o 64K git log …`, git fills the pipe in large blocks
 * instead of one 4 KiB write per buffer, which is what lets a Node reader keep up with it. It only
 * changes stdio buffering inside git (a system library preloaded from the system's own coreutils).
 */
const STDBUF = ["/usr/bin/stdbuf", "/bin/stdbuf"].find((p) => existsSync(p));

/** Unprocessed git output the pump may hold before it pauses git. */
const PUMP_LIMIT = 16 * 1024 * 1024;
/**
 * The same while a working tree is scanned on the main thread and git has the other core (scan.ts): a
 * history's output waits until the tree is done, and git paused at 16 MB sat idle for most of the tree
 * scan (the synthetic repository's full scan: 47 MB of output, a tree scanned in 1.75 s).
 */
export const PUMP_LIMIT_BESIDE_TREE = 64 * 1024 * 1024;

/**
 * Streams added lines to `onBlock` (called synchronously, in order), except those of paths `skip`
 * excludes, and those of files added whole as the working tree holds them (`mirror`: a `mirror` block
 * instead). Resolves when git exits.
 * Memory stays bounded: one line buffer and one file's added lines at a time, plus at most PUMP_LIMIT
 * bytes of git output in flight.
 *
 * `busy()` lets the consumer apply backpressure: while it returns a promise, git's output is paused.
 * Without `busy`, git's output is read by a pump thread (git-pump.ts) so git never waits for a scan step;
 * `early` is such a thread started before (scan.ts starts one while the working tree is scanned), used
 * when it runs the same command. With `busy`, `early` may be a run of the same command started before
 * (a staged diff: head-start.ts), whose output is then read instead of starting git again.
 */
export function streamHistory(
  dir: string,
  sel: HistorySelection,
  place: HistoryPlace,
  onBlock: (b: AddedBlock) => void,
  busy?: () => Promise<void> | undefined,
  early?: HistoryPump | EarlyRun,
  maxLine = Number.POSITIVE_INFINITY,
  skip?: (path: string) => boolean,
  mirror?: MirrorTest,
): Promise<StreamResult> {
  return new Promise((resolve) => {
    const parser = new DiffParser(onBlock, maxLine, skip, mirror);
    const diagnostics: Diagnostic[] = [];
    const command = historyCommand(sel, place);
    const feed = parserFeed(parser, maxLine);
    const lines = (chunk: Buffer) => feed.write(chunk);
    const failed = (message: string) =>
      diagnostics.push({
        code: "git-unavailable",
        severity: "warning",
        path: dir,
        detail: `cannot run git: ${message}; history not scanned`,
      });
    let done = false;
    // A shallow clone's boundaries, read after the log (boundaryCommands): each one's commit line,
    // then what it holds that HEAD does not and its copy of the files the work tree changed, through
    // the same parser.
    const closed = (code: number | null, stderr: string) => {
      if (done) return;
      done = true;
      const extra = code === 0 ? boundaryCommands(place) : [];
      if (extra.length === 0) finish(code, stderr);
      else void readBoundaries(extra, lines, busy).then(() => finish(code, stderr));
    };
    const finish = (code: number | null, stderr: string) => {
      feed.end();
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
            path: dir,
            detail: `git ${sel.kind === "staged" ? "diff" : "log"} failed: ${msg}`,
          });
        }
      }
      resolve({
        commits: parser.commits,
        binaryFiles: parser.binaryFiles,
        binaryPaths: parser.binaryPaths,
        diagnostics,
      });
    };

    const earlyPump = early instanceof HistoryPump ? early : undefined;
    if (!busy) {
      let pump = earlyPump;
      if (pump?.started && !pump.runs(command)) {
        pump.close();
        pump = undefined;
      }
      pump ??= new HistoryPump();
      if (!pump.started) pump.start(command);
      const live = pump;
      live.attach((m) => {
        if (m.type === "data") {
          for (const c of m.chunks) lines(Buffer.from(c.buffer, c.byteOffset, c.length));
          live.processed(m.bytes);
        } else if (m.type === "error") failed(m.message);
        else {
          live.close();
          closed(m.code, m.stderr);
        }
      });
      return;
    }
    earlyPump?.close();
    const run = early instanceof HistoryPump ? undefined : early;
    if (!run || !sameCommand(run.command, command)) {
      run?.stop(); // another command's output is of no use here
      spawnGit(command, lines, busy, failed, closed);
      return;
    }
    // The same command's output, read when this scan step comes to it; a run that did not start, or
    // was stopped past its bound, is started again here, as if there had been none.
    void run.result.then((r) => {
      if (r.spawnError !== undefined) spawnGit(command, lines, busy, failed, closed);
      else {
        lines(r.stdout);
        closed(r.code, r.stderr);
      }
    });
  });
}

/** Runs `command`, its output to `lines` as it comes, paused while `busy` says so. */
function spawnGit(
  command: GitCommand,
  lines: (chunk: Buffer) => void,
  busy: () => Promise<void> | undefined,
  failed: (message: string) => void,
  closed: (code: number | null, stderr: string) => void,
): void {
  const child = spawn("git", command.args, {
    cwd: command.cwd,
    env: command.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
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

/**
 * A pump thread (git-pump.ts) running one git command. It boots before its command is known (scan.ts
 * starts it while the rules load) and runs git from `start`. Its output may come before anyone
 * consumes it: messages wait here until `attach`, and the pump pauses git once PUMP_LIMIT bytes wait.
 */
export class HistoryPump {
  private readonly worker: Worker;
  private readonly counter: Int32Array;
  private readonly outstanding = new SharedArrayBuffer(4);
  private command: GitCommand | undefined;
  private waiting: PumpMessage[] | undefined = [];
  private handler: ((m: PumpMessage) => void) | undefined;
  private closed = false;

  constructor() {
    this.counter = new Int32Array(this.outstanding);
    this.worker = new (threadsLib().Worker)(new URL("./git-pump.js", import.meta.url));
    // Until it has a command, the thread does not keep the process alive (a scan that never gets
    // to its history need not close it).
    this.worker.unref();
    this.worker.on("message", (m: PumpMessage) => this.deliver(m));
    this.worker.on("error", (e) => {
      this.deliver({ type: "error", message: e.message });
      this.deliver({ type: "close", code: null, stderr: "" });
    });
  }

  /** Runs `command` (once), holding at most `limit` bytes of its output unconsumed (0: PUMP_LIMIT). */
  start(command: GitCommand, limit = 0): void {
    if (this.command) throw new Error("this pump already runs a command");
    this.command = command;
    this.worker.ref();
    const init: PumpInit = {
      ...command,
      outstanding: this.outstanding,
      limit: limit || PUMP_LIMIT,
      stdbuf: STDBUF,
      diff: true,
    };
    this.worker.postMessage(init);
  }

  get started(): boolean {
    return this.command !== undefined;
  }

  /** True when this pump runs `command`. */
  runs(command: GitCommand): boolean {
    return this.command !== undefined && sameCommand(this.command, command);
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
export async function historyNotes(cwd: string, boundaries?: Boundaries): Promise<Diagnostic[]> {
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
      detail: `shallow clone: only ${count.stdout.toString().trim() || "some"} commits are present, older history was not scanned${boundaries ? boundaryNote(boundaries) : ""}. hint: git fetch --unshallow (in CI: fetch-depth: 0)`,
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
