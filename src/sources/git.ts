/**
 * Running git safely: never a pager, fsmonitor, external diff or textconv driver from the scanned
 * repository's config; no prompts; no optional locks. Output is bounded by the caller.
 */
import { spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { utf8Text } from "../util/utf8.js";

export const SAFE_CONFIG = [
  "-c",
  "core.fsmonitor=false",
  "-c",
  "core.pager=cat",
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "diff.external=",
  "-c",
  "core.sshCommand=false",
  "-c",
  "protocol.allow=never",
  "-c",
  "credential.helper=",
  "-c",
  "core.quotePath=false",
];

/**
 * glibc's malloc as the scan's git processes run it (GLIBC_TUNABLES): transparent huge pages for what
 * git allocates (`hugetlb`, where the system leaves them to madvise), blocks of up to 32 MiB from the
 * heap rather than a mapping each, 256 MiB kept past a free, and the heap grown 64 MiB at a time.
 * `git log -p` inflates and diffs each blob in buffers it allocates, and where the first touch of a page
 * is dear (about 15 µs on the 2-core VM the bench runs on, a Firecracker guest) that was most of git's
 * time. Measured there, `git log -p -U0 --all` in turns (6 pairs): the one-line history 0.44 of its
 * time, the lockfile churn 0.43, the synthetic history 0.77, the npm packages' history 0.81. Other C
 * libraries ignore the variable and glibc passes over names it lacks (before 2.35, `hugetlb`); a
 * user's own GLIBC_TUNABLES come after these, and the last setting of a name is the one glibc keeps.
 */
export const GIT_MALLOC =
  "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=268435456:glibc.malloc.top_pad=67108864";

/** GIT_MALLOC ahead of the user's own tunables (Linux only: glibc is a Linux C library). */
export function gitTunables(
  platform = process.platform,
  own = process.env.GLIBC_TUNABLES,
): NodeJS.ProcessEnv {
  if (platform !== "linux") return {};
  return { GLIBC_TUNABLES: own ? `${GIT_MALLOC}:${own}` : GIT_MALLOC };
}

export function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...absoluteIndexFile(),
    ...gitTunables(),
    GIT_TERMINAL_PROMPT: "0",
    // No flush after every commit of `git log` (the default on pipes): fewer, larger writes.
    GIT_FLUSH: "0",
    GIT_OPTIONAL_LOCKS: "0",
    GIT_PAGER: "cat",
    PAGER: "cat",
    GIT_EXTERNAL_DIFF: "",
    GIT_ASKPASS: "",
    SSH_ASKPASS: "",
    LC_ALL: "C",
  };
}

/**
 * git runs a repository's hooks at the top of its work tree with GIT_INDEX_FILE relative to it
 * (`.git/index`, or a partial commit's temporary index). The scan runs git elsewhere too (a history's
 * or a staged diff's in the git folder), where that path names no file: a pre-commit hook's staged
 * scan read an empty diff and let every commit through. A relative path is made absolute from the
 * scan's working folder, where the hook runs.
 */
function absoluteIndexFile(): NodeJS.ProcessEnv {
  const index = process.env.GIT_INDEX_FILE;
  return index && !isAbsolute(index) ? { GIT_INDEX_FILE: resolve(index) } : {};
}

export interface GitResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  /** Set when git could not be started (not installed). */
  readonly spawnError?: string;
  /** A batch command not run (BatchCommand.unlessOk). */
  readonly skipped?: true;
}

/** Runs git to completion, buffering stdout (for small queries, not history). */
export function runGit(args: readonly string[], cwd: string): Promise<GitResult> {
  return runGitCommand({ cwd, args: [...SAFE_CONFIG, ...args], env: gitEnv() });
}

/** A command of runGitBatch's. */
export interface BatchCommand {
  readonly args: readonly string[];
  /** Only its exit status is wanted: its stdout and stderr are not read. */
  readonly quiet?: boolean;
  /**
   * Run only when the command of this index, an earlier one of the batch, failed; when it succeeded,
   * this one is skipped (its result `skipped`, with no exit status and no output).
   */
  readonly unlessOk?: number;
}

/**
 * Runs git commands in `cwd`, each as runGit runs it, one after another in their order, with one
 * process start from here: a POSIX shell (`/bin/sh`) starts them, each command's stdout and stderr on
 * pipes of their own and its exit status written to the shell's stdout. Starting a process blocks the
 * thread that starts it until the child has run its program: 6-14 ms for each git on two cores, while
 * a shell starts its children in well under a millisecond (a listing's three git queries, in a profile
 * of an 805-file repository: 45-60 → 24 ms of the main thread). One after another, not side by side:
 * on two cores four git queries started together took 46 ms of CPU and 26 ms, one after another 18 ms
 * of CPU and 20 ms; in a 20,000-file repository 84-108 ms of CPU and 87-113 ms, against 73-76 and
 * 79 ms. Without the shell (Windows), or when it cannot be started, each command is started from here
 * (a command `unlessOk` another after that one has ended). Results come in the commands' order.
 */
