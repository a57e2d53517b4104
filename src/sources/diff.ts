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
  private added: string[] = [];
  private lineNos: number[] = [];
  private chars = 0;
  binaryFiles = 0;
  commits = 0;

  constructor(private readonly emit: (block: AddedBlock) => void) {}

  /** Text not yet ended by a line break (a chunk of git's output rarely ends at one). */
  private rest = "";

  /** Feeds a chunk of git's output: its whole lines now, a last partial line with the next chunk. */
  write(chunk: string): void {
    const s = this.rest + chunk;
    let from = 0;
    for (let nl = s.indexOf("\n", from); nl !== -1; nl = s.indexOf("\n", from)) {
      this.line(s.slice(from, nl));
      from = nl + 1;
    }
    this.rest = s.slice(from);
  }

  /** One line (no "\n"). */
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

  /** The end of the output: a last line without a line break, then the last file's block. */
  end(): void {
    if (this.rest) this.line(this.rest);
    this.rest = "";
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
