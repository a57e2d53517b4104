/** `npm run bench` checks its arguments before it generates or times anything. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bench = fileURLToPath(new URL("../bench/run.js", import.meta.url));

describe("bench arguments", () => {
  it("stops at once, with exit 2 and the folder's name, when a repository argument is no folder", () => {
    const r = spawnSync(process.execPath, [bench, "--repos-only", "/nonexistent/agent-secrets-repo"], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("/nonexistent/agent-secrets-repo: no such folder");
    expect(r.stdout).toBe("");
  });

  it("asks for a repository when --repos-only has none", () => {
    const r = spawnSync(process.execPath, [bench, "--repos-only"], { encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--repos-only needs at least one repository");
  });
});

describe("bench floors", () => {
  it("runs git's floor on a folder whose name holds shell syntax, as a name", async () => {
    const { gitLogFloor } = await import("../bench/floors.js");
    const base = mkdtempSync(join(tmpdir(), "as-floor-"));
    try {
      const marker = join(base, "ran");
      // Run from `base`: were the name read as shell text, `touch` would make `base/ran`.
      const dir = join(base, `repo $(touch ran) "q'`);
      mkdirSync(dir);
      const git = (...args: string[]) => spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" });
      const id = ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"];
      expect(git("init", "-q").status).toBe(0);
      writeFileSync(join(dir, "a.txt"), "one\n");
      expect(git("add", "-A").status).toBe(0);
      expect(git(...id, "commit", "-qm", "a").status).toBe(0);
      const [cmd, argv] = gitLogFloor(dir) as [string, string[]];
      const r = spawnSync(cmd, argv, { encoding: "utf8", cwd: base });
      expect(r.status).toBe(0);
      expect(existsSync(marker)).toBe(false);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it("times git's floor a second time as the scan runs its own git, where the scan sets glibc's malloc", async () => {
    const { gitLogFloor, gitLogFloorAsScanned } = await import("../bench/floors.js");
    const { GIT_MALLOC } = await import("../src/sources/git.js");
    const second = gitLogFloorAsScanned("/some/repo") as
      | [string, string[], { env: NodeJS.ProcessEnv }]
      | undefined;
    if (process.platform !== "linux") {
      expect(second).toBeUndefined();
      return;
    }
    expect(second!.slice(0, 2)).toEqual(gitLogFloor("/some/repo"));
    expect(second![2].env.GLIBC_TUNABLES?.startsWith(GIT_MALLOC)).toBe(true);
    expect(second![2].env.PATH).toBe(process.env.PATH);
  });

  it("counts the git-ignored files a peer's folder scan reads and the floor leaves out", async () => {
    const { ignoredFiles } = await import("../bench/floors.js");
    const base = mkdtempSync(join(tmpdir(), "as-ignored-"));
    try {
      const dir = join(base, "repo");
      mkdirSync(join(dir, "node_modules", "pkg"), { recursive: true });
      const git = (...args: string[]) => spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" });
      expect(git("init", "-q").status).toBe(0);
      writeFileSync(join(dir, ".gitignore"), "node_modules/\n*.log\n");
      writeFileSync(join(dir, "a.js"), "tracked\n");
      writeFileSync(join(dir, "b.js"), "untracked, not ignored\n");
      writeFileSync(join(dir, "node_modules", "pkg", "index.js"), "0123456789");
      writeFileSync(join(dir, "debug.log"), "12345");
      expect(git("add", ".gitignore", "a.js").status).toBe(0);
      expect(ignoredFiles(dir)).toEqual({ files: 2, bytes: 15 });
      // A folder inside the repository: the floor walks it whole, ignored files and all, as the peers do.
      expect(ignoredFiles(join(dir, "node_modules"))).toEqual({ files: 0, bytes: 0 });
      rmSync(join(dir, "node_modules"), { recursive: true });
      rmSync(join(dir, "debug.log"));
      expect(ignoredFiles(dir)).toEqual({ files: 0, bytes: 0 });
      // A folder outside any work tree: nothing git ignores (the floor walks it whole, as the peers do).
      const plain = join(base, "plain");
      mkdirSync(plain);
      writeFileSync(join(plain, "x.log"), "x");
      expect(ignoredFiles(plain)).toEqual({ files: 0, bytes: 0 });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
