/**
 * The shared vocabulary of the pipeline. No logic lives here.
 *
 * argv → Options → sources → Fragment → detect → Candidate → judge → Finding → suppress → group → Report
 */

export type Severity = "critical" | "high" | "medium" | "low";
export type Confidence = "high" | "medium" | "low";
export type Exposure = "tracked" | "untracked" | "gitignored" | "history" | "home";

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/** One segment of a key path: an object key or an array index. */
export type KeySeg = string | number;

/**
 * A scalar value inside a structured file and the key path that leads to it.
 * Offsets are into the whole file text; for strings they cover the content without the quotes.
 */
export interface KeySpan {
  readonly path: readonly KeySeg[];
  readonly start: number;
  readonly end: number;
  /** The decoded scalar value (escapes resolved, block scalars folded). */
  readonly value: string;
  /** True when text.slice(start, end) === value, so offsets inside the value map one to one. */
  readonly raw: boolean;
}

/**
 * A structured file's scalar spans read by index, in text order: what the scan's hot paths read. The
 * JSON reader keeps them in columns (structure/span-table.ts), so that a large file's 100,000s of
 * scalars are not as many objects; util/span-list.ts reads an array of KeySpans the same way.
 */
export interface SpanList {
  readonly length: number;
  start(i: number): number;
  end(i: number): number;
  /** The decoded value, as KeySpan.value. */
  value(i: number): string;
  /** value(i).length, without making the value. */
  valueLength(i: number): number;
  raw(i: number): boolean;
  /** The last segment of the path (undefined when the path is empty), without making the path. */
  last(i: number): KeySeg | undefined;
  path(i: number): readonly KeySeg[];
  /** Whether span `j` is a sibling of span `i` under `last`: its path is i's with the last segment `last`. */
  isSiblingUnder(i: number, j: number, last: KeySeg): boolean;
  /**
   * The indexes, in order, of the spans whose value has at least LONG_VALUE characters (util/span-list.ts)
   * or is not its source text: one loop over the list at most, where asking each span costs a scan of a
   * large file a call per span. The caller does not change the array.
   */
  longOrEscaped(): readonly number[];
}

export type StructFormat =
  | "json"
  | "jsonc"
  | "yaml"
  | "toml"
  | "dotenv"
  | "ini"
  | "notebook"
  | "netrc"
  | "pgpass";

export interface Annotation {
  readonly format: StructFormat;
  /** Every scalar's span, in text order (made on first read when `list` holds them). */
  readonly spans: readonly KeySpan[];
  /** The same spans read by index; absent, util/span-list.ts listOf() reads `spans`. */
  readonly list?: SpanList;
  /** Set when the file could not be parsed; the text is still scanned. */
  readonly error?: { readonly message: string; readonly line?: number };
}

export interface GitCommit {
  readonly sha: string;
  readonly author: string;
  readonly email?: string;
  readonly date: string;
  readonly message: string;
}

/** Where a fragment's bytes came from. */
export type Origin =
  | { readonly kind: "file"; readonly path: string; readonly exposure: Exclude<Exposure, "history" | "home"> }
  | { readonly kind: "git"; readonly path: string; readonly commit: GitCommit }
  | { readonly kind: "home"; readonly path: string; readonly client?: string };

/** What kind of file a path is, and for agent-client configs which client reads it. */
export interface FileContext {
  readonly fileKind: FileKind;
  readonly format?: StructFormat;
  readonly client?: string;
}

export type FileKind =
  | "mcp-config"
  | "agent-settings"
  | "agent-instructions"
  | "prompt"
  | "notebook"
  | "dotenv"
  | "private-key"
  | "ci-workflow"
  | "kubernetes"
  | "terraform"
  | "docker"
  | "config"
  | "code"
  | "docs"
  | "credentials"
  | "other";

/** A piece of text to scan: a whole file, or one hunk of added lines from history. */
export interface Fragment {
  readonly text: string;
  readonly origin: Origin;
  /** 1-based line of text[0] in the original file. */
  readonly firstLine: number;
  /** For history hunks: the original line number of each line of `text` (overrides firstLine). */
  readonly lines?: readonly number[];
  readonly context: FileContext;
  readonly keys?: Annotation;
  /** Keyword hits of `text` found ahead (in a batch), as KeywordMatcher.scanHits gives them. */
  readonly hits?: Int32Array;
  /** The plan of those hits (detect/hit-plan.ts), when the reading thread made it. */
  readonly plan?: Int32Array;
}