export function runGitBatch(commands: readonly BatchCommand[], cwd: string): Promise<GitResult>[] {
  // A POSIX shell's redirections name file descriptors 0-9 (dash reads `2>&10` as a bad one): three
  // commands with output a shell; more go to a second shell, which runs beside the first (a listing
  // asks three at most), and may not depend on the first's.
  const loudAt = loudIndexes(commands);
  const split = loudAt.indexOf(SHELL_BATCH);
  if (split > 0) {
    if (commands.slice(split).some((c) => c.unlessOk !== undefined && c.unlessOk < split))
      throw new RangeError("a batch command depends on one run by another shell");
    const rest = commands
      .slice(split)
      .map((c) => (c.unlessOk === undefined ? c : { ...c, unlessOk: c.unlessOk - split }));
    return [...runGitBatch(commands.slice(0, split), cwd), ...runGitBatch(rest, cwd)];
  }
  const separately = () => runSeparately(commands, cwd);
  if (commands.length < 2 || process.platform === "win32" || !existsSync(SHELL)) return separately();
  // Loud command k (in order) writes its stdout to fd 3 + 2k and its stderr to fd 4 + 2k, a quiet one to
  // /dev/null; `i status` lines follow on fd 1 as each ends (`i skip` for one skipped). The arguments are
  // this module's own, single-quoted.
  const quote = (a: string) => `'${a.replaceAll("'", "'\\''")}'`;
  const starts = commands.map((c, i) => {
    const k = loudAt[i]!;
    const to = k >= 0 ? `>&${3 + 2 * k} 2>&${4 + 2 * k}` : ">/dev/null 2>&1";
    const run = `git ${[...SAFE_CONFIG, ...c.args].map(quote).join(" ")} ${to}; s${i}=$?; echo "${i} $s${i}"`;
    const gate = c.unlessOk;
    // A gate that was skipped itself set no status: the test fails, and this one is skipped too.
    return gate === undefined
      ? run
      : `if [ "$s${gate}" -ne 0 ] 2>/dev/null; then ${run}; else echo "${i} skip"; fi`;
  });
  const script = [`command -v git >/dev/null 2>&1 || exit ${NO_GIT}`, ...starts].join("\n");
  const loud = loudAt.filter((k) => k >= 0).length;
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(SHELL, ["-c", script], {
      cwd,
      env: gitEnv(),
      stdio: [
        "ignore",
        "pipe",
        "pipe",
        ...Array.from({ length: loud }).flatMap(() => ["pipe", "pipe"] as const),
      ],
    });
  } catch {
    return separately();
  }
  // chunks[f]: what fd f + 1 gave (f = 0: the statuses; 2 + 2k and 3 + 2k: loud command k's output).
  const chunks: Buffer[][] = child.stdio.slice(1).map((p) => {
    const got: Buffer[] = [];
    p?.on("data", (b: Buffer) => got.push(b));
    return got;
  });
  const ended = new Promise<GitResult[]>((resolve) => {
    // The shell could not start after all: each command on its own, as without one.
    child.on("error", () => void Promise.all(separately()).then(resolve));
    child.on("close", (code) => {
      if (code === NO_GIT)
        return resolve(commands.map(() => ({ ...NOTHING, spawnError: "spawn git ENOENT" })));
      const statuses = Buffer.concat(chunks[0]!).toString("latin1").split("\n");
      resolve(
        commands.map((_, i) => {
          const status = statuses.find((l) => l.startsWith(`${i} `))?.slice(String(i).length + 1);
          if (status === "skip") return SKIPPED;
          const k = loudAt[i]!;
          return {
            // No status: the shell ended before that git did (killed), as a git killed by a signal.
            code: status === undefined ? null : Number(status),
            stdout: k >= 0 ? Buffer.concat(chunks[2 + 2 * k]!) : NOTHING.stdout,
            stderr: k >= 0 ? Buffer.concat(chunks[3 + 2 * k]!).toString("utf8") : "",
          };
        }),
      );
    });
  });
  return commands.map((_, i) => ended.then((all) => all[i]!));
}

/** Each command's place among the loud ones (its fds), -1 for a quiet one. */
function loudIndexes(commands: readonly BatchCommand[]): number[] {
  let k = 0;
  return commands.map((c) => (c.quiet ? -1 : k++));
}

/**
 * A batch's commands started one by one from here (where runGitBatch has no shell), each `unlessOk`
 * another once that one has ended; results as runGitBatch gives them.
 */
export function runSeparately(commands: readonly BatchCommand[], cwd: string): Promise<GitResult>[] {
  const runs: Promise<GitResult>[] = [];
  for (const c of commands) {
    const gate = c.unlessOk === undefined ? undefined : runs[c.unlessOk];
    const run = () =>
      runGit(c.args, cwd).then((r) => (c.quiet ? { ...NOTHING, code: r.code, spawnError: r.spawnError } : r));
    // As in the shell: skipped when its gate succeeded or was itself skipped.
    runs.push(gate ? gate.then((g) => (g.code === 0 || g.skipped ? SKIPPED : run())) : run());
  }
  return runs;
}

