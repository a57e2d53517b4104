import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type GitResult, runGit, runGitBatch } from "../src/sources/git.js";
import { commitAll, initRepo, tempDir, tempTree } from "./cli-helpers.js";

/** A result as compared: the exit code, both outputs and why git did not start. */
const shown = (r: GitResult) => ({
  code: r.code,
  stdout: r.stdout.toString("utf8"),
  stderr: r.stderr,
  spawnError: r.spawnError,
});

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
      const together = (await Promise.all(runGitBatch(commands.slice(0, n), dir))).map(shown);
      expect(together).toEqual(alone.slice(0, n));
    }
    // The last `quiet` commands give their exit status alone.
    for (let quiet = 1; quiet <= 4; quiet++) {
      const together = (await Promise.all(runGitBatch(commands, dir, quiet))).map(shown);
      const loud = commands.length - quiet;
      expect(together).toEqual(
        alone.map((r, i) => (i < loud ? r : { code: r.code, stdout: "", stderr: "", spawnError: undefined })),
      );
    }
  });

  it("says git did not start for each command when there is no git", async () => {
    const dir = tempDir();
    const saved = process.env.PATH;
    try {
      process.env.PATH = tempDir(); // an empty folder: no git, and the shell's own path to /bin/sh
      const runs = await Promise.all(runGitBatch([["status"], ["log"], ["ls-files"], ["rev-parse"]], dir));
      expect(runs.map((r) => [r.code, r.spawnError])).toEqual(
        Array.from({ length: 4 }, () => [null, "spawn git ENOENT"]),
      );
      expect((await runGit(["status"], dir)).spawnError).toBe("spawn git ENOENT");
    } finally {
      process.env.PATH = saved;
    }
  });
});
