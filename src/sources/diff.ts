/**
 * Incremental parser for `git log -p -U0` / `git diff -U0` output: keeps only added lines, grouped per
 * commit and file, with the new-file line number of each. Fed line by line; never holds more than
 * one file's added lines of one commit (capped).
 */
import type { GitCommit } from "../types.js";
import { detached } from "../util/strings.js";
import { headerPath, newBlobOf, parseDiffPath } from "./diff-paths.js";

export { headerPath, newBlobOf, parseDiffPath } from "./diff-paths.js";

export interface AddedBlock {
  readonly commit: GitCommit | null;
  readonly path: string;
  /** Added lines, joined with "\n". */
  readonly text: string;
  /** New-file line number of each added line. */
  readonly lines: readonly number[];
  /**
   * The commit added this file whole, with the very content the working tree's copy has (DiffParser's
   * `mirror` said so): `text` and `lines` are empty, and its findings are the tree file's.
   */
  readonly mirror?: true;
}

/**
 * Asked of a file a commit adds (`new file mode`), by its path and blob id: whether the working tree
 * holds this same blob at that path, scanned already (tree-copies.ts). Then the parser
 * reads past its lines and hands on a `mirror` block.
 */
export type MirrorTest = (path: string, blob: string) => boolean;

/** The --format used for commit headers: NUL-separated fields on a line starting with NUL. */
export const COMMIT_FORMAT = "--format=%x00%H%x00%an%x00%ae%x00%aI%x00%s";

const MAX_BLOCK_CHARS = 1 << 20;

/** An added line left out for its length (over the parser's maxLine). */
export interface OverlongLine {
  readonly commit: string;
  readonly path: string;
  /** Its line number in the new file. */
  readonly line: number;
  /** Its length in characters, without the diff's `+`. */
  readonly chars: number;
}

/** Overlong lines listed at most (the rest are only counted). */
const MAX_OVERLONG_LISTED = 100;

/** What is kept of an overlong line that is not an added one (a header line, say). */
const HEADER_KEEP = 4096;

export class DiffParser {
  private commit: GitCommit | null = null;
  private path: string | null = null;
  private inHunk = false;
  /** The current file's added lines are wanted (false: its path is excluded from the scan). */
  private keep = true;
  /** The blob id of the file the current `diff --git` header adds (its `index 000…..<id>` line). */
  private newBlob: string | null = null;
  /** The current file's added lines are the tree's copy of it (MirrorTest): read past. */
  private mirrored = false;
  private nextLine = 0;
  private added: string[] = [];
  private lineNos: number[] = [];
  private chars = 0;
  binaryFiles = 0;
  /**
   * Paths git printed as binary in a diff outside any commit (a staged diff), read from their
   * `diff --git a/p b/p` header, except skipped ones (the first MAX_BINARY_LISTED).
   */
  readonly binaryPaths: string[] = [];
  /** The path of the current `diff --git` header, null when it cannot be read unambiguously. */
  private headerPath: string | null = null;
  commits = 0;
  /** Added lines left out for their length: the first MAX_OVERLONG_LISTED, and how many in all. */
  readonly overlong: OverlongLine[] = [];
  overlongLines = 0;

  /**
   * `maxLine`: added lines longer than this many characters (not counting the diff's `+`) are left
   * out (listed in `overlong`), and no line is held longer than that: a minified file or a data dump
   * on one line of tens of MB would otherwise be held whole, then scanned as one fragment.
   * `skip`: paths whose added lines are not wanted (the scan's excludes): their hunks are read past,
   * nothing of them is held, emitted or listed as overlong.
   * `mirror`: asked of each file a commit adds whole (MirrorTest).
   */
  constructor(
    private readonly emit: (block: AddedBlock) => void,
    maxLine = Number.POSITIVE_INFINITY,
    private readonly skip?: (path: string) => boolean,
    private readonly mirror?: MirrorTest,
  ) {
    this.longest = maxLine + 1;
  }

  /** The longest line of git's output kept: maxLine characters after the diff's `+`. */
  private readonly longest: number;

