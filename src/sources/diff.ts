/**
 * Incremental parser for `git log -p -U0` / `git diff -U0` output: keeps only added lines, grouped per
 * commit and file, with the new-file line number of each. Fed line by line; never holds more than
 * one file's added lines of one commit (capped).
 */
import type { GitCommit } from "../types.js";
import { detached } from "../util/strings.js";

export interface AddedBlock {
  readonly commit: GitCommit | null;
  readonly path: string;
  /** Added lines, joined with "\n". */
  readonly text: string;
  /** New-file line number of each added line. */
  readonly lines: readonly number[];
}

/** The --format used for commit headers: NUL-separated fields on a line starting with NUL. */
export const COMMIT_FORMAT = "--format=%x00%H%x00%an%x00%ae%x00%aI%x00%s";

const MAX_BLOCK_CHARS = 1 << 20;

export class DiffParser {
  private commit: GitCommit | null = null;
  private path: string | null = null;
  private inHunk = false;
  private nextLine = 0;
  /** Added lines, or runs of them joined by "\n". */
  private added: string[] = [];
  private lineNos: number[] = [];
  private chars = 0;
  binaryFiles = 0;
  commits = 0;

  constructor(private readonly emit: (block: AddedBlock) => void) {}

  /**
   * Feeds the whole lines of `s` before `end` (0 or just after a "\n"). Inside a hunk, runs of added
   * lines are cut from `s` as one slice each and removed lines are skipped without a slice: most of a
   * history is hunk lines, and a string per line was most of the parser's time.
   */
  feed(s: string, end: number): void {
    let from = 0;
    while (from < end) {
      if (this.inHunk) {
        const c = s.charCodeAt(from);
        if (c === 43 /* + */) {
          from = this.addedRun(s, from, end);
          continue;
        }
        if (c === 45 /* - */ || c === 92 /* \ */ || c === 32 /* space */) {
          if (c === 32) this.nextLine++;
          from = s.indexOf("\n", from) + 1;
          if (from === 0 || from > end) from = end;
          continue;
        }
      }
      let nl = s.indexOf("\n", from);
      if (nl === -1 || nl > end) nl = end;
      this.line(s.slice(from, nl));
      from = nl + 1;
    }
  }

  /** Added lines from `from` (a "+" line) on: returns where the first other line starts. */
  private addedRun(s: string, from: number, end: number): number {
    let pos = from;
    let run = from;
    while (pos < end && s.charCodeAt(pos) === 43) {
      let nl = s.indexOf("\n", pos);
      if (nl === -1 || nl > end) nl = end;
      this.lineNos.push(this.nextLine++);
      this.chars += nl - pos;
      pos = nl + 1;
      if (this.chars > MAX_BLOCK_CHARS) {
        this.addLines(s, run, nl);
        run = pos;
        this.flush();
      }
    }
    if (pos > run) this.addLines(s, run, Math.min(pos - 1, end));
    return pos;
  }

  /** The added lines in s[from, to) ("+" first on each, "\n" between), without their "+". */
  private addLines(s: string, from: number, to: number): void {
    const t = s.slice(from + 1, to);
    this.added.push(t.includes("\n+") ? t.replaceAll("\n+", "\n") : t);
  }

  /** One line (no "\n"): what `feed` does for each of its lines. */
  line(l: string): void {
    const c = l.charCodeAt(0);
    if (this.inHunk) {
      if (c === 43 /* + */) {
        this.added.push(l.slice(1));
        this.lineNos.push(this.nextLine++);
        this.chars += l.length;
        if (this.chars > MAX_BLOCK_CHARS) this.flush();
        return;
      }
      if (c === 45 /* - */ || c === 92 /* \ */) return;
      if (c === 32 /* space */) {
        this.nextLine++;
        return;
      }
      this.inHunk = false;
    }
    if (c === 0) {
      this.header(l);
      return;
    }
    if (l.startsWith("@@ ")) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(l);
      this.nextLine = m ? Number(m[1]) : 1;
      this.inHunk = this.path !== null;
      return;
    }
    if (l.startsWith("diff --git ") || l.startsWith("diff --cc ") || l.startsWith("diff --combined ")) {
      this.flush();
      this.path = null;
      return;
    }
    if (l.startsWith("+++ ")) {
      // Own strings: a path or commit field cut from git's output would keep that chunk of it alive.
      const path = parseDiffPath(l.slice(4));
      this.path = path === null ? null : detached(path);
      return;
    }
    if (l.startsWith("Binary files ") || l.startsWith("GIT binary patch")) this.binaryFiles++;
  }

  private header(l: string): void {
    this.flush();
    this.path = null;
    const [, sha = "", author = "", email = "", date = "", ...subject] = l.split("\u0000").map(detached);
    this.commit = { sha, author, email, date, message: detached(subject.join(" ")) };
    this.commits++;
  }

  /** Emits the added lines gathered for the current file. */
  flush(): void {
    if (this.added.length && this.path !== null) {
      this.emit({ commit: this.commit, path: this.path, text: this.added.join("\n"), lines: this.lineNos });
    }
    this.added = [];
    this.lineNos = [];
    this.chars = 0;
  }

  end(): void {
    this.flush();
  }
}

/** `b/path`, `"b/quoted\tpath"`, `/dev/null` → repo-relative path or null. */
export function parseDiffPath(raw: string): string | null {
  let s = raw.endsWith("\t") ? raw.slice(0, -1) : raw;
  if (s === "/dev/null") return null;
  if (s.startsWith('"') && s.endsWith('"')) s = unquoteC(s.slice(1, -1));
  return s.startsWith("b/") ? s.slice(2) : s;
}

function unquoteC(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== "\\") {
      for (const b of Buffer.from(ch, "utf8")) bytes.push(b);
      continue;
    }
    const n = s[++i] ?? "";
    if (/[0-7]/.test(n)) {
      const oct = s.slice(i, i + 3);
      bytes.push(Number.parseInt(oct, 8));
      i += 2;
    } else {
      const map: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 };
      bytes.push(map[n] ?? n.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
