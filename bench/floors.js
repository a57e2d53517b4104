// The floors' commands, apart from bench/run.js so a test can run them without running the bench.
import { execFileSync } from "node:child_process";
import { lstatSync } from "node:fs";
import { join } from "node:path";

/**
 * The history floor: git writing every commit's patch, discarded, as [command, argv]. The folder goes
 * in as an argument, never into the shell's text: a folder named with `$(…)` or a quote stays a name.
 */
export function gitLogFloor(dir) {
  return ["bash", ["-c", 'git -C "$1" log -p -U0 --all > /dev/null', "bash", dir]];
}

/**
 * The files git ignores in the work tree at `dir` (a node_modules, build output, the bench's own
 * `.bench`), as { files, bytes }: the read floor and agent-secrets leave them out, gitleaks `dir`,
 * TruffleHog `filesystem` and secretlint read them. Outside a work tree, none.
 */
export function ignoredFiles(dir) {
  let listed;
  try {
    listed = execFileSync(
      "git",
      ["-C", dir, "ls-files", "-z", "--others", "--ignored", "--exclude-standard"],
      {
        encoding: "utf8",
        maxBuffer: 1 << 30,
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
  } catch {
    return { files: 0, bytes: 0 };
  }
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
