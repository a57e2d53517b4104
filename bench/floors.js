// The floors' commands, apart from bench/run.js so a test can run them without running the bench.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync } from "node:fs";
import { join } from "node:path";
import { gitTunables } from "../dist/sources/git.js";

/**
 * The history floor: git writing every commit's patch, discarded, as [command, argv]. The folder goes
 * in as an argument, never into the shell's text: a folder named with `$(…)` or a quote stays a name.
 */
export function gitLogFloor(dir) {
  return ["bash", ["-c", 'git -C "$1" log -p -U0 --all > /dev/null', "bash", dir]];
}

/**
 * The same floor with git's malloc set as the scan sets it for the git it runs (sources/git.ts
 * GIT_MALLOC), as [command, argv, spawn options]: what the scan's own git costs. Undefined where the
 * scan sets nothing (not Linux), there the two floors are one.
 */
export function gitLogFloorAsScanned(dir) {
  const tunables = gitTunables();
  if (Object.keys(tunables).length === 0) return undefined;
  return [...gitLogFloor(dir), { env: { ...process.env, ...tunables } }];
}

/**
 * `git ls-files -z` with `flags` in the repository whose top `dir` is (it holds its `.git`), as git
 * prints it; undefined elsewhere, or when git cannot list it. The read floor reads such a listing (what
 * the scan lists), and walks any other folder whole, as the peers do.
 */
export function listedAtTop(dir, flags) {
  if (!existsSync(join(dir, ".git"))) return undefined;
  try {
    return execFileSync("git", ["-C", dir, "ls-files", "-z", ...flags], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
  } catch {
    return undefined;
  }
}

/**
 * The files git ignores in the work tree at `dir`, a repository's top (a node_modules, build output,
 * the bench's own `.bench`), as { files, bytes }: the read floor and agent-secrets leave them out,
 * gitleaks `dir`, TruffleHog `filesystem` and secretlint read them. Elsewhere none: the floor walks
 * such a folder whole, as the peers do.
 */
export function ignoredFiles(dir) {
  const listed = listedAtTop(dir, ["--others", "--ignored", "--exclude-standard"]) ?? "";
  let files = 0;
  let bytes = 0;
  for (const p of listed.split("\0")) {
    if (!p) continue;
    try {
      const st = lstatSync(join(dir, p));
      if (!st.isFile()) continue;
      files++;
      bytes += st.size;
    } catch {
      // gone since git listed it
    }
  }
  return { files, bytes };
}
