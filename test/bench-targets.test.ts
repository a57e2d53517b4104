/** The bench judges each run against the targets (bench/targets.js). */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript module of the bench, without types
import { judgeTargets, verdictLines } from "../bench/targets.js";

interface Verdict {
  goal: string;
  row: string;
  value: number;
  limit: number;
  unit: string;
  met: boolean;
}

const judge = (rows: object[]) => judgeTargets(rows) as Verdict[];
const brief = (v: Verdict[]) => v.map((x) => [x.goal, x.row, x.met]);

describe("bench targets", () => {
  it("holds histories to 1.5× git's floor and 300 MB, trees to 3× the read floor", () => {
    const v = judge([
      { target: "h ok", kind: "history", ratio: 1.5, rssMB: 300 },
      { target: "h slow", kind: "full", ratio: 1.51, rssMB: 301 },
      { target: "t ok", kind: "tree", ratio: 2.99, oursS: 1 },
      { target: "t slow", kind: "tree", ratio: 3.2, oursS: 1 },
    ]);
    expect(brief(v)).toEqual([
      ["history ≤ 1.5× the git log floor", "h ok", true],
      ["peak RSS ≤ 300 MB", "h ok", true],
      ["history ≤ 1.5× the git log floor", "h slow", false],
      ["peak RSS ≤ 300 MB", "h slow", false],
      ["working tree ≤ 3× the read floor", "t ok", true],
      ["working tree ≤ 3× the read floor", "t slow", false],
    ]);
  });

  it("times undici's count, --version and staged scans, and no other latency row", () => {
    const v = judge([
      {
        target: "npm packages, 805 files in a repository (undici's count)",
        kind: "tree",
        ratio: 2,
        oursS: 0.36,
      },
      { target: "agent-secrets --version", kind: "latency", oursS: 0.1 },
      { target: "agent-secrets scan --staged (10-file repo)", kind: "latency", oursS: 0.3 },
      { target: "agent-secrets scan (1,000 weak passwords in one file), JSON", kind: "latency", oursS: 4.6 },
      { target: "node -e 0 (Node's own start)", kind: "latency", oursS: 0.13 },
    ]);
    expect(brief(v).slice(1)).toEqual([
      ["undici's 805 files ≤ 0.35 s", "npm packages, 805 files in a repository (undici's count)", false],
      ["--version and scan --staged under 0.3 s", "agent-secrets --version", true],
      // "Under": 300 ms itself misses.
      ["--version and scan --staged under 0.3 s", "agent-secrets scan --staged (10-file repo)", false],
    ]);
  });

  it("compares with a peer only where it ran, and asks to be faster", () => {
    const v = judge([
      { target: "a", kind: "tree", ratio: 2, oursS: 1, gitleaksS: 1.3, secretlintS: 1 },
      { target: "b", kind: "tree", ratio: 2, oursS: 1, gitleaksS: Number.NaN, trufflehogS: undefined },
    ]);
    expect(brief(v.filter((x) => x.goal.startsWith("faster")))).toEqual([
      ["faster than gitleaks", "a", true],
      ["faster than secretlint", "a", false],
    ]);
  });

  it("asks a history scan to be twice as fast as gitleaks git, and only a history scan", () => {
    const v = judge([
      { target: "h half", kind: "history", ratio: 1, rssMB: 1, oursS: 2, gitleaksS: 4 },
      { target: "h more", kind: "history", ratio: 1, rssMB: 1, oursS: 2.01, gitleaksS: 4 },
      { target: "h none", kind: "history", ratio: 1, rssMB: 1, oursS: 2 },
      { target: "t", kind: "tree", ratio: 1, oursS: 1, gitleaksS: 1.5 },
    ]);
    const twice = v.filter((x) => x.goal === "history 2× faster than gitleaks git");
    expect(twice.map((x) => [x.row, x.met, x.limit])).toEqual([
      ["h half", true, 2],
      ["h more", false, 2],
    ]);
  });

  it("asks the time per file not to grow from one scaling size to the next, and 9,000 files in 1.5 s", () => {
    const row = (files: number, s: number) => ({
      target: `scaling: ${files}`,
      kind: "scaling",
      files,
      oursS: s,
      usPerFile: (s * 1e6) / files,
    });
    // Listed out of order: sizes are compared smallest first.
    const v = judge([row(9001, 1.6), row(251, 0.4), row(2001, 0.4)]);
    expect(v.map((x) => [x.row, x.met])).toEqual([
      ["scaling: 2001, against 251 files", true],
      // 178 µs a file against 200: within the 10% allowed for noise.
      ["scaling: 9001, against 2001 files", true],
      ["scaling: 9001", false],
    ]);
    expect(v[1]!.limit).toBeCloseTo(((0.4 * 1e6) / 2001) * 1.1);
    expect(verdictLines(v)[2]).toBe("    met       178 µs  scaling: 9001, against 2001 files (limit 220 µs)");
    const grown = judge([row(2001, 0.4), row(9001, 2.2)]);
    expect(grown[0]!.met).toBe(false); // 244 µs a file against 200
  });

  it("prints each target once with its rows, limits that differ by row, and the count met", () => {
    const lines = verdictLines(
      judge([
        { target: "h1", kind: "history", ratio: 1.2, rssMB: 100 },
        { target: "h2", kind: "history", ratio: 1.7 },
        { target: "t", kind: "tree", ratio: 2, oursS: 1, gitleaksS: 1.3 },
      ]),
    ) as string[];
    expect(lines).toEqual([
      "  history ≤ 1.5× the git log floor",
      "    met        1.20×  h1",
      "    missed     1.70×  h2",
      "  peak RSS ≤ 300 MB",
      "    met       100 MB  h1",
      "  working tree ≤ 3× the read floor",
      "    met        2.00×  t",
      "  faster than gitleaks",
      "    met      1.000 s  t (limit 1.300 s)",
      "  4 of 5 met",
    ]);
  });

  it("asks an input four times as large to take at most 6 times as long past start-up, and its tokens to be found", () => {
    const row = (target: string, growth: number, smallFindings: number, findings: number) => ({
      target,
      kind: "growth",
      items: 2000,
      factor: 4,
      growth,
      smallFindings,
      findings,
    });
    const v = judge([
      row("linear", 3.4, 2000, 7999),
      row("square", 15.8, 2000, 8000),
      row("capped", 0.3, 2000, 0), // a cap left the larger input unread: fast, and blind
      row("cut", 3.2, 1949, 7790), // windows cut 1 in 40 at both sizes
    ]);
    expect(v.map((x) => [x.goal.split(" (")[0], x.row, x.met])).toEqual([
      ["time grows with the input", "linear", true],
      ["a growth row's tokens found at both sizes", "linear", true],
      ["time grows with the input", "square", false],
      ["a growth row's tokens found at both sizes", "square", true],
      ["time grows with the input", "capped", true],
      ["a growth row's tokens found at both sizes", "capped", false],
      ["time grows with the input", "cut", true],
      ["a growth row's tokens found at both sizes", "cut", false],
    ]);
    expect(v[0]!.goal).toBe("time grows with the input (4× the input ≤ 6× the time)");
    expect(verdictLines(v)).toContain("    missed     97.4%  cut");
  });

  it("draws no verdict against peers over a tree that holds git-ignored files they read and the scan does not", () => {
    const peers = { gitleaksS: 30, trufflehogS: 20, secretlintS: 10 };
    const v = judge([
      { target: "repo", kind: "tree", ratio: 2, oursS: 0.5, ...peers, ignoredFiles: 5000, ignoredMB: 80 },
      { target: "repo", kind: "history", ratio: 1.2, rssMB: 90, oursS: 1, gitleaksS: 3, ignoredFiles: 5000 },
      { target: "clone", kind: "tree", ratio: 2, oursS: 0.5, ...peers },
    ]);
    expect(brief(v)).toEqual([
      ["working tree ≤ 3× the read floor", "repo", true],
      ["history ≤ 1.5× the git log floor", "repo", true],
      ["peak RSS ≤ 300 MB", "repo", true],
      ["faster than gitleaks", "repo", true],
      ["history 2× faster than gitleaks git", "repo", true],
      ["working tree ≤ 3× the read floor", "clone", true],
      ["faster than gitleaks", "clone", true],
      ["faster than TruffleHog", "clone", true],
      ["faster than secretlint", "clone", true],
    ]);
  });
});
