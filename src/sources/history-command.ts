/**
 * The git command of a history scan: `git log -p -U0` over every ref or a range (or `git diff
 * --cached` for staged changes), run where the repository's own attributes cannot hide a file.
 */

import { COMMIT_FORMAT } from "./diff.js";
import { type GitResult, gitEnv, SAFE_CONFIG } from "./git.js";
import { attributesFile } from "./git-attributes.js";
import type { Boundaries } from "./shallow.js";

export type HistorySelection =
  | { readonly kind: "all" }
  | { readonly kind: "range"; readonly range: string }
  | { readonly kind: "staged" };

/**
 * The diff the parser reads, whatever the user's git config says: `a/` and `b/` before paths (not
 * `diff.noprefix`'s bare paths, nor `diff.mnemonicPrefix`'s `i/` and `w/`), no colour, no external
 * diff or textconv program.
 *
 * Only exact renames are found (`--find-renames=100%`; copies never, `diff.renames=true` is forced): a
 * file moved unchanged adds nothing, so a secret in it is reported where it was added, once, and a
 * tree finding at the new path is linked to that commit rather than to the move. A file moved and
 * edited is a deletion and an addition, its whole text added, as before. A deleted file shows its
 * header only (`--irreversible-delete`): printing its every line as removed was work for git and the
 * parser alike. A history of the npm packages with its tree moved twice and two packages deleted:
 * 145 MB of `git log` output before, 40 MB now (the history without the moves: 39 MB).
 */
const DIFF_FLAGS = [
  "-p",
  "-U0",
  "--src-prefix=a/",
  "--dst-prefix=b/",
  "--no-ext-diff",
  "--no-textconv",
  "--no-color",
  "--find-renames=100%",
  "--irreversible-delete",
  "--ignore-submodules=all",
];

/**
 * `git log` with the diff the parser reads: the root commit's diff too (`log.showRoot=false` hides
 * it), no signature checks (`log.showSignature` would run gpg on every commit), and whole blob ids on
 * `index` lines: a file a commit adds with the content the working tree has is not read twice
 * (DiffParser's `mirror`).
 */
const LOG_FLAGS = ["log", ...DIFF_FLAGS, "--full-index", "--root", "--no-show-signature"];

/**
 * git's default order (newest first) streams fastest; `--reverse`/`--topo-order` make git buffer and
 * cost a third more, so the consumer restores oldest-first itself. A pathspec (and `--relative`) only
 * when the scan root is a sub-folder of the repository: it slows the walk (a third more on 5,000
 * commits; excluding the lockfiles by pathspec made git ten times slower, hence git-attributes.ts).
 * With a pathspec, `--full-history`: git's default history simplification follows only one parent of
 * a merge that leaves the folder as that parent had it, and so drops a side branch that added a
 * secret there and removed it before the merge.
 */
function argsFor(sel: HistorySelection, prefix: string, boundaries?: Boundaries): string[] {
  const { relative, scope } = prefixArgs(prefix);
  if (sel.kind === "staged") return ["diff", "--cached", ...DIFF_FLAGS, ...relative, ...scope];
  const revs =
    sel.kind === "all" ? ["--all", ...(boundaries?.commits ?? []).map((c) => `^${c}`)] : [sel.range];
  const full = prefix ? ["--full-history"] : [];
  // Commit fields in UTF-8, as they are decoded (`i18n.logOutputEncoding` would re-encode them).
  return [...LOG_FLAGS, "--encoding=UTF-8", ...relative, COMMIT_FORMAT, ...revs, ...full, ...scope];
}

/**
 * The scan root's folder named to git, which runs at the top of its work tree (historyCommand, and
 * shallow.ts's comparison): paths shown relative to it, and the pathspec that keeps to it. Both empty
 * at the top.
 */
export function prefixArgs(prefix: string): { relative: string[]; scope: string[] } {
  return prefix
    ? { relative: [`--relative=${prefix}`], scope: ["--", `:(literal)${prefix}`] }
    : { relative: [], scope: [] };
}

