/** The JSON report is written piece by piece; joined, the pieces are exactly JSON.stringify's text. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redact } from "../src/findings/redact.js";
import { reportWrites } from "../src/report/index.js";
import { renderJson } from "../src/report/json.js";
import { batched, jsonFile, Mapped, prettyJsonPieces } from "../src/report/json-pieces.js";
import type { Report } from "../src/types.js";
import { cli, tempDir, tempTree } from "./cli-helpers.js";
import { reportOf, scanText } from "./helpers.js";

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

describe("prettyJsonPieces", () => {
  it("joins to JSON.stringify(obj, null, 2) for report-like objects", () => {
    const cases: Record<string, unknown>[] = [
      {},
      { a: [] },
      { a: undefined, b: () => 1, c: Symbol("s") },
      { only: undefined },
      { s: 'quote " back \\ line\nbreak tab\t \u2028 é 🙂', n: 1.5, t: true, z: null },
      { list: [1, "two", null, undefined, () => 3, { deep: [{ x: [] }, {}] }, [[1, [2]]]] },
      {
        stats: { files: 1, dropped: {} },
        findings: [{ id: "a", line: 3, keyPath: ["env", "X"] }],
        groups: [],
      },
    ];
    for (const c of cases) expect(Array.from(prettyJsonPieces(c)).join("")).toBe(pretty(c));
  });

  it("agrees with JSON.stringify on arbitrary JSON-like objects", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        expect(Array.from(prettyJsonPieces(obj)).join("")).toBe(pretty(obj));
      }),
      { numRuns: 300 },
    );
  });

  it("writes a Mapped array as the array of its mapped items, made one at a time", () => {
    const made: number[] = [];
    const pieces = prettyJsonPieces({
      xs: new Mapped([1, 2, 3], (x: number) => {
        made.push(x);
        return { x, twice: [x, x] };
      }),
      none: new Mapped([], () => 1),
    });
    const first = pieces.next();
    expect(first.value).toBe("{");
    expect(made).toEqual([]); // nothing is mapped before it is written
    const rest = Array.from(pieces).join("");
    expect(`{${rest}`).toBe(pretty({ xs: [1, 2, 3].map((x) => ({ x, twice: [x, x] })), none: [] }));
  });
});

describe("batched", () => {
  it("keeps order and content, and cuts only between pieces", () => {
    const pieces = Array.from({ length: 1000 }, (_, i) => `<${i}>`.repeat(1 + (i % 7)));
    const out = Array.from(batched(pieces, 100));
    expect(out.join("")).toBe(pieces.join(""));
    expect(out.length).toBeGreaterThan(10);
    for (const w of out.slice(0, -1)) expect(w.length).toBeGreaterThanOrEqual(100);
    // every write ends where a piece ends
    const ends = new Set<number>();
    let at = 0;
    for (const p of pieces) {
      at += p.length;
      ends.add(at);
    }
    at = 0;
    for (const w of out) {
      at += w.length;
      expect(ends.has(at)).toBe(true);
    }
  });

  it("gives nothing for no pieces", () => {
    expect(Array.from(batched([]))).toEqual([]);
  });
});

describe("jsonFile", () => {
  it("is JSON.stringify(obj, null, 2) and a line break, in writes of about a megabyte", () => {
    const entries = Array.from({ length: 12_000 }, (_, i) => ({
      id: i.toString(16).padStart(24, "0"),
      secretId: `${i}`.repeat(4),
      ruleId: "generic-secret",
      path: `src/dir-${i % 17}/file-${i}.ts`,
    }));
    const baseline = { version: 1, findings: entries };
    const writes = Array.from(jsonFile(baseline));
    expect(writes.join("")).toBe(`${pretty(baseline)}\n`);
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const w of writes) expect(w.length).toBeLessThan(1.5 * 2 ** 20);
    expect(Array.from(jsonFile({})).join("")).toBe("{}\n");
  });
});

/**
 * The text JSON.stringify(data, null, 2) gives for the report's own data (parsing keeps key order): a
 * report written in pieces must be exactly that, as it was when it was written as one string.
 */
function wholeJson(written: string): string {
  return `${JSON.stringify(JSON.parse(written), null, 2)}\n`;
}

describe("the JSON report in pieces", () => {
  const templates = [
    "GITHUB_TOKEN={{fake:ghp_:alnum:36}}\nOPENAI_API_KEY={{fake:sk-proj-:alnum:48}}",
    '{"mcpServers":{"x":{"env":{"GROQ_API_KEY":"{{fake:gsk_:alnum:52}}"}}}}',
  ];
  const findings = templates.flatMap((t) => scanText(t).findings);

  it("is the same text as the whole report was", () => {
    expect(findings.length).toBeGreaterThan(1);
    const report = {
      ...reportOf(findings),
      diagnostics: [{ code: "x", severity: "info", path: "a", detail: "d" }],
    };
    const opts = { showSecrets: false, color: false };
    const text = renderJson(report as Report, opts);
    expect(text).toBe(wholeJson(text));
    expect(JSON.parse(text).findings.map((f: { secret: string }) => f.secret)).toEqual(
      findings.map((f) => redact(f.secret)),
    );
    expect(Array.from(reportWrites("json", report as Report, opts)).join("")).toBe(text);
    const empty = renderJson(reportOf([]), opts);
    expect(empty).toBe(wholeJson(empty));
    expect(JSON.parse(empty).findings).toEqual([]);
  });

  it("is written in writes of about a megabyte, not one string", () => {
    // 6,000 findings of some 700 characters each: about 4 MB of JSON.
    const many = Array.from({ length: 6000 }, (_, i) => ({ ...findings[i % findings.length]!, line: i + 1 }));
    const report = reportOf(many);
    const writes = Array.from(reportWrites("json", report, { showSecrets: false, color: false }));
    expect(writes.length).toBeGreaterThanOrEqual(3);
    // A write is a megabyte and at most one piece (500 findings) more.
    for (const w of writes) expect(w.length).toBeLessThan(1.5 * (1 << 20));
    expect(writes.join("")).toBe(wholeJson(writes.join("")));
    expect(JSON.parse(writes.join("")).findings.at(-1).line).toBe(6000);
  });

  it("writes the same report to stdout, --output and --json", () => {
    const dir = tempTree({ ".env": "GROQ_API_KEY={{fake:gsk_:alnum:52}}\nHF_TOKEN={{fake:hf_:alpha:34}}\n" });
    const outs = tempDir();
    const stdout = cli([
      "scan",
      dir,
      "--no-history",
      "-f",
      "json",
      "--json",
      join(outs, "extra.json"),
    ]).stdout;
    const out = join(outs, "out.json");
    cli(["scan", dir, "--no-history", "-f", "json", "-o", out]);
    const strip = (s: string) => s.replace(/"durationMs": \d+/, '"durationMs": 0');
    expect(JSON.parse(stdout).findings.length).toBe(2);
    expect(strip(readFileSync(out, "utf8"))).toBe(strip(stdout));
    expect(strip(readFileSync(join(outs, "extra.json"), "utf8"))).toBe(strip(stdout));
  });
});
