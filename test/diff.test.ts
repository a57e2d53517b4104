/** The `git log -p -U0` parser: added lines per commit and file, with their new-file line numbers. */
import { describe, expect, it } from "vitest";
import { type AddedBlock, addedLines, DiffParser, headerPath } from "../src/sources/diff.js";
import { commitHeader } from "./helpers.js";

/** Feeds `text` in chunks cut at `cuts` (anywhere, mid-line included), as git's output arrives. */
function byChunks(text: string, cuts: readonly number[], skip?: (path: string) => boolean): AddedBlock[] {
  const out: AddedBlock[] = [];
  const parser = new DiffParser((b) => out.push(b), undefined, skip);
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    parser.write(text.slice(at, cut));
    at = cut;
  }
  parser.end();
  return out;
}

/** The definition: one `line` call per line. */
function byLines(text: string, skip?: (path: string) => boolean): AddedBlock[] {
  const out: AddedBlock[] = [];
  const parser = new DiffParser((b) => out.push(b), undefined, skip);
  for (const l of text.split("\n").slice(0, text.endsWith("\n") ? -1 : undefined)) parser.line(l);
  parser.end();
  return out;
}

const SAMPLE = [
  commitHeader("a".repeat(40), "second"),
  "",
  "diff --git a/app.ts b/app.ts",
  "index 1111111..2222222 100644",
  "--- a/app.ts",
  "+++ b/app.ts",
  "@@ -3 +3,2 @@ export const x = 1;",
  "-const old = 1;",
  '+const token = "abc";',
  "++leading plus kept",
  "@@ -10,0 +12 @@",
  "+",
  "\\ No newline at end of file",
  "diff --git a/img.png b/img.png",
  "Binary files a/img.png and b/img.png differ",
  "diff --git a/gone.txt b/gone.txt",
  "--- a/gone.txt",
  "+++ /dev/null",
  "@@ -1 +0,0 @@",
  "-bye",
  commitHeader("b".repeat(40), "first"),
  "",
  // An exact rename and a header-only deletion (--irreversible-delete) add no line.
  "diff --git a/old/a.js b/new/a.js",
  "similarity index 100%",
  "rename from old/a.js",
  "rename to new/a.js",
  "diff --git a/gone.js b/gone.js",
  "deleted file mode 100644",
  "index 3333333..0000000",
  'diff --git a/"sp ace.env" b/"sp ace.env"',
  "--- /dev/null",
  '+++ "b/sp ace.env"',
  "@@ -0,0 +1,3 @@",
  "+A=1\r",
  "+B=2",
  "+C=3",
  "",
].join("\n");

