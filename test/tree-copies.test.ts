/**
 * A full scan's history takes the tree's findings for a file a commit added whole with the content the
 * working tree has (tree-copies.ts): the same report as a scan that reads every commit's lines.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandFakes } from "../src/rules/examples.js";
import { type AddedBlock, DiffParser, newBlobOf } from "../src/sources/diff.js";
import { BLOB_ID_MAX, decode, withBlobId } from "../src/sources/read.js";
import { deepHistory } from "../src/threads.js";
import { cli, commitAll, initRepo, tempDir } from "./cli-helpers.js";
import { commitHeader } from "./helpers.js";

const ZERO = "0".repeat(40);

describe("DiffParser's mirror test", () => {
  it("is asked of files a commit adds, by blob id, and reads past the lines of those it takes", () => {
    const blob = (c: string) => c.repeat(40);
    const text = [
      commitHeader("a".repeat(40)),
      "",
      "diff --git a/kept.py b/kept.py",
      "new file mode 100644",
      `index ${ZERO}..${blob("1")}`,
      "--- /dev/null",
      "+++ b/kept.py",
      "@@ -0,0 +1,2 @@",
      '+TOKEN = "x"',
      "+print(1)",
      "diff --git a/other.py b/other.py",
      "new file mode 100644",
      `index ${ZERO}..${blob("2")}`,
      "--- /dev/null",
      "+++ b/other.py",
      "@@ -0,0 +1 @@",
      "+other = 1",
      // An edit, an abbreviated id and a binary file are never asked about.
      "diff --git a/edited.py b/edited.py",
      `index ${blob("3")}..${blob("4")} 100644`,
      "--- a/edited.py",
      "+++ b/edited.py",
      "@@ -1 +1 @@",
      "-a = 1",
      "+a = 2",
      "diff --git a/short.py b/short.py",
      "new file mode 100644",
      "index 0000000..5555555",
      "--- /dev/null",
      "+++ b/short.py",
      "@@ -0,0 +1 @@",
      "+s = 1",
      "diff --git a/img.png b/img.png",
      "new file mode 100644",
      `index ${ZERO}..${blob("6")}`,
      "Binary files /dev/null and b/img.png differ",
      "",
    ].join("\n");
    const asked: string[] = [];
    const blocks: AddedBlock[] = [];
    const parser = new DiffParser(
      (b) => blocks.push(b),
      undefined,
      undefined,
      (path, id) => {
        asked.push(`${path} ${id}`);
        return path === "kept.py";
      },
    );
    parser.write(text);
    parser.end();
    expect(asked).toEqual([`kept.py ${blob("1")}`, `other.py ${blob("2")}`]);
    expect(blocks.map((b) => [b.path, b.text, b.lines, b.mirror])).toEqual([
      ["kept.py", "", [], true],
      ["other.py", "other = 1", [1], undefined],
      ["edited.py", "a = 2", [1], undefined],
      ["short.py", "s = 1", [1], undefined],
    ]);
    expect(newBlobOf(`index ${ZERO}..${"a".repeat(64)}`)).toBe("a".repeat(64));
    expect(newBlobOf(`index ${ZERO}..${"a".repeat(40)} 100644`)).toBeNull();
  });
});

describe("blob ids of files read", () => {
  it("are git's for plain text, and absent where the text is not the bytes as git shows them", () => {
    const dir = tempDir();
    const cases: [string, Buffer, boolean][] = [
      ["ascii.txt", Buffer.from("plain = 1\n"), true],
      ["utf8.txt", Buffer.from("naïve = 'é'\r\nlast line"), true],
      ["empty.txt", Buffer.alloc(0), true],
      ["bom.txt", Buffer.from("\ufeffa = 1\n"), false],
      ["latin1.txt", Buffer.from([0x61, 0x3d, 0xe9, 0x0a]), false],
      ["utf16.txt", Buffer.from("\ufeffa = 1\n", "utf16le"), false],
      ["large.txt", Buffer.alloc(BLOB_ID_MAX + 1, 0x61), false],
    ];
    for (const [name, bytes, plain] of cases) {
      writeFileSync(join(dir, name), bytes);
      const r = withBlobId(decode(bytes, name), bytes);
      const id = r.ok ? r.blob : undefined;
      if (plain)
        expect(id, name).toBe(
          execFileSync("git", ["hash-object", join(dir, name)])
            .toString()
            .trim(),
        );
      else expect(id, name).toBeUndefined();
    }
  });
});

describe("a full scan's history", () => {
  /** A repository with files added whole and kept, edited, deleted and added again, of every kind. */
  function repo(): { dir: string; first: string } {
    const dir = tempDir();
    initRepo(dir);
    const secret = (k: string) => expandFakes("{{fake:gsk_:alnum:52}}", `copies:${k}`);
    const write = (path: string, content: string | Buffer) => {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), content);
    };
    write("src/app.py", `KEY = "${secret("app")}"\nprint(KEY)\n`);
    write("src/allowed.py", `KEY = "${secret("allowed")}"  # agent-secrets:allow\n`);
    write("src/crlf.ts", `export const key = "${secret("crlf")}";\r\nexport const n = 1;\r\n`);
    write("src/last.py", `x = 1\nKEY = "${secret("last")}"`);
    write("src/edited.py", `KEY = "${secret("edited-1")}"\n`);
    write("config.json", `{"apiKey": "${secret("json")}"}\n`);
    write("bom.py", `\ufeffKEY = "${secret("bom")}"\n`);
    write("latin.py", Buffer.from(`# caf\xe9\nKEY = "${secret("latin")}"\n`, "latin1"));
    write("again.py", `KEY = "${secret("again")}"\n`);
    const first = commitAll(dir, "add everything");
    write("src/edited.py", `KEY = "${secret("edited-1")}"\nOTHER = "${secret("edited-2")}"\n`);
    rmSync(join(dir, "again.py"));
    commitAll(dir, "edit one, delete one");
    write("again.py", `KEY = "${secret("again")}"\n`);
    commitAll(dir, "add it again");
    return { dir, first };
  }

  it("reports what reading every commit's lines reports", () => {
    const { dir, first } = repo();
    const run = (args: string[], env: NodeJS.ProcessEnv) => {
      const rep = JSON.parse(cli(["scan", ...args, "-f", "json"], process.cwd(), env).stdout);
      rep.stats.durationMs = 0;
      return rep;
    };
    // Through the pump thread (the tree's copies are kept), read on the main thread, and with
    // detection workers (neither keeps copies).
    const deep = { AGENT_SECRETS_PUMP: "1", AGENT_SECRETS_DEEP: "1" };
    for (const args of [[dir], [join(dir, "src")]]) {
      const copies = run(args, deep);
      expect(run(args, { AGENT_SECRETS_PUMP: "0" })).toEqual(copies);
      expect(run([...args, "--threads", "3"], {})).toEqual(copies);
      expect(copies.stats.suppressed).toBeGreaterThan(0);
    }
    // A history that is not deep (one commit of the tree, say) keeps copies on a tree not scanned alone.
    expect(run([dir], { AGENT_SECRETS_PUMP: "1", AGENT_SECRETS_DEEP: "0" })).toEqual(run([dir], deep));
    const rep = run([dir], deep);
    const inHistory = (path: string) =>
      rep.findings
        .filter((f: { exposure: string; path: string }) => f.exposure === "history" && f.path === path)
        .map((f: { commit: { sha: string }; line: number }) => [f.commit.sha, f.line]);
    expect(inHistory("src/app.py")).toEqual([[first, 1]]);
    expect(inHistory("src/crlf.ts")).toEqual([[first, 1]]);
    expect(inHistory("src/last.py")).toEqual([[first, 2]]);
    expect(inHistory("src/edited.py")).toHaveLength(2);
    expect(inHistory("again.py")).toEqual([[first, 1]]);
    expect(inHistory("config.json")).toHaveLength(1);
  });

  it("reports the same when the tree's reading thread made the blob ids", () => {
    const { dir, first } = repo();
    // Enough files for a reading thread (threads.ts PARALLEL_MIN_FILES), committed once.
    for (let i = 0; i < 420; i++) {
      mkdirSync(join(dir, `pkg${i % 7}`), { recursive: true });
      writeFileSync(join(dir, `pkg${i % 7}`, `m${i}.py`), `def f${i}():\n    return ${i}\n`);
    }
    commitAll(dir, "add modules");
    const run = (env: NodeJS.ProcessEnv) => {
      const rep = JSON.parse(cli(["scan", dir, "-f", "json"], process.cwd(), env).stdout);
      rep.stats.durationMs = 0;
      return rep;
    };
    const copies = run({ AGENT_SECRETS_PUMP: "1", AGENT_SECRETS_DEEP: "0", AGENT_SECRETS_READER: "1" });
    expect(run({ AGENT_SECRETS_PUMP: "0" })).toEqual(copies);
    expect(copies.stats.files).toBeGreaterThan(420);
    const app = copies.findings.filter(
      (f: { exposure: string; path: string }) => f.exposure === "history" && f.path === "src/app.py",
    );
    expect(app.map((f: { commit: { sha: string } }) => f.commit.sha)).toEqual([first]);
  });
});

describe("deepHistory", () => {
  it("tells many commits from one import of the tree, packed or loose", () => {
    const dir = tempDir();
    initRepo(dir);
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, `f${i}.txt`), `file ${i}\n`);
    commitAll(dir, "import");
    const gitDir = join(dir, ".git");
    expect(deepHistory(gitDir)).toBe(false);
    for (let c = 0; c < 40; c++) {
      writeFileSync(join(dir, `f${c % 30}.txt`), `file ${c % 30}, edit ${c}\n`);
      commitAll(dir, `edit ${c}`);
    }
    expect(deepHistory(gitDir)).toBe(true);
    execFileSync("git", ["-C", dir, "gc", "-q"]);
    expect(deepHistory(gitDir)).toBe(true);
    expect(deepHistory(join(dir, "no-such-git-dir"))).toBe(false);
  });
});
