#!/usr/bin/env node
// Held-out style evaluation: precision and recall of `agent-secrets scan` on a labelled corpus.
//
//   node scripts/eval.js [--keep] [--git] [--verbose] [--dump-labels]
//
// fixtures/eval/corpus/ is a repository tree written as templates: every secret (and every random-looking
// decoy) is a `{{fake:PREFIX:CHARSET:N[:crc32]}}` template, so no realistic token is committed. This script
//   1. copies the corpus to a temp dir, expanding each file with expandFakes(text, "eval:" + scannedPath),
//      where scannedPath is the file's POSIX path relative to the scan root AFTER renaming: a path segment
//      `_env` or `_env.<x>` becomes `.env` / `.env.<x>` (as in fixtures/demo, so no real .env file lives
//      in this repository); every other name (.mcp.json, .cursor/, dotfiles/…) is kept as is;
//   2. reads fixtures/eval/labels.json — one entry per TRUE secret: { path (scanned path), line (1-based
//      line where the secret starts), secret_template (the exact template text of the secret as it appears
//      in the file, possibly several fakes plus literal parts, possibly spanning lines) } — locates each
//      label's template text on its line in the template file and maps the span through the expansion
//      (fakes expand to exactly PREFIX + N characters, so template offsets map to expanded offsets exactly),
//      which gives the real fake value; a label that cannot be located exactly is reported as an error;
//   3. runs `agent-secrets scan <tmp> --no-history --format json --show-secrets` (plain folder, no git; with
//      --git the tree is first committed to a fresh repository);
//   4. matches findings to labels: same path and (the label's value contains the finding's secret or the
//      finding's secret contains the label's value, or the finding's line range overlaps the label's); a
//      finding that matches some label by value is credited only to those, else to the labels on its lines;
//   5. prints recall (labels matched / labels), precision (findings matching a label / findings), the missed
//      labels and the false positives (path:line ruleId secret-redacted-to-8-chars), and a final JSON line.
// Decoys are not labelled: anything reported that matches no label is a false positive.
// Exit code: always 0 (label errors are printed and counted in the JSON line).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

process.on("uncaughtException", (e) => {
  console.log(`eval failed: ${e?.stack ?? e}`);
  console.log(JSON.stringify({ error: String(e?.message ?? e) }));
  process.exit(0);
});
let expandFakes;
let FAKE_RE;
try {
  ({ expandFakes, FAKE_RE } = await import("../dist/rules/examples.js"));
} catch {
  console.log("dist/ is missing or stale: run `npm run build` first");
  console.log(JSON.stringify({ error: "no-dist" }));
  process.exit(0);
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const corpusDir = join(root, "fixtures/eval/corpus");
const labelsFile = join(root, "fixtures/eval/labels.json");
const bin = join(root, "bin/agent-secrets.js");
const argv = new Set(process.argv.slice(2));
const KEEP = argv.has("--keep");
const GIT = argv.has("--git");
const VERBOSE = argv.has("--verbose");
const DUMP = argv.has("--dump-labels"); // print every label with its expanded (fake) value

const toPosix = (p) => p.split(sep).join("/");
/** Template path (relative to the corpus) → scanned path (relative to the scan root). */
const scannedPath = (rel) =>
  rel
    .split("/")
    .map((s) => (/^_env(\.|$)/.test(s) ? `.${s.slice(1)}` : s))
    .join("/");

function walk(dir, acc = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, acc);
    else acc.push(p);
  }
  return acc;
}

/** Offsets of every fake in `template` and where each lands in expandFakes(template): a fake expands to
 *  exactly PREFIX + N characters, so the map is exact. */
function fakeSpans(template) {
  const spans = [];
  let delta = 0;
  const re = new RegExp(FAKE_RE.source, "g");
  for (let m = re.exec(template); m; m = re.exec(template)) {
    const expLen = m[1].length + Number(m[3]);
    spans.push({ start: m.index, end: m.index + m[0].length, expStart: m.index + delta, expLen });
    delta += expLen - m[0].length;
  }
  return spans;
}