describe("DiffParser", () => {
  it("keeps added lines per commit and file, with new-file line numbers", () => {
    const blocks = byChunks(SAMPLE, []);
    expect(blocks.map((b) => [b.commit?.sha.slice(0, 1), b.path, b.text, b.lines])).toEqual([
      ["a", "app.ts", 'const token = "abc";\n+leading plus kept\n', [3, 4, 12]],
      ["b", "sp ace.env", "A=1\r\nB=2\nC=3", [1, 2, 3]],
    ]);
    expect(byChunks(SAMPLE, [40, 101, 150, 600])).toEqual(blocks);
    expect(byLines(SAMPLE)).toEqual(blocks);
  });

  it("gives the same blocks however the output is cut into chunks", () => {
    let seed = 11;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    // Many commits, hunks with context lines, removed lines and a file whose added text passes the
    // 1 MiB block cap several times over (it is split into blocks at the same lines either way).
    const parts: string[] = [];
    for (let c = 0; c < 30; c++) {
      parts.push(commitHeader(c.toString(16).padStart(40, "0"), `c${c}`), "");
      for (let f = 0; f < 3; f++) {
        parts.push(`diff --git a/f${f}.ts b/f${f}.ts`, `--- a/f${f}.ts`, `+++ b/f${f}.ts`);
        for (let h = 0; h < 4; h++) {
          // Removed, context and note lines long enough to span chunks too (their text is never kept).
          const filler = "y".repeat(next() < 0.2 ? 3000 : 20);
          parts.push(`@@ -${h * 10},2 +${h * 12},3 @@`, ` ctx ${h} ${filler}`, `-gone ${c}.${h} ${filler}`);
          if (next() < 0.2) parts.push(`\\ No newline at end of file ${filler}`);
          const n = c === 7 && f === 1 ? 9000 : 1 + Math.floor(next() * 5);
          for (let i = 0; i < n; i++)
            parts.push(`+${next() < 0.1 ? "+" : ""}line ${c}.${f}.${h}.${i} ${"x".repeat(120)}`);
        }
      }
    }
    const text = `${parts.join("\n")}\n+no newline at the end`;
    const expected = byLines(text);
    const big = expected.filter(
      (b) => b.commit?.sha === (7).toString(16).padStart(40, "0") && b.path === "f1.ts",
    );
    expect(big.length).toBeGreaterThan(3);
    expect(Math.max(...expected.map((b) => b.text.length))).toBeLessThan(1_100_000);
    expect(expected.length).toBeGreaterThan(90);
    for (let round = 0; round < 12; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(next() * 40) }, () =>
        Math.floor(next() * text.length),
      ).sort((a, b) => a - b);
      expect(byChunks(text, cuts)).toEqual(expected);
    }
    expect(byChunks(text, [])).toEqual(expected);
    // A skipped path's added lines are read past however they are cut, and the rest is the same.
    const skip = (path: string) => path === "f2.ts";
    const kept = byLines(text, skip);
    expect(kept).toEqual(expected.filter((b) => b.path !== "f2.ts"));
    for (let round = 0; round < 6; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(next() * 40) }, () =>
        Math.floor(next() * text.length),
      ).sort((a, b) => a - b);
      expect(byChunks(text, cuts, skip)).toEqual(kept);
    }
  });

  it("leaves out added lines over maxLine, however they are cut, and keeps the line numbers after them", () => {
    const long = "k".repeat(5000);
    const text = [
      commitHeader("c".repeat(40), "big"),
      "",
      "diff --git a/data.min.js b/data.min.js",
      "--- a/data.min.js",
      "+++ b/data.min.js",
      "@@ -1 +1,4 @@",
      `-${long}`,
      "+short first",
      `+${long}`,
      `+${"m".repeat(1000)}`,
      "+after",
      "",
    ].join("\n");
    for (const size of [text.length, 997, 64, 7]) {
      const out: AddedBlock[] = [];
      const parser = new DiffParser((b) => out.push(b), 1000);
      for (let at = 0; at < text.length; at += size) parser.write(text.slice(at, at + size));
      parser.end();
      // A line of exactly maxLine characters is kept; the longer one is left out, counted, listed.
      expect(out.map((b) => [b.path, b.text, b.lines])).toEqual([
        ["data.min.js", `short first\n${"m".repeat(1000)}\nafter`, [1, 3, 4]],
      ]);
      expect(parser.overlongLines).toBe(1);
      expect(parser.overlong).toEqual([
        { commit: "c".repeat(40), path: "data.min.js", line: 2, chars: 5000 },
      ]);
    }
  });

  it("reads a commit header over maxLine from its head, and lists at most 100 overlong lines", () => {
    const out: AddedBlock[] = [];
    const parser = new DiffParser((b) => out.push(b), 100);
    const parts = [commitHeader("d".repeat(40), `subject ${"s".repeat(300)}`), ""];
    parts.push("diff --git a/x.txt b/x.txt", "--- /dev/null", "+++ b/x.txt", "@@ -0,0 +1,150 @@");
    for (let i = 0; i < 150; i++) parts.push(`+${"z".repeat(200)}`);
    parts.push("+kept");
    for (let at = 0, text = parts.join("\n"); at < text.length; at += 50)
      parser.write(text.slice(at, at + 50));
    parser.end();
    expect(parser.commits).toBe(1);
    expect(out.map((b) => [b.commit?.sha, b.text, b.lines])).toEqual([["d".repeat(40), "kept", [151]]]);
    expect(parser.overlongLines).toBe(150);
    expect(parser.overlong).toHaveLength(100);
    expect(parser.overlong[99]).toMatchObject({ line: 100, chars: 200 });
  });

  it("passes over the hunks of skipped paths, even added lines that look like diff headers", () => {
    const out: AddedBlock[] = [];
    const parser = new DiffParser(
      (b) => out.push(b),
      100,
      (p) => p.endsWith(".lock"),
    );
    const text = [
      commitHeader("e".repeat(40), "bump"),
      "",
      "diff --git a/yarn.lock b/yarn.lock",
      "--- a/yarn.lock",
      "+++ b/yarn.lock",
      "@@ -1 +1,3 @@",
      "+secret=1",
      "+++ b/app.ts",
      `+${"w".repeat(200)}`,
      "diff --git a/app.ts b/app.ts",
      "--- a/app.ts",
      "+++ b/app.ts",
      "@@ -4,0 +5 @@",
      "+kept",
      "diff --git a/sub/x.lock b/sub/x.lock",
      "--- /dev/null",
      "+++ b/sub/x.lock",
      "@@ -0,0 +1 @@",
      "+gone",
    ].join("\n");
    parser.write(text);
    parser.end();
    expect(out.map((b) => [b.path, b.text, b.lines])).toEqual([["app.ts", "kept", [5]]]);
    expect(parser.overlongLines).toBe(0);
  });

  it("lists the files a staged diff prints as binary, not those of commits or skipped paths", () => {
    const parser = new DiffParser(
      () => {},
      Number.POSITIVE_INFINITY,
      (p) => p.endsWith(".png"),
    );
    const binary = (p: string, header = `diff --git a/${p} b/${p}`) => [
      header,
      "new file mode 100644",
      `Binary files /dev/null and b/${p} differ`,
    ];
    parser.write(
      [
        ...binary("app.env"),
        ...binary("logo.png"),
        ...binary("my file and b/x.env"),
        ...binary("tab\tname.env", 'diff --git "a/tab\\tname.env" "b/tab\\tname.env"'),
        commitHeader("f".repeat(40), "commit"),
        "",
        ...binary("committed.env"),
        "",
      ].join("\n"),
    );
    parser.end();
    expect(parser.binaryPaths).toEqual(["app.env", "my file and b/x.env", "tab\tname.env"]);
    expect(parser.binaryFiles).toBe(5);
  });

  it("tells the lines a new version adds, each old line standing for one equal new line", () => {
    expect([...addedLines("", "a\nb")]).toEqual([1, 2]);
    expect([...addedLines("a\nb\nc", "a\nx\nc\ny")]).toEqual([2, 4]);
    expect([...addedLines("a\na", "a\nb\na\na")]).toEqual([2, 4]);
    expect([...addedLines("k=1\r\n", "k=1\r\nk=2\r\n")]).toEqual([2]);
    expect([...addedLines("same", "same")]).toEqual([]);
  });

  it("reads a diff header's path only when both sides name the same one", () => {
    expect(headerPath("a/x.env b/x.env")).toBe("x.env");
    expect(headerPath("a/a b/c b/a b/c")).toBe("a b/c");
    expect(headerPath('"a/q\\"t" "b/q\\"t"')).toBe('q"t');
    expect(headerPath("a/x.env b/y.env")).toBeNull();
    expect(headerPath("a/x b/xy")).toBeNull();
    expect(headerPath('"a/x" "b/y"')).toBeNull();
  });
});