  /**
   * The line not yet ended by a line break, in pieces (a chunk of git's output rarely ends at one,
   * and a long line spans many chunks: joining each chunk to the text before it, then searching all
   * of it for the break, cost the square of the line's length).
   */
  private pending: string[] = [];
  private pendingChars = 0;
  /** The pending line is over maxLine: its first characters are kept, the rest dropped. */
  private pendingOver = false;

  /** Feeds a chunk of git's output: its whole lines now, a last partial line with the next chunk. */
  write(chunk: string): void {
    let from = 0;
    let nl = chunk.indexOf("\n");
    if (nl !== -1 && this.pendingChars > 0) {
      this.hold(chunk.slice(0, nl));
      this.endPending();
      from = nl + 1;
      nl = chunk.indexOf("\n", from);
    }
    for (; nl !== -1; nl = chunk.indexOf("\n", from)) {
      if (this.inHunk && this.keep && chunk.charCodeAt(from) === 43 /* + */) {
        from = this.addedRun(chunk, from, nl);
        continue;
      }
      this.whole(chunk.slice(from, nl));
      from = nl + 1;
    }
    if (from < chunk.length) this.hold(from === 0 ? chunk : chunk.slice(from));
  }

  /**
   * The added lines of a hunk from `from` (a `+` line ending at `nl`) on, as many as follow whole in
   * this chunk: kept as one piece of text, their `+`s taken out in one replace, where line() would cut
   * and keep each (a file added whole is one long run). It stops where line() would act otherwise:
   * before a line over maxLine (whole() leaves it out), and after the line that takes the block over
   * its cap (then flushed, as line() does). Returns where the next line starts.
   */
  private addedRun(chunk: string, from: number, nl: number): number {
    let chars = this.chars;
    let end = -1;
    let runs = 0;
    for (let p = from, n = nl; ; ) {
      if (n - p > this.longest) break;
      chars += n - p;
      this.lineNos.push(this.nextLine++);
      runs++;
      end = n;
      if (chars > MAX_BLOCK_CHARS) break;
      p = n + 1;
      if (chunk.charCodeAt(p) !== 43) break;
      n = chunk.indexOf("\n", p);
      if (n === -1) break;
    }
    if (runs === 0) {
      this.whole(chunk.slice(from, nl));
      return nl + 1;
    }
    const text = chunk.slice(from + 1, end);
    this.added.push(runs === 1 ? text : text.replaceAll("\n+", "\n"));
    this.chars = chars;
    if (chars > MAX_BLOCK_CHARS) this.flush();
    return end + 1;
  }

  /** A piece of the pending line. */
  private hold(piece: string): void {
    if (piece.length === 0) return;
    // A line whose text nothing reads (a removed line, a note, an added line of a skipped path) is
    // held as an overlong one: its first characters and its length, which is all it means here
    // (overlongLine). A commit that rewrites a one-line bundle removes as many MB as it adds.
    const unread = this.pendingChars === 0 && this.unread(piece.charCodeAt(0));
    this.pendingChars += piece.length;
    if (this.pendingOver) return;
    this.pending.push(piece);
    if (unread || this.pendingChars > this.longest) {
      // Keep what an overlong line is judged by (its first character, a header's fields), no more.
      const head = this.pending.join("").slice(0, HEADER_KEEP);
      this.pending = [head];
      this.pendingOver = true;
    }
  }

  /**
   * Whether a line starting with `c`, after the lines fed so far (ending with a line break), is one the
   * parser reads in full (sources/long-lines.ts): any but those unread() names.
   */
  readsWhole(c: number): boolean {
    return !this.unread(c);
  }

  /** Whether a hunk line starting with `c` is one whose text is never read (see line()). */
  private unread(c: number): boolean {
    return (
      this.inHunk &&
      (c === 45 /* - */ || c === 92 /* \ */ || c === 32 /* space */ || (c === 43 && !this.keep))
    );
  }

  private endPending(): void {
    const text = this.pending.join("");
    const chars = this.pendingChars;
    const over = this.pendingOver;
    this.pending = [];
    this.pendingChars = 0;
    this.pendingOver = false;
    if (over) this.overlongLine(text, chars);
    else this.line(text);
  }

  /** A line found whole in one chunk. */
  private whole(l: string): void {
    if (l.length > this.longest) this.overlongLine(l.slice(0, HEADER_KEEP), l.length);
    else this.line(l);
  }

