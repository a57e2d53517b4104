/**
 * A shallow clone's boundary at HEAD. A clone made with `--depth 1` (actions/checkout's default) holds
 * one commit whose parents were not fetched: git shows it as adding every file, so a full scan read the
 * whole tree twice, as files and as that commit, and said each secret was brought in by it, which
 * nobody knows. When that commit is HEAD and the working tree has every file as HEAD has it, the tree
 * scan has read that commit's content already: its diff is left out of the history (HistoryPlace's
 * `boundary`), and a secret found in the tree is not said to come from it.
 */
import { join, resolve } from "node:path";
import { readText } from "../util/utf8.js";
import { runGit } from "./git.js";

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

/** HEAD's commit when the clone is shallow and HEAD is one of its boundary commits (`shallow` file). */
export function shallowHead(gitDir: string): string | undefined {
  const shallow = readText(join(commonDir(gitDir), "shallow"));
  if (!shallow) return undefined;
  const head = headCommit(gitDir);
  return head && shallow.split("\n").some((line) => line.trim() === head) ? head : undefined;
}

/**
 * HEAD's commit when it is a shallow boundary and the work tree under `prefix` has every tracked file
 * as HEAD has it (`git diff --quiet HEAD`: no edit, staged or not, no deletion); undefined otherwise,
 * or when git cannot tell. Files git does not check out (a sparse checkout) are the caller's to rule out.
 * Comparing the work tree would run the repository's clean filters (`filter.<driver>.process`, a
 * program its config names): every `filter.*` setting the config holds is emptied for that run, and a
 * setting whose name cannot be given on the command line leaves the history as it is.
 */
export async function boundaryAsTree(
  top: string,
  gitDir: string,
  prefix: string,
): Promise<string | undefined> {
  const head = shallowHead(gitDir);
  if (!head) return undefined;
  const filters = await runGit(["config", "--null", "--get-regexp", "^filter\\."], top);
  if (filters.code !== 0 && filters.code !== 1) return undefined; // 1: no such setting
  const overrides: string[] = [];
  for (const entry of filters.stdout.toString("utf8").split("\0")) {
    if (!entry) continue;
    const key = entry.split("\n", 1)[0]!;
    if (!/^filter\.[^=\s]+$/.test(key)) return undefined;
    overrides.push("-c", `${key}=`);
  }
  const scope = prefix ? ["--", `:(literal)${prefix}`] : [];
  const diff = ["diff", "--quiet", "--no-ext-diff", "--no-textconv", "--ignore-submodules=all", "HEAD"];
  const r = await runGit([...overrides, ...diff, ...scope], top);
  return r.code === 0 ? head : undefined;
}