/** Maps a template offset that is not strictly inside a fake to the expanded text. */
function mapOffset(spans, offset) {
  let delta = 0;
  for (const s of spans) {
    if (s.end <= offset) delta = s.expStart + s.expLen - s.end;
    else if (s.start < offset) throw new Error(`offset ${offset} falls inside a fake`);
    else break;
  }
  return offset + delta;
}

const lineOf = (text, offset) => {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) n++;
  return n;
};
const lineStart = (text, line) => {
  let off = 0;
  for (let n = 1; n < line; n++) {
    off = text.indexOf("\n", off);
    if (off === -1) return -1;
    off++;
  }
  return off;
};
const redact = (s) => (s == null ? "∅" : s.length <= 8 ? s : `${s.slice(0, 8)}…`);

// ---- 1. expand the corpus ---------------------------------------------------------------------------
const tmpRoot = mkdtempSync(join(tmpdir(), "agent-secrets-eval-"));
const scanRoot = join(tmpRoot, "repo");
const files = new Map(); // scanned path → { template, expanded, spans }
for (const abs of walk(corpusDir)) {
  const rel = toPosix(relative(corpusDir, abs));
  const path = scannedPath(rel);
  const template = readFileSync(abs, "utf8");
  const expanded = expandFakes(template, `eval:${path}`);
  const spans = fakeSpans(template);
  if (mapOffset(spans, template.length) !== expanded.length) throw new Error(`offset map broken for ${path}`);
  files.set(path, { template, expanded, spans });
  const dest = join(scanRoot, path);
  mkdirSync(dirname(dest), { recursive: true });
  writeFileSync(dest, expanded);
}

// ---- 2. labels → values -----------------------------------------------------------------------------
const errors = [];
const labels = JSON.parse(readFileSync(labelsFile, "utf8")).map((l, idx) => ({ ...l, idx }));
for (const l of labels) {
  const f = files.get(l.path);
  if (!f) {
    errors.push(`label #${l.idx}: no file ${l.path}`);
    continue;
  }
  const ls = lineStart(f.template, l.line);
  const le = f.template.indexOf("\n", ls);
  const start = ls < 0 ? -1 : f.template.indexOf(l.secret_template, ls);
  if (ls < 0 || start < 0 || (le !== -1 && start > le)) {
    errors.push(`label #${l.idx}: template not found on ${l.path}:${l.line}`);
    continue;
  }
  const end = start + l.secret_template.length;
  const a = mapOffset(f.spans, start);
  const b = mapOffset(f.spans, end);
  l.value = f.expanded.slice(a, b);
  l.endLine = lineOf(f.expanded, b);
  if (lineOf(f.expanded, a) !== l.line) errors.push(`label #${l.idx}: line drift at ${l.path}:${l.line}`);
  if (l.value.includes("{{fake:") || l.value.length < 8)
    errors.push(`label #${l.idx}: bad value at ${l.path}`);
}
if (DUMP)
  for (const l of labels)
    console.log(`label #${l.idx} ${l.path}:${l.line}-${l.endLine} ${JSON.stringify(l.value)}`);
const seen = new Map();
for (const l of labels) {
  if (!l.value) continue;
  const k = `${l.path}\0${l.value}`;
  if (seen.has(k)) errors.push(`labels #${seen.get(k)} and #${l.idx} are the same secret in ${l.path}`);
  seen.set(k, l.idx);
}

