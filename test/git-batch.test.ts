import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type GitResult, runGit, runGitBatch, runSeparately } from "../src/sources/git.js";
import { commitAll, initRepo, tempDir, tempTree } from "./cli-helpers.js";

/** A result as compared: the exit code, both outputs and why git did not start. */
const shown = (r: GitResult) => ({
  code: r.code,
  stdout: r.stdout.toString("utf8"),
  stderr: r.stderr,
  spawnError: r.spawnError,
});

/** Commands with output, as a batch. */
const asBatch = (commands: readonly string[][]) => commands.map((args) => ({ args }));

describe("git commands run in one batch", () => {
  it("gives each command what it gives run on its own, in order, however many run together", async () => {
    const dir = tempTree({ "a.txt": "a\n", "it's here/b.txt": "b\n" });
    initRepo(dir);
    // More output than a pipe holds (64 KiB): every command's output is read as it comes.
    for (let i = 0; i < 3000; i++) {
      mkdirSync(join(dir, `folder-with-a-long-name-${i % 40}`), { recursive: true });
      writeFileSync(join(dir, `folder-with-a-long-name-${i % 40}`, `file-number-${i}.txt`), `${i}\n`);
    }
    commitAll(dir, "init");
    const commands: string[][] = [
      ["ls-files", "-z", "--cached"],
      ["rev-parse", "--show-toplevel", "--show-prefix"],
      ["cat-file", "-p", "no-such-object"], // fails, with a message on stderr
      ["ls-files", "-z", "--", "it's here"], // a quote in an argument
      ["check-ignore", "-q", "--", "a.txt"], // exit 1, no output
      ["log", "--format=%s"],
      ["ls-files", "--stage"],
    ];
    const alone = (await Promise.all(commands.map((c) => runGit(c, dir)))).map(shown);
    expect(alone[0]!.stdout.length).toBeGreaterThan(64 * 1024);
    expect(alone.map((r) => r.code)).toEqual([0, 0, 128, 0, 1, 0, 0]);
    expect(alone[2]!.stderr).toContain("no-such-object");
    for (let n = 1; n <= commands.length; n++) {
      const together = (await Promise.all(runGitBatch(asBatch(commands.slice(0, n)), dir))).map(shown);
      expect(together).toEqual(alone.slice(0, n));
    }
    // Quiet commands, wherever they stand, give their exit status alone; the others their output.
    for (const quiet of [[6], [4, 5, 6], [0, 2], [1, 3, 5], [0, 1, 2, 3]]) {
      const batch = commands.map((args, i) => ({ args, quiet: quiet.includes(i) }));
      const together = (await Promise.all(runGitBatch(batch, dir))).map(shown);
      expect(together).toEqual(
        alone.map((r, i) =>
          quiet.includes(i) ? { code: r.code, stdout: "", stderr: "", spawnError: undefined } : r,
        ),
      );
    }
  });

  it.each([
    ["in one shell", runGitBatch],
    ["one by one (no shell)", runSeparately],
  ])("skips a command whose gate succeeded, and runs it when the gate failed, %s", async (_, run) => {
    const dir = tempTree({ "a.txt": "a\n", ".gitignore": "build/\n", "build/out.txt": "o\n" });
    initRepo(dir);
    commitAll(dir, "init");
    for (const [path, ignored] of [
      ["build", true],
      [".", false],
    ] as const) {
      const runs = await Promise.all(
        run(
          [
            { args: ["rev-parse", "--show-prefix"] },
            { args: ["check-ignore", "-q", "--", path], quiet: true },
            { args: ["ls-files", "-z", "--", path], unlessOk: 1 },
            { args: ["rev-parse", "--is-bare-repository"], unlessOk: 0 },
            { args: ["rev-parse", "--show-toplevel"], quiet: true, unlessOk: 3 },
          ],
          dir,
        ),
      );
      expect(runs[1]!.code).toBe(ignored ? 0 : 1);
      if (ignored) expect(runs[2]).toMatchObject({ code: null, skipped: true, stderr: "" });
      else expect(runs[2]!.stdout.toString("utf8").split("\0")).toContain("a.txt");
      expect(runs[2]!.skipped === true).toBe(ignored);
      // The gate of the last succeeded: it never runs.
      expect(runs[3]).toMatchObject({ code: null, skipped: true });
      expect(runs[3]!.stdout.length).toBe(0);
      // Its gate was skipped, so was it.
      expect(runs[4]).toMatchObject({ code: null, skipped: true });
    }
  });

  it("refuses a gate run by another shell", () => {
    const batch = [["a"], ["b"], ["c"], ["d"]].map((args) => ({ args }));
    expect(() => runGitBatch([...batch, { args: ["e"], unlessOk: 0 }], ".")).toThrow(RangeError);
  });

  it("says git did not start for each command when there is no git", async () => {
    const dir = tempDir();
    const saved = process.env.PATH;
    try {
      process.env.PATH = tempDir(); // an empty folder: no git, and the shell's own path to /bin/sh
      const batch = asBatch([["status"], ["log"], ["ls-files"], ["rev-parse"]]);
      const runs = await Promise.all(runGitBatch(batch, dir));
      expect(runs.map((r) => [r.code, r.spawnError])).toEqual(
        Array.from({ length: 4 }, () => [null, "spawn git ENOENT"]),
      );
      expect((await runGit(["status"], dir)).spawnError).toBe("spawn git ENOENT");
    } finally {
      process.env.PATH = saved;
    }
  });
});
