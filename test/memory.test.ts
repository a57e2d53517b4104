/**
 * What a scan keeps (findings, and its caches of key names, paths and secret ids) must not keep alive
 * the text it was cut from: V8 holds a substring of 13+ characters as a view into its parent, so one
 * finding could pin a whole file, or a megabyte chunk of `git log` output, until the scan ends.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "./cli-helpers.js";

const DIST = new URL("../dist/", import.meta.url).href;

// 30 commits of git output, one 1 MiB chunk each, every one adding a file with a generated secret under
// a secret-named key; everything the scan keeps is kept; then the heap left after a full GC is printed.
// The secrets are hex: base64 with its symbols replaced made a run of x's, a placeholder, about once in
// 5,000 (no finding, and a failed run every 150 or so).
const SCRIPT = `
import { DiffParser } from "${DIST}sources/diff.js";
import { prepare } from "${DIST}scan.js";
import { scanFragment } from "${DIST}pipeline.js";
import { randomBytes } from "node:crypto";
const p = prepare(process.argv[2], undefined, []);
const ctx = { rules: p.ruleset.byId, clients: new Map(p.clients.map((c) => [c.id, c])), pathPrefix: "", root: "." };
const kept = [];
const parser = new DiffParser((block) => {
  const context = p.classifier.classify(block.path, block.text.slice(0, 2048));
  const frag = { text: block.text, origin: { kind: "git", path: block.path, commit: block.commit }, firstLine: 1, lines: block.lines, context };
  kept.push(...scanFragment(frag, p.engine, ctx).findings);
});
const filler = Array.from({ length: 20000 }, (_, i) => "+const value_" + i + " = compute(" + i + ", 'x'.repeat(80));").join("\\n");
for (let c = 0; c < 30; c++) {
  const secret = randomBytes(24).toString("hex");
  const chunk = [
    "\\u0000" + c.toString(16).padStart(40, "0") + "\\u0000Dev Eloper\\u0000dev@example.invalid\\u00002026-01-01T00:00:00Z\\u0000add module " + c,
    "",
    "diff --git a/src/feature_module_" + c + ".ts b/src/feature_module_" + c + ".ts",
    "--- /dev/null",
    "+++ b/src/feature_module_" + c + ".ts",
    "@@ -0,0 +1,20001 @@",
    filler,
    "+const service_api_token_" + c + " = \\"" + secret + "\\";",
    "",
  ].join("\\n");
  parser.write(chunk);
}
parser.end();
globalThis.gc(); globalThis.gc();
console.log(JSON.stringify({ findings: kept.length, heapMB: process.memoryUsage().heapUsed / 1048576 }));
`;

describe("memory kept by a scan", () => {
  it("findings and caches do not pin the git output they came from", () => {
    const dir = tempDir();
    const file = join(dir, "run.mjs");
    writeFileSync(file, SCRIPT);
    const r = spawnSync(process.execPath, ["--expose-gc", file, dir], { encoding: "utf8", timeout: 120_000 });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { findings: number; heapMB: number };
    // Every chunk gave its finding; 30 pinned chunks would be 30 MiB and more.
    expect(out.findings).toBe(30);
    expect(out.heapMB).toBeLessThan(24);
  });
});
