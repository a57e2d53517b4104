// The performance targets, judged on one run's rows: the bench prints the verdicts under its
// table and writes them into results.json beside the rows. Pure: rows in, verdicts out.

/** History and full scans: at most this many times the `git log -p -U0 --all` floor. */
export const HISTORY_RATIO = 1.5;
/** A working tree: at most this many times the read-every-file floor. */
export const TREE_RATIO = 3;
/** `--version` and `scan --staged`: under this many seconds. */
export const LATENCY_S = 0.3;
/** A tree of undici's size (805 files): at most this many seconds. */
export const UNDICI_S = 0.35;
/** 9,000 files (svelte has 9,080): at most this many seconds. */
export const NINE_THOUSAND_S = 1.5;
/** Peak RSS of a history or full scan, MB. */
export const RSS_MB = 300;
/** A history scan: at least this many times faster than gitleaks' `git` scan of the same repository. */
export const GITLEAKS_HISTORY_SPEEDUP = 2;
/** Time per file may vary this much between scaling sizes before it counts as growing (noise). */
export const SCALING_SLACK = 1.1;
/**
 * A growth row's input four times as large may take at most this many times as long past start-up:
 * 4 is linear, a path that grows with the square takes 16.
 */
export const GROWTH_MAX = 6;
/**
 * A growth row's inputs hold a token an item: at least this share of them must be found at each size
 * (a random token may read as words now and then).
 */
export const GROWTH_FOUND = 0.98;

const PEERS = [
  ["gitleaks", "gitleaksS"],
  ["TruffleHog", "trufflehogS"],
  ["secretlint", "secretlintS"],
];

const finite = (v) => typeof v === "number" && Number.isFinite(v);

/**
 * One verdict per target and row: `goal` (the target in words), `row` (the row's label), `value` and
 * `limit` (with `unit`; `own` when the limit is the row's, not the goal's), and `met`. Rows without
 * the figure a target needs (a peer not on PATH, a failed run) get no verdict for it.
 */
export function judgeTargets(results) {
  const out = [];
  // `own`: a limit of the row's own (a peer's time, the smaller scaling size's), not the goal's.
  const add = (goal, row, value, limit, unit, met = value <= limit, own = false) => {
    if (finite(value) && finite(limit)) out.push({ goal, row: row.target, value, limit, unit, met, own });
  };
  for (const r of results) {
    if (r.kind === "history" || r.kind === "full") {
      add(`history ≤ ${HISTORY_RATIO}× the git log floor`, r, r.ratio, HISTORY_RATIO, "×");
      add(`peak RSS ≤ ${RSS_MB} MB`, r, r.rssMB, RSS_MB, "MB");
    }
    if (r.kind === "tree") {
      add(`working tree ≤ ${TREE_RATIO}× the read floor`, r, r.ratio, TREE_RATIO, "×");
      if (/undici's count/.test(r.target))
        add(`undici's 805 files ≤ ${UNDICI_S} s`, r, r.oursS, UNDICI_S, "s");
    }
    if (r.kind === "growth") {
      add(
        `time grows with the input (${r.factor}× the input ≤ ${GROWTH_MAX}× the time)`,
        r,
        r.growth,
        GROWTH_MAX,
        "×",
      );
      // The smaller share of the two sizes' tokens found.
      const found = Math.min(r.smallFindings / r.items, r.findings / (r.items * r.factor));
      add(
        `a growth row's tokens found at both sizes (at least ${GROWTH_FOUND * 100}%)`,
        r,
        found * 100,
        GROWTH_FOUND * 100,
        "%",
        found >= GROWTH_FOUND,
      );
    }
    if (r.kind === "latency" && /^agent-secrets (--version|scan --staged)/.test(r.target)) {
      add(
        `--version and scan --staged under ${LATENCY_S} s`,
        r,
        r.oursS,
        LATENCY_S,
        "s",
        r.oursS < LATENCY_S,
      );
    }
    // A folder that holds git-ignored files (a node_modules, build output): gitleaks `dir`, TruffleHog
    // `filesystem` and secretlint read them, agent-secrets and the read floor do not, so the peers' time
    // is over more files and no verdict is drawn from it (run.js prints a note instead).
    const likeForLike = !(r.kind === "tree" && r.ignoredFiles > 0);
    for (const [peer, key] of PEERS) {
      if (likeForLike && finite(r[key]))
        add(`faster than ${peer}`, r, r.oursS, r[key], "s", r.oursS < r[key], true);
    }
    // The history target makes a history scan twice as fast as gitleaks `git` on undici.
    if (r.kind === "history" && finite(r.gitleaksS)) {
      const limit = r.gitleaksS / GITLEAKS_HISTORY_SPEEDUP;
      add(
        `history ${GITLEAKS_HISTORY_SPEEDUP}× faster than gitleaks git`,
        r,
        r.oursS,
        limit,
        "s",
        undefined,
        true,
      );
    }
  }
  const scaling = results.filter((r) => r.kind === "scaling").sort((a, b) => a.files - b.files);
  for (let i = 1; i < scaling.length; i++) {
    const [smaller, larger] = [scaling[i - 1], scaling[i]];
    const row = { target: `${larger.target}, against ${smaller.files} files` };
    add(
      "time per file does not grow with the file count",
      row,
      larger.usPerFile,
      smaller.usPerFile * SCALING_SLACK,
      "µs",
      undefined,
      true,
    );
  }
  for (const r of scaling) {
    if (r.files >= 9000)
      add(`9,000 files (svelte has 9,080) ≤ ${NINE_THOUSAND_S} s`, r, r.oursS, NINE_THOUSAND_S, "s");
  }
  return out;
}

/** The verdicts as lines of text, grouped by target (in the order first met), then how many were met. */
export function verdictLines(verdicts) {
  const show = (v, x) =>
    v.unit === "×"
      ? `${x.toFixed(2)}×`
      : v.unit === "%"
        ? `${x.toFixed(1)}%`
        : `${x.toFixed(v.unit === "s" ? 3 : 0)} ${v.unit}`;
  const goals = [...new Set(verdicts.map((v) => v.goal))];
  const lines = [];
  for (const goal of goals) {
    lines.push(`  ${goal}`);
    for (const v of verdicts.filter((x) => x.goal === goal)) {
      const limit = v.own ? ` (limit ${show(v, v.limit)})` : "";
      lines.push(`    ${v.met ? "met   " : "missed"} ${show(v, v.value).padStart(9)}  ${v.row}${limit}`);
    }
  }
  const met = verdicts.filter((v) => v.met).length;
  lines.push(`  ${met} of ${verdicts.length} met`);
  return lines;
}