/** A batch command's result when the command it depended on succeeded (BatchCommand.unlessOk). */
const SKIPPED: GitResult = { code: null, stdout: Buffer.alloc(0), stderr: "", skipped: true };

/** The exit status runGitBatch's shell ends with when it finds no git (a shell's own for "not found"). */
const NO_GIT = 127;

/** A git run that gave nothing (it did not start, or was stopped: with its spawnError). */
export const NOTHING: GitResult = { code: null, stdout: Buffer.alloc(0), stderr: "" };

/** The shell runGitBatch starts git commands from, and how many with output at most (fds 3-8). */
const SHELL = "/bin/sh";
const SHELL_BATCH = 3;

/**
 * Runs a git command (its arguments and environment as given) to completion, or until its `signal`
 * aborts it (git is then killed, and the result has a spawnError). Its stdout is buffered, or handed to
 * `onData` as it comes (the result's stdout then empty), paused while `busy` says so.
 */
export function runGitCommand(
  command: {
    readonly cwd: string;
    readonly args: readonly string[];
    readonly env: NodeJS.ProcessEnv;
    readonly signal?: AbortSignal;
  },
  onData?: (chunk: Buffer) => void,
  busy?: () => Promise<void> | undefined,
): Promise<GitResult> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn("git", command.args, {
        cwd: command.cwd,
        env: command.env,
        stdio: ["ignore", "pipe", "pipe"],
        ...(command.signal ? { signal: command.signal } : {}),
      });
    } catch (e) {
      resolve({ ...NOTHING, spawnError: (e as Error).message });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (b: Buffer) => {
      if (!onData) {
        out.push(b);
        return;
      }
      onData(b);
      const wait = busy?.();
      if (wait) {
        child.stdout!.pause();
        void wait.then(() => child.stdout!.resume());
      }
    });
    child.stderr!.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => resolve({ ...NOTHING, spawnError: e.message }));
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}

export type RepoInfo =
  | {
      readonly kind: "repo";
      readonly top: string;
      readonly prefix: string;
      readonly bare: boolean;
      /** The repository's git folder, absolute (a linked worktree's own one). */
      readonly gitDir: string;
    }
  | { readonly kind: "none" }
  | { readonly kind: "no-git"; readonly detail: string }
  | { readonly kind: "dubious"; readonly detail: string };

/**
 * False when git can find no repository for `dir`: the environment names none (GIT_DIR, GIT_WORK_TREE,
 * GIT_COMMON_DIR), and neither `dir` (as the file system resolves it, as git sees its working folder)
 * nor any folder above it holds a `.git` (folder or file) or is a git folder itself (HEAD, objects and
 * refs: a bare repository, or the inside of a `.git`). That is the walk git's discovery makes, without
 * the limits that only end it sooner (GIT_CEILING_DIRECTORIES, file-system bounds,
 * safe.bareRepository): true wherever git might find a repository. A plain folder then starts no git
 * at all: four process starts, 40-50 ms of the main thread on two cores.
 */
export function mayBeInRepo(dir: string): boolean {
  const env = process.env;
  if (env.GIT_DIR !== undefined || env.GIT_WORK_TREE !== undefined || env.GIT_COMMON_DIR !== undefined)
    return true;
  let d: string;
  try {
    d = realpathSync.native(dir);
  } catch {
    return true; // git says why
  }
  for (;;) {
    if (existsSync(join(d, ".git"))) return true;
    if (existsSync(join(d, "HEAD")) && existsSync(join(d, "objects")) && existsSync(join(d, "refs")))
      return true;
    const up = dirname(d);
    if (up === d) return false;
    d = up;
  }
}

/**
 * Is `dir` inside a git work tree (or a bare repo)? One git run: in a bare repository it answers
 * the first two questions and fails on the work-tree ones.
 */
export async function repoInfo(dir: string): Promise<RepoInfo> {
  return repoInfoOf(await runGit(REPO_QUERY, dir), dir);
}

/** The git run repoInfo reads its answer from. */
export const REPO_QUERY: readonly string[] = [
  "rev-parse",
  "--is-bare-repository",
  "--absolute-git-dir",
  "--show-toplevel",
  "--show-prefix",
];

/** repoInfo's answer from REPO_QUERY's run `r` in `dir`. */
export function repoInfoOf(r: GitResult, dir: string): RepoInfo {
  if (r.spawnError) return { kind: "no-git", detail: r.spawnError };
  const lines = r.stdout.toString("utf8").split("\n");
  const gitDir = lines[1] || join(dir, ".git");
  if (lines[0] === "true") return { kind: "repo", bare: true, top: dir, prefix: "", gitDir };
  if (r.code !== 0) {
    if (/dubious ownership/i.test(r.stderr))
      return { kind: "dubious", detail: r.stderr.trim().split("\n")[0] ?? "" };
    return { kind: "none" };
  }
  return { kind: "repo", bare: false, top: lines[2] ?? dir, prefix: lines[3] ?? "", gitDir };
}

/** Splits NUL-terminated git output. */
export function splitZ(buf: Buffer): string[] {
  const s = utf8Text(buf);
  return s.split("\u0000").filter((x) => x.length > 0);
}
