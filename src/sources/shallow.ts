/**
 * A shallow clone's boundaries. A clone made with `--depth N` (actions/checkout's default is 1, GitLab's
 * 20 or 50) holds commits whose parents were not fetched: git shows each as adding every file, so a
 * full scan read the whole tree again as that commit, and said each secret in it was brought in by it,
 * which nobody knows. The tree scan has read HEAD's content of every file the work tree holds as HEAD
 * has it: a boundary's diff is left out of the history (HistoryPlace's `boundaries`), and what it holds
 * that HEAD does not (`git diff HEAD <boundary>`) is read as that commit's instead, with its copy of the
 * few files the work tree edits or deletes.
 */
import { join, resolve } from "node:path";
import { readText } from "../util/utf8.js";
import { runGit, runGitCommand } from "./git.js";
import { type GitCommand, prefixArgs } from "./history-command.js";

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** The folder holding a repository's refs and `shallow` file (a linked worktree's `commondir`). */
function commonDir(gitDir: string): string {
  const common = readText(join(gitDir, "commondir"))?.trim();
  return common ? resolve(gitDir, common) : gitDir;
}

/** HEAD's commit, read from the git folder's files (a detached HEAD, a loose or a packed ref). */
export function headCommit(gitDir: string): string | undefined {
  const head = readText(join(gitDir, "HEAD"))?.trim();
  if (!head) return undefined;
  if (SHA.test(head)) return head;
  const ref = /^ref: (refs\/[^\s]+)$/.exec(head)?.[1];
  if (!ref || ref.split("/").includes("..")) return undefined;
  const common = commonDir(gitDir);
  const loose = readText(join(common, ref))?.trim();
  if (loose !== undefined) return SHA.test(loose) ? loose : undefined;
  for (const line of readText(join(common, "packed-refs"))?.split("\n") ?? []) {
    const [sha, name] = line.trim().split(" ");
    if (name === ref && sha && SHA.test(sha)) return sha;
  }
  return undefined;
}

/** A shallow clone's boundary commits (its `shallow` file), none when the clone is whole. */
export function shallowCommits(gitDir: string): string[] {
  const text = readText(join(commonDir(gitDir), "shallow")) ?? "";
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => SHA.test(line));
}

/** HEAD's commit when the clone is shallow and HEAD is one of its boundary commits (`shallow` file). */
export function shallowHead(gitDir: string): string | undefined {
  const boundaries = shallowCommits(gitDir);
  if (boundaries.length === 0) return undefined;
  const head = headCommit(gitDir);
  return head && boundaries.includes(head) ? head : undefined;
}

/** A shallow clone's boundaries, to leave out of a full scan's history, and HEAD. */
export interface Boundaries {
  /** Every boundary commit: `git log ^sha`. */
  readonly commits: readonly string[];
  /** HEAD's commit: a boundary other than HEAD is read for what it holds that HEAD does not. */
  readonly head: string;
  /**
   * Tracked files (paths from the repository's top) the work tree edits or deletes: each boundary's
   * copy of them is read as that boundary's, since the tree scan did not read HEAD's.
   */
  readonly changed?: readonly string[];
}

/**
 * Edited or deleted files read again in each boundary, at most: a work tree that changes more (a
 * rewrite, a branch switched by hand) keeps the boundaries in the history, read whole.
 */
export const MAX_CHANGED = 256;

/**
 * A shallow clone's boundaries, with the tracked files under `prefix` the work tree edits or deletes
 * (`git diff --name-only HEAD`, staged or not; a file added takes nothing away), MAX_CHANGED at most;
 * undefined when there are more, or when git cannot tell. The tree scan reads HEAD's content of every
 * other file, so a boundary's own diff (every file, added) is left out of the history: what a boundary
 * holds that HEAD does not, and its copy of the changed files, are read as that commit's.
 * Files git does not check out (a sparse checkout) are the caller's to rule out.
 * Comparing the work tree would run the repository's clean filters (`filter.<driver>.process`, a
 * program its config names): every `filter.*` setting the config holds is emptied for that run, and a
 * setting whose name cannot be given on the command line leaves the history as it is.
 */
export async function boundariesAsTree(
  top: string,
  gitDir: string,
  prefix: string,
  commits: readonly string[] = shallowCommits(gitDir),
): Promise<Boundaries | undefined> {
  const head = headCommit(gitDir);
  if (commits.length === 0 || !head) return undefined;
  const filters = await runGit(["config", "--null", "--get-regexp", "^filter\\."], top);
  if (filters.code !== 0 && filters.code !== 1) return undefined; // 1: no such setting
  const overrides: string[] = [];
  for (const entry of filters.stdout.toString("utf8").split("\0")) {
    if (!entry) continue;
    const key = entry.split("\n", 1)[0]!;
    if (!/^filter\.[^=\s]+$/.test(key)) return undefined;
    overrides.push("-c", `${key}=`);
  }
  const { scope } = prefixArgs(prefix);
  // Files added since HEAD take nothing of it away: only edits, deletions and type changes count.
  const diff = ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=a", "--no-ext-diff"];
  diff.push("--no-textconv", "--ignore-submodules=all", "HEAD");
  const r = await runGit([...overrides, ...diff, ...scope], top);
  if (r.code !== 0) return undefined;
  const changed = r.stdout.toString("utf8").split("\0").filter(Boolean);
  // A name that is not UTF-8 cannot be given back to git as it is: the boundaries are read whole.
  if (changed.length > MAX_CHANGED || changed.some((p) => p.includes("\uFFFD"))) return undefined;
  return changed.length === 0 ? { commits, head } : { commits, head, changed };
}

/**
 * Runs each boundary's commands in turn, their output to `lines` (paused while `busy` says so). A
 * command that fails adds nothing: the boundary's content HEAD does not hold goes unread, as it would
 * in a clone without it.
 */
export async function readBoundaries(
  commands: readonly { header: GitCommand; diffs: readonly GitCommand[] }[],
  lines: (chunk: Buffer) => void,
  busy?: () => Promise<void> | undefined,
): Promise<void> {
  for (const { header, diffs } of commands) {
    const head = await runGitCommand(header);
    if (head.code !== 0 || head.stdout.length === 0) continue;
    lines(head.stdout);
    for (const diff of diffs) await runGitCommand(diff, lines, busy);
  }
}

/** What a shallow clone's note (history.ts historyNotes) says of boundaries left out of the log. */
export function boundaryNote(b: Boundaries): string {
  const shas = b.commits.map((c) => c.slice(0, 12)).join(", ");
  const n = b.changed?.length ?? 0;
  const holds = n
    ? `HEAD as it is but for ${n} edited or deleted file${n === 1 ? "" : "s"}`
    : "HEAD as it is";
  const reads = n
    ? "what it holds that HEAD does not and for its copy of those files"
    : "what it holds that HEAD does not";
  return `; the work tree holds ${holds}, so its files were scanned as files, not again as added by the clone's boundary (${shas}), which is read for ${reads}`;
}
