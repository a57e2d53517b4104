/**
 * The git attributes a history scan runs with. `git log -p` diffs every changed file, and a lockfile
 * is the largest file most repositories change often: 3,000 commits of code with a growing
 * `package-lock.json` (100,000 lines) took git 12 s to diff, against 0.5 s with the lockfile marked
 * `-diff` (git then prints one "Binary files differ" line and computes nothing). The rule set excludes
 * lockfiles from every scan anyway, so they are marked `-diff` here; the diff parser passes over any
 * excluded path git still diffs.
 *
 * The attributes come from a file the build writes from the rule set (dist/git-attributes). git runs
 * with nothing else: not the repository's `.gitattributes` (history.ts runs git in the git folder as
 * its work tree), whose `-diff` or `binary` on `*.env` would otherwise hide every secret added to such
 * files from the history; nor the user's or the system's attributes.
 */
import { readFileSync } from "node:fs";
import { devNull } from "node:os";
import { fileURLToPath } from "node:url";

/** Written by the build (scripts/compile-rules.js): diffOff() of the built-in rule set's excludes. */
export const GIT_ATTRIBUTES = new URL("../git-attributes", import.meta.url);

/**
 * A glob this module can say in gitattributes terms: `**\/name`, where name is one path segment of
 * plain characters and `*` (a pattern without a slash matches the last segment at any depth in
 * gitattributes, as `**\/name` does in the scan's globs, dotfiles included; no `?`, brackets,
 * braces, escapes or spaces, which the two syntaxes read differently).
 */
const SEGMENT_GLOB = /^\*\*\/([A-Za-z0-9._*-]+)$/;

/** gitattributes lines marking `-diff` each exclude that SEGMENT_GLOB can translate. Pure. */
export function diffOff(excludes: readonly string[]): string {
  const lines = new Set<string>();
  for (const glob of excludes) {
    const m = SEGMENT_GLOB.exec(glob);
    if (m) lines.add(`${m[1]} -diff\n`);
  }
  return [...lines].join("");
}

/**
 * The attributes file for a rule set's excludes: the shipped one when it says exactly what these
 * excludes ask for (the built-in rule set's), else the empty file (custom rule sets: git then diffs
 * everything, and the parser still passes over what is excluded).
 */
export function attributesFile(excludes: readonly string[], shipped: URL = GIT_ATTRIBUTES): string {
  const want = diffOff(excludes);
  if (want === "") return devNull;
  try {
    if (readFileSync(shipped, "latin1") === want) return fileURLToPath(shipped);
  } catch {
    // a build without the file: nothing marked
  }
  return devNull;
}
