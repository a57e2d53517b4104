/** Repository facts for the plan: owner/name from the remote, the branch, CODEOWNERS. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import picomatch from "picomatch";
import { runGit } from "./git.js";

export interface RepoMeta {
  readonly owner: string;
  readonly name: string;
  readonly branch: string;
}

/** owner/name from `origin` (https, ssh or scp-like URLs), and the current branch. */
export async function repoMeta(dir: string): Promise<RepoMeta | undefined> {
  const [remote, branch] = await Promise.all([
    runGit(["remote", "get-url", "origin"], dir),
    runGit(["rev-parse", "--abbrev-ref", "HEAD"], dir),
  ]);
  const url = remote.code === 0 ? remote.stdout.toString("utf8").trim() : "";
  const m = /[/:]([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
  const b = branch.code === 0 ? branch.stdout.toString("utf8").trim() : "";
  if (!m) return undefined;
  return { owner: m[1]!, name: m[2]!, branch: b && b !== "HEAD" ? b : "main" };
}

/** CODEOWNERS (.github/, root, docs/): the last matching pattern wins, as on GitHub. */
export function loadCodeowners(dir: string): ((path: string) => string[]) | undefined {
  for (const p of [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]) {
    let text: string;
    try {
      text = readFileSync(join(dir, p), "utf8");
    } catch {
      continue;
    }
    const rules = text
      .split(/\r?\n/)
      .map((l) => l.replace(/#.*$/, "").trim())
      .filter(Boolean)
      .map((l) => {
        const [pattern = "", ...owners] = l.split(/\s+/);
        const anchored = pattern.startsWith("/");
        let glob = pattern.replace(/^\//, "");
        if (glob.endsWith("/")) glob += "**";
        if (!glob.includes("/") || (!anchored && !glob.startsWith("**/")))
          glob = anchored ? glob : `**/${glob}`;
        const isMatch = picomatch([glob, `${glob}/**`], { dot: true });
        return { isMatch, owners };
      });
    return (path) => {
      let owners: string[] = [];
      for (const r of rules) if (r.isMatch(path)) owners = r.owners;
      return owners;
    };
  }
  return undefined;
}