  /**
   * A line over maxLine (`head`: its first characters, `chars`: its length). An added line is left
   * out, its line number still counted; a removed one means nothing here; any other line is read
   * from its head.
   */
  private overlongLine(head: string, chars: number): void {
    const c = head.charCodeAt(0);
    if (this.inHunk && (c === 43 /* + */ || c === 45 /* - */ || c === 32) /* space */) {
      if (c === 45) return;
      const line = this.nextLine++;
      if (c === 43 && this.path !== null && this.keep) {
        this.overlongLines++;
        if (this.overlong.length < MAX_OVERLONG_LISTED)
          this.overlong.push({ commit: this.commit?.sha ?? "", path: this.path, line, chars: chars - 1 });
      }
      return;
    }
    this.line(head);
  }

  /** One line (no "\n"). */
  line(l: string): void {
    // Not charCodeAt(0) of an empty line: a read past the end (NaN) threw this function's optimised
    // code away at the first empty line of git's output, and it ran unoptimised from then on.
    const c = l.length > 0 ? l.charCodeAt(0) : -1;
    if (this.inHunk) {
      if (c === 43 /* + */) {
        if (!this.keep) {
          this.nextLine++;
          return;
        }
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
      this.headerPath = l.startsWith("diff --git ") ? headerPath(l.slice(11)) : null;
      this.newBlob = null;
      return;
    }
    if (l.startsWith("+++ ")) {
      // Own strings: a path or commit field cut from git's output would keep that chunk of it alive.
      const path = parseDiffPath(l.slice(4));
      this.path = path === null ? null : detached(path);
      this.keep = this.path === null || this.skip === undefined || !this.skip(this.path);
      if (this.keep && this.path !== null && this.commit !== null && this.newBlob !== null && this.mirror) {
        this.mirrored = this.mirror(this.path, this.newBlob);
        if (this.mirrored) this.keep = false;
      }
      return;
    }
    // Only an added file's old side is the null id (newBlobOf).
    if (this.mirror && l.startsWith("index ")) this.newBlob = newBlobOf(l);
    if (l.startsWith("Binary files ") || l.startsWith("GIT binary patch")) {
      this.binaryFiles++;
      const p = this.headerPath;
      if (
        this.commit === null &&
        p !== null &&
        !this.skip?.(p) &&
        this.binaryPaths.length < MAX_BINARY_LISTED
      )
        this.binaryPaths.push(p);
    }
  }

  private header(l: string): void {
    this.flush();
    this.path = null;
    this.newBlob = null;
    const [, sha = "", author = "", email = "", date = "", ...subject] = l.split("\u0000").map(detached);
    this.commit = { sha, author, email, date, message: detached(subject.join(" ")) };
    this.commits++;
  }

  /** Emits the added lines gathered for the current file. */
  flush(): void {
    if (this.added.length && this.path !== null) {
      this.emit({ commit: this.commit, path: this.path, text: this.added.join("\n"), lines: this.lineNos });
    } else if (this.mirrored && this.path !== null) {
      this.emit({ commit: this.commit, path: this.path, text: "", lines: [], mirror: true });
    }
    this.mirrored = false;
    this.added = [];
    this.lineNos = [];
    this.chars = 0;
  }

  /** The end of the output: a last line without a line break, then the last file's block. */
  end(): void {
    if (this.pendingChars > 0) this.endPending();
    this.flush();
  }
}

/**
 * The lines of `after` (numbers from 1) whose text `before` does not hold, each line of `before`
 * standing for one equal line of `after`: what a diff would call added, up to how it pairs repeated
 * lines. For files git would not diff (DiffParser.binaryPaths). Pure.
 */
export function addedLines(before: string, after: string): Set<number> {
  const left = new Map<string, number>();
  if (before !== "") for (const l of before.split("\n")) left.set(l, (left.get(l) ?? 0) + 1);
  const added = new Set<number>();
  after.split("\n").forEach((l, i) => {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    else added.add(i + 1);
  });
  return added;
}

/** Binary files listed at most (DiffParser.binaryPaths). */
const MAX_BINARY_LISTED = 1000;