// ---- 3. scan ------------------------------------------------------------------------------------------
if (GIT) {
  const git = (...a) => spawnSync("git", a, { cwd: scanRoot, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  git("-c", "user.name=eval", "-c", "user.email=eval@invalid", "add", "-A");
  git(
    "-c",
    "user.name=eval",
    "-c",
    "user.email=eval@invalid",
    "-c",
    "commit.gpgsign=false",
    "commit",
    "-qm",
    "corpus",
  );
}
const t0 = Date.now();
const scan = spawnSync(
  process.execPath,
  [bin, "scan", scanRoot, "--no-history", "--format", "json", "--show-secrets", "--no-color"],
  { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
);
const scanMs = Date.now() - t0;
let report;
try {
  report = JSON.parse(scan.stdout);
} catch {
  console.log(`scanner produced no JSON (exit ${scan.status}):\n${scan.stderr}`);
  console.log(JSON.stringify({ error: "scan-failed", exit: scan.status }));
  if (!KEEP) rmSync(tmpRoot, { recursive: true, force: true });
  process.exit(0);
}
const normPath = (p) => {
  const abs = resolve(scanRoot, p);
  return toPosix(relative(scanRoot, abs));
};
const findings = report.findings.map((f) => ({ ...f, path: normPath(f.path) }));

// ---- 4. match -----------------------------------------------------------------------------------------
const byPath = new Map();
for (const l of labels) if (l.value) (byPath.get(l.path) ?? byPath.set(l.path, []).get(l.path)).push(l);
for (const f of findings) {
  const fStart = f.line ?? 0;
  const fEnd = f.endLine ?? fStart;
  const byValue = [];
  const byLine = [];
  for (const l of byPath.get(f.path) ?? []) {
    const s = f.secret ?? "";
    if (s.length > 0 && (l.value.includes(s) || s.includes(l.value))) byValue.push(l);
    else if (fStart <= l.endLine && l.line <= fEnd) byLine.push(l);
  }
  // A finding is credited to the labels whose value it matches; only when there is none, to the labels on
  // its lines (two secrets on one line then both count as found by one finding — the rule as specified).
  f.matches = byValue.length ? byValue : byLine;
  f.lineOnly = !byValue.length && byLine.length > 0;
  for (const l of f.matches) {
    if (!l.hits) l.hits = [];
    l.hits.push(f);
  }
}
const located = labels.filter((l) => l.value);
const matchedLabels = located.filter((l) => l.hits?.length);
const missed = located.filter((l) => !l.hits?.length);
const tp = findings.filter((f) => f.matches.length);
const fp = findings.filter((f) => !f.matches.length);
const recall = located.length ? matchedLabels.length / located.length : 0;
const precision = findings.length ? tp.length / findings.length : 1;
// distinct (path, secret) view: duplicates of one finding (several rules on one span) count once
const distinct = (list) => new Set(list.map((f) => `${f.path}\0${f.secret}`)).size;
const precisionDistinct = distinct(findings) ? distinct(tp) / (distinct(tp) + distinct(fp)) : 1;
const f1 = recall + precision ? (2 * recall * precision) / (recall + precision) : 0;

// ---- 5. report ----------------------------------------------------------------------------------------
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const kindOf = (path) => {
  const base = path.split("/").pop();
  if (/(^|\/)\.env(\.|$)/.test(path)) return "dotenv";
  if (/\.(ipynb)$/.test(base)) return "notebook";
  if (/\.(md|mdc|prompty)$|^\.cursorrules$/.test(base)) return "instructions/prompt";
  if (
    /mcp|claude|cursor|vscode|windsurf|cline|roo|continue|zed|gemini|codex|goose|amazonq|kiro|opencode|librechat|server\.json|OAI_CONFIG|aider|crew|n8n|langflow/i.test(
      path,
    )
  )
    return "agent/mcp config";
  if (/\.(py|ts|js|go|java|rb|sh)$/.test(base)) return "code";
  if (/k8s|charts|terraform|\.tf|Dockerfile|compose|workflows|gitlab-ci/.test(path)) return "infra/ci";
  return "other config";
};
/** A coarse category for a label: provider prefix, or what kind of unprefixed secret it is. */
const shapeOf = (l) => {
  const tpl = l.secret_template;
  const m = new RegExp(FAKE_RE.source).exec(tpl);
  const lead = tpl.slice(0, m ? m.index : 0) || (m ? m[1] : "");
  const line = files.get(l.path)?.expanded.split("\n")[l.line - 1] ?? "";
  if (/BEGIN [A-Z ]*PRIVATE KEY/.test(tpl)) return "PEM private key";
  if (lead.startsWith("eyJ")) return "JWT";
  if (lead.startsWith("https://hooks.slack.com")) return "slack webhook";
  if (/^(?:[A-Za-z0-9]+[_.-]|AKIA|AIza|BSA|LS0t|c2st|pat)/.test(lead))
    return `${lead.replace(/(?<=[_.-]).*$/, "").slice(0, 14)}… token`;
  if (/[a-z][a-z0-9+.-]*:\/\/[^\s/]*@|@tcp\(|\s-u\s+\S+:/.test(line)) return "password in URL/DSN/userinfo";
  if (/pass|pwd/i.test(line)) return "password (keyed)";
  if (/[?&][A-Za-z_]*(?:key|token)=/i.test(line)) return "key in URL query";
  return "unprefixed keyed/free-text secret";
};
const count = (list, key) => {
  const c = new Map();
  for (const x of list) c.set(key(x), (c.get(key(x)) ?? 0) + 1);
  return [...c].sort((a, b) => b[1] - a[1]);
};

console.log(`agent-secrets eval — corpus ${files.size} files, ${labels.length} labels, scan ${scanMs} ms`);
if (errors.length) {
  console.log(`\nLABEL ERRORS (${errors.length}):`);
  for (const e of errors) console.log(`  ${e}`);
}
console.log(`\nrecall     ${pct(recall)}  (${matchedLabels.length}/${located.length} labels found)`);
console.log(`precision  ${pct(precision)}  (${tp.length}/${findings.length} findings match a label)`);
console.log(`precision  ${pct(precisionDistinct)}  (distinct path+secret)`);
console.log(`F1         ${pct(f1)}`);

console.log(`\nMISSED (${missed.length}):`);
for (const l of missed) console.log(`  ${l.path}:${l.line}  ${shapeOf(l)}  ${redact(l.value)}`);
console.log(`\nFALSE POSITIVES (${fp.length}):`);
for (const f of fp)
  console.log(`  ${f.path}:${f.line} ${f.ruleId} ${redact(f.secret)}${f.keyPath ? `  [${f.keyPath}]` : ""}`);

const missedByKind = count(missed, (l) => kindOf(l.path));
const missedByShape = count(missed, (l) => shapeOf(l));
const fpByRule = count(fp, (f) => f.ruleId);
const fpByKind = count(fp, (f) => kindOf(f.path));
if (missed.length) {
  console.log(`\nmisses by file kind: ${missedByKind.map(([k, n]) => `${k} ${n}`).join(", ")}`);
  console.log(`misses by shape:     ${missedByShape.map(([k, n]) => `${k} ${n}`).join(", ")}`);
}
if (fp.length) {
  console.log(`FPs by rule:         ${fpByRule.map(([k, n]) => `${k} ${n}`).join(", ")}`);
  console.log(`FPs by file kind:    ${fpByKind.map(([k, n]) => `${k} ${n}`).join(", ")}`);
}
if (VERBOSE) {
  console.log(`\nTRUE POSITIVES (${tp.length}):`);
  for (const f of tp)
    console.log(
      `  ${f.path}:${f.line} ${f.ruleId} ${redact(f.secret)}${f.lineOnly ? "  (matched by line only)" : ""}`,
    );
  const diags = report.diagnostics ?? [];
  console.log(`\nDIAGNOSTICS (${diags.length}):`);
  for (const d of diags) console.log(`  ${d.code} ${d.path ?? ""} ${d.detail ?? ""}`);
}
if (KEEP) console.log(`\nexpanded corpus kept in ${scanRoot}`);
else rmSync(tmpRoot, { recursive: true, force: true });

console.log(
  JSON.stringify({
    recall: Number(recall.toFixed(4)),
    precision: Number(precision.toFixed(4)),
    precisionDistinct: Number(precisionDistinct.toFixed(4)),
    f1: Number(f1.toFixed(4)),
    labels: located.length,
    found: matchedLabels.length,
    findings: findings.length,
    truePositives: tp.length,
    falsePositives: fp.length,
    labelErrors: errors.length,
    scanExit: scan.status,
    missed: missed.map((l) => `${l.path}:${l.line}`),
    falsePositiveRules: Object.fromEntries(fpByRule),
  }),
);
process.exit(0);
