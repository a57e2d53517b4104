/**
 * Working-tree files a full scan's history finds added whole, as they are now: most files of a
 * repository are added by one commit and never edited. The tree scan keeps each such file's blob id
 * and result here; when `git log` shows a commit adding that blob at that path (DiffParser's `mirror`),
 * the history reads past its lines and takes the tree's findings, at that commit, instead of scanning
 * the same text again.
 *
 * Only files the history would scan as the tree does are kept: text with no structure to parse (the
 * history reads added lines as text, the tree parses JSON, YAML and the like), UTF-8 or ASCII with no
 * byte-order mark and no larger than one history block (read.ts BLOB_ID_MAX), classified the same from
 * the start the history classifies by. Their findings are then the ones the history would find, on the
 * same lines and columns: the history's text is the file's, less a last line break.
 */
import { withFields } from "./findings/identity.js";
import type { FragmentResult } from "./pipeline.js";
import type { Prepared } from "./scan.js";
import type { FileResult } from "./scan-file.js";
import type { FileContext, Finding, GitCommit } from "./types.js";

/** How much of a text the history classifies a block by (scan-history.ts), and the tree a file by. */
const HISTORY_HEAD = 2048;
const TREE_HEAD = 4096;

interface TreeCopy {
  readonly blob: string;
  readonly result: FileResult;
  /** The history block's length in characters: the text less a last line break. */
  readonly chars: number;
}

export class TreeCopies {
  private readonly byPath = new Map<string, TreeCopy>();

  /**
   * A tree file read and scanned (`blob`: its git blob id, computed only for text the history would
   * read the same: sources/read.ts): kept when the history would scan it as the tree did.
   */
  offer(path: string, blob: string, text: string, result: FileResult, prep: Prepared): void {
    if (result.diagnostics.length > 0) return;
    const tree = prep.classifier.classify(path, text.slice(0, TREE_HEAD));
    if (tree.format !== undefined) return;
    const history = prep.classifier.classify(path, text.slice(0, HISTORY_HEAD));
    if (!sameContext(tree, history)) return;
    const chars = text.length - (text.endsWith("\n") ? 1 : 0);
    this.byPath.set(path, { blob, result, chars });
  }

  /** DiffParser's MirrorTest: the tree holds this blob at this path, kept. */
  readonly has = (path: string, blob: string): boolean => this.byPath.get(path)?.blob === blob;

  /**
   * What scanning the commit's added lines of `path` would have given (has() said yes): the tree's
   * findings at that commit, and its counts. Its characters too, for the scan's statistics.
   */
  result(path: string, commit: GitCommit): FragmentResult & { chars: number } {
    const copy = this.byPath.get(path)!;
    const { findings, dropped, allowed } = copy.result;
    return {
      findings: findings.map((f) => atCommit(f, commit)),
      dropped,
      allowed,
      chars: copy.chars,
    };
  }
}

function sameContext(a: FileContext, b: FileContext): boolean {
  return a === b || (a.fileKind === b.fileKind && a.format === b.format && a.client === b.client);
}

/** A tree finding as the history reports it: in that commit. */
function atCommit(f: Finding, commit: GitCommit): Finding {
  return withFields(f, { commit, exposure: "history", introducedIn: null });
}

/**
 * Tree findings learn the commit that introduced their secret (same path first, else anywhere).
 * Secrets are compared as themselves (ids are computed only when read: findings/identity.ts).
 */
export function linkIntroductions(tree: readonly Finding[], history: readonly Finding[]): Finding[] {
  const byPath = new Map<string, Finding>();
  const bySecret = new Map<string, Finding>();
  for (const h of history) {
    if (!byPath.has(`${h.secret}\u0000${h.path}`)) byPath.set(`${h.secret}\u0000${h.path}`, h);
    if (!bySecret.has(h.secret)) bySecret.set(h.secret, h);
  }
  return tree.map((f) => {
    const h = byPath.get(`${f.secret}\u0000${f.path}`) ?? bySecret.get(f.secret);
    return h?.commit ? withFields(f, { introducedIn: h.commit }) : f;
  });
}