/** A detection hit before judging. Offsets are into fragment.text. */
export interface Candidate {
  readonly ruleId: string;
  readonly secret: string;
  readonly start: number;
  readonly end: number;
  readonly entropy: number;
  readonly keyPath?: readonly KeySeg[];
  /** How the secret was found when it was not visible as plain text. */
  readonly decoded?: "base64" | "json-escape" | "url";
  /** Lower priority candidates lose to higher ones on overlapping spans. */
  readonly priority: number;
  /**
   * A decoded candidate that could not be placed inside its encoded value (a base64 or URL-encoded
   * one, an escape in the way): its span is the whole value, and `view` says where it was in which
   * view (an id per view and fragment). Two candidates of one view overlap where they did there.
   */
  readonly view?: { readonly id: number; readonly start: number; readonly end: number };
  /** Secondary secret parts (e.g. the key id that pairs with a secret key). */
  readonly detail?: string;
  /** The other halves of its credential, found beside it and dropped (detect/pair-up.ts). */
  readonly pairedAt?: readonly PairedMatch[];
}

/** A match dropped because it is half of another match's credential: its rule, offsets and key path. */
export interface PairedMatch {
  readonly ruleId: string;
  readonly start: number;
  readonly end: number;
  readonly keyPath: readonly KeySeg[] | undefined;
}

/** Where the other half of a finding's credential is, in the same file (an access key's id). */
export interface PairedPart {
  readonly ruleId: string;
  /** Its rule's name. */
  readonly title: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly keyPath: string | null;
}

export interface Finding {
  readonly id: string;
  readonly secretId: string;
  readonly ruleId: string;
  readonly provider: string;
  readonly title: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly keyPath: string | null;
  readonly fileKind: FileKind;
  readonly client: string | null;
  readonly server: string | null;
  readonly field: string | null;
  readonly exposure: Exposure;
  readonly commit: GitCommit | null;
  readonly introducedIn: GitCommit | null;
  readonly decoded: string | null;
  /**
   * The other halves of its credential written beside it (an AWS access key's id beside its secret),
   * reported with it, not as findings of their own; absent when there are none.
   */
  readonly paired?: readonly PairedPart[];
  /** The raw secret. Lives only in memory; renderers print redact(secret) unless told otherwise. */
  readonly secret: string;
  /** Which scan root this finding belongs to (index into Report.targets). */
  readonly root: string;
}

export interface SecretGroup {
  readonly secretId: string;
  readonly ruleId: string;
  readonly findings: readonly Finding[];
}

export type DiagnosticCode =
  | "parse-failed"
  | "binary-skipped"
  | "too-large"
  | "too-many-matches"
  | "long-line"
  | "unreadable"
  | "vanished"
  | "symlink-outside-root"
  | "symlink-loop"
  | "not-utf8"
  | "git-unavailable"
  | "git-failed"
  | "history-shallow"
  | "submodule"
  | "path-missing"
  | "rule-warning"
  | "broken-reference"
  | "unused-ignore";

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: "error" | "warning" | "info";
  readonly path?: string;
  readonly detail: string;
}

export interface ScanStats {
  files: number;
  bytes: number;
  commits: number;
  durationMs: number;
  /** Candidates dropped by the judge, counted per reason. */
  dropped: Record<string, number>;
  /** Findings hidden by inline allow comments, ignore files or the baseline. */
  suppressed: number;
  /** With ScanOptions.timings (`--debug`): the slowest files to scan, slowest first (slowest.ts). */
  slowest?: SlowFile[];
}

/**
 * A working-tree file, or a history block (a commit's added lines of one file), and how long its scan
 * took (its reading not counted): what `--debug` lists.
 */
export interface SlowFile {
  readonly path: string;
  /** A history block's commit. */
  readonly commit?: string;
  readonly ms: number;
  readonly bytes: number;
}

export interface Report {
  readonly version: 1;
  readonly tool: { readonly name: string; readonly version: string };
  readonly target: string;
  readonly stats: ScanStats;
  readonly findings: readonly Finding[];
  readonly groups: readonly SecretGroup[];
  readonly diagnostics: readonly Diagnostic[];
}