/** Where a history's git runs: the repository's git folder, and the scan root's folder in it. */
export interface HistoryPlace {
  /** The git folder, absolute (RepoInfo.gitDir). */
  readonly gitDir: string;
  /** The scan root's folder in the repository, with a trailing slash ("" at the top). */
  readonly prefix: string;
  /** The rule set's path excludes (git-attributes.ts marks the ones it can say `-diff`). */
  readonly excludes: readonly string[];
  /**
   * The attributes file git runs with, when it is known before the rule set is (a staged diff started
   * early: head-start.ts); else attributesFile(excludes).
   */
  readonly attributes?: string;
  /**
   * A shallow clone's boundaries, left out of an "all" history (`^sha`) when the work tree holds HEAD
   * as it is (shallow.ts boundariesAsTree): each other than HEAD is read for what it holds that HEAD
   * does not (boundaryCommands).
   */
  readonly boundaries?: Boundaries;
}

/** One git command: what the pump thread or a spawn runs. */
export interface GitCommand {
  readonly cwd: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

/** Whether two commands are the same git run (a run started early is used only for its own command). */
export function sameCommand(a: GitCommand, b: GitCommand): boolean {
  return (
    a.cwd === b.cwd &&
    a.env.GIT_DIR === b.env.GIT_DIR &&
    a.env.GIT_WORK_TREE === b.env.GIT_WORK_TREE &&
    a.args.length === b.args.length &&
    a.args.every((x, i) => x === b.args[i])
  );
}

/**
 * A git command started before its turn, its output held (a staged diff: head-start.ts). Its result has
 * a spawnError when git did not start, or when it was stopped (`stop`, or past what it may hold).
 */
export interface EarlyRun {
  readonly command: GitCommand;
  readonly result: Promise<GitResult>;
  /** Stops git if it still runs (a run the scan does not use); harmless once it has ended. */
  stop(): void;
}

/**
 * The git command of a history selection. git runs in the git folder, named as its own work tree:
 * no `.gitattributes` of the repository's is read there, so none can make git call a file binary and
 * print no lines of it (git still calls a file binary when its content is, as the scan's own reader
 * does). The only attributes are the rule set's `-diff` marks (git-attributes.ts): not the user's,
 * not the system's. Case-sensitive matching, as the scan's globs.
 */
export function historyCommand(sel: HistorySelection, place: HistoryPlace): GitCommand {
  return inGitFolder(place, argsFor(sel, place.prefix, place.boundaries));
}

/** A git command run as historyCommand runs its own: in the git folder, with the same settings. */
function inGitFolder(place: HistoryPlace, args: readonly string[]): GitCommand {
  return {
    cwd: place.gitDir,
    env: { ...gitEnv(), GIT_DIR: place.gitDir, GIT_WORK_TREE: place.gitDir, GIT_ATTR_NOSYSTEM: "1" },
    args: [
      ...SAFE_CONFIG,
      "-c",
      `core.attributesFile=${place.attributes ?? attributesFile(place.excludes)}`,
      "-c",
      "core.ignorecase=false",
      "-c",
      "diff.renames=true",
      ...args,
    ],
  };
}

/**
 * For each shallow boundary (left out of the log) with something to read: its commit line, as the
 * log's format gives it, then the diffs that read as that commit's added lines what it holds that HEAD
 * does not (`git diff HEAD <boundary>`, for each boundary other than HEAD), and its copy of the files the
 * work tree edits or deletes (its own diff, every line added, limited to those files). The rest of its
 * files the tree scan read as HEAD's.
 */
export function boundaryCommands(place: HistoryPlace): { header: GitCommand; diffs: GitCommand[] }[] {
  const b = place.boundaries;
  if (!b) return [];
  const { relative, scope } = prefixArgs(place.prefix);
  const changed = b.changed?.map((p) => `:(literal)${p}`) ?? [];
  const out: { header: GitCommand; diffs: GitCommand[] }[] = [];
  for (const c of b.commits) {
    const diffs: GitCommand[] = [];
    if (c !== b.head)
      diffs.push(inGitFolder(place, ["diff", ...DIFF_FLAGS, ...relative, b.head, c, ...scope]));
    if (changed.length > 0) {
      const own = [...LOG_FLAGS, "--format=", "-1", "--no-walk", ...relative, c, "--", ...changed];
      diffs.push(inGitFolder(place, own));
    }
    if (diffs.length === 0) continue;
    const header = ["log", "-1", "--no-walk", "--encoding=UTF-8", COMMIT_FORMAT, c, "--"];
    out.push({ header: inGitFolder(place, header), diffs });
  }
  return out;
}
