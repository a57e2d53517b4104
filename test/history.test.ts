import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { earlyStaged } from "../src/head-start.js";
import { expandFakes } from "../src/rules/examples.js";
import { streamHistory } from "../src/sources/history.js";
import type { EarlyRun } from "../src/sources/history-command.js";
import { MAX_CHANGED } from "../src/sources/shallow.js";
import { smallHistory } from "../src/threads.js";
import {
  BIN,
  cli,
  commitAll,
  git,
  initRepo,
  loggingGit,
  reportOf,
  tempDir,
  tempTree,
} from "./cli-helpers.js";

interface JF {
  ruleId: string;
  secret: string;
  secretId: string;
  path: string;
  line: number;
  exposure: string;
  keyPath: string | null;
  server: string | null;
  commit: { sha: string; message: string } | null;
  introducedIn: { sha: string } | null;
}

function scanJson(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): {
  code: number | null;
  findings: JF[];
  groups: unknown[];
  diagnostics: { code: string; detail: string }[];
  stats: { commits: number };
} {
  const r = cli(["scan", ...args, "-f", "json", "--show-secrets"], process.cwd(), env);
  const rep = reportOf(r);
  return { code: r.code, ...rep };
}

const fake = (t: string, salt: string) => expandFakes(t, salt);

describe("git history", () => {
  const A = fake("{{fake:gsk_:alnum:52}}", "A");
  const B = fake("{{fake:xai-:alnum:80}}", "B");
  const C = fake("{{fake:ghp_:alnum:36:crc32}}", "C");
  const dir = tempTree({ "README.md": "# demo\n" });
  initRepo(dir);
  const c0 = commitAll(dir, "init");
  writeFileSync(join(dir, "config.js"), `const groq = "${A}";\n`);
  const c1 = commitAll(dir, "add groq key");
  writeFileSync(join(dir, "config.js"), "const groq = process.env.GROQ_API_KEY;\n");
  commitAll(dir, "use env var");
  git(dir, "checkout", "-q", "-b", "side");
  writeFileSync(join(dir, "side.py"), `XAI_API_KEY = "${B}"\n`);
  const c3 = commitAll(dir, "side branch key");
  git(dir, "checkout", "-q", "main");
  writeFileSync(
    join(dir, ".mcp.json"),
    `{\n  "mcpServers": {\n    "github": { "command": "npx", "env": { "GITHUB_TOKEN": "${C}" } }\n  }\n}\n`,
  );
  const c4 = commitAll(dir, "add github mcp");
  git(dir, "checkout", "-q", "-b", "feature");
  writeFileSync(join(dir, "docs.md"), "docs\n");
  commitAll(dir, "docs");
  git(dir, "checkout", "-q", "main");
  git(dir, "merge", "-q", "--no-ff", "feature", "-m", "merge feature");
  // Re-add the same secret to the same file in a later commit: still one leak.
  writeFileSync(join(dir, "config.js"), `const groq = "${A}"; // again\n`);
  commitAll(dir, "oops again");
  writeFileSync(join(dir, "config.js"), "const groq = process.env.GROQ_API_KEY;\n");
  commitAll(dir, "fix again");

  it("finds every secret once, with the commit that introduced it", () => {
    const rep = scanJson([dir]);
    expect(rep.code).toBe(1);
    const bySecret = (s: string) => rep.findings.filter((f) => f.secret === s);
    const a = bySecret(A);
    expect(a, JSON.stringify(a.map((f) => [f.ruleId, f.path, f.exposure, f.line]))).toHaveLength(1);
    expect(a[0]).toMatchObject({ exposure: "history", path: "config.js", line: 1 });
    expect(a[0]!.commit!.sha).toBe(c1);
    const b = bySecret(B);
    expect(b).toHaveLength(1);
    expect(b[0]!.commit!.sha).toBe(c3);
    const c = bySecret(C);
    expect(c.map((f) => f.exposure).sort()).toEqual(["history", "tracked"]);
    const tree = c.find((f) => f.exposure !== "history")!;
    const hist = c.find((f) => f.exposure === "history")!;
    expect(tree.exposure).toBe("tracked");
    expect(tree.introducedIn!.sha).toBe(c4);
    expect(hist.commit!.sha).toBe(c4);
    // Structured context survives in history (the file is re-read at that commit).
    expect(hist.keyPath).toBe("mcpServers.github.env.GITHUB_TOKEN");
    expect(hist.server).toBe("github");
    expect(hist.line).toBe(3);
    expect(rep.groups).toHaveLength(3);
    expect(rep.stats.commits).toBeGreaterThanOrEqual(6);
    expect(c0).toMatch(/^[0-9a-f]{40}$/);
  });

  it("says plainly when a secret lives only in history", () => {
    const r = cli(["scan", dir]);
    expect(r.stdout, `exit ${r.code}, stderr: ${r.stderr.slice(-1500)}`).toContain("only in git history");
    expect(r.stdout).toContain("Deleting it from the files did not make it safe");
  });

  it("--no-history scans the tree only", () => {
    const rep = scanJson([dir, "--no-history"]);
    expect(rep.findings.map((f) => f.secret)).toEqual([C]);
  });

  it("--range / --since scan only those commits", () => {
    const rep = scanJson([dir, "--range", `${c3}..${c4}`]);
    expect(rep.findings.map((f) => f.secret)).toEqual([C]);
    const since = scanJson([dir, "--since", c4]);
    expect(since.findings.map((f) => f.secret)).toEqual([A]);
  });

  it("fails (exit 2) when the commits asked for cannot be scanned, and says why", () => {
    const bad = cli(["scan", dir, "--since", "no-such-ref"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toMatch(/git log failed: .*no-such-ref/);
    const plain = tempTree({ "a.txt": "hello\n" });
    const staged = cli(["scan", plain, "--staged"]);
    expect(staged.code).toBe(2);
    expect(staged.stdout + staged.stderr).toMatch(/--staged needs a git repository/);
    // Findings still make exit 1 when the selection itself was fine.
    expect(cli(["scan", dir, "--since", c0]).code).toBe(1);
  });

  it("--staged scans only staged additions", () => {
    const d = tempTree({ "README.md": "# x\n" });
    initRepo(d);
    commitAll(d, "init");
    writeFileSync(join(d, "new.env"), `GROQ_API_KEY=${A}\n`);
    writeFileSync(join(d, "unstaged.env"), `XAI_API_KEY=${B}\n`);
    git(d, "add", "new.env");
    const rep = scanJson([d, "--staged"]);
    expect(rep.code).toBe(1);
    expect(rep.findings.map((f) => [f.secret, f.path, f.line])).toEqual([[A, "new.env", 1]]);
  });

  it("--staged at a repository's top runs its diff once, started early; elsewhere as the repository says", () => {
    const { env, runs } = loggingGit();
    const diffs = () =>
      runs()
        .filter((l) => / diff --cached /.test(l))
        .map((l) => (l.includes("--relative") ? "relative" : "top"));
    const d = tempTree({ "README.md": "# x\n", "sub/keep.txt": "x\n" });
    initRepo(d);
    commitAll(d, "init");
    writeFileSync(join(d, "sub", "new.env"), `GROQ_API_KEY=${A}\n`);
    git(d, "add", "sub/new.env");
    const top = scanJson([d, "--staged"], env);
    expect(top.findings.map((f) => [f.secret, f.path, f.line])).toEqual([[A, "sub/new.env", 1]]);
    expect(diffs()).toEqual(["top"]);
    const sub = scanJson([join(d, "sub"), "--staged"], env);
    expect(sub.findings.map((f) => [f.secret, f.path, f.line])).toEqual([[A, "new.env", 1]]);
    expect(diffs()).toEqual(["relative"]);
    // A folder with a `.git` folder git does not take for a repository (so the repository is the one
    // above): the early diff is not the scan's, which runs its own and finds the same.
    mkdirSync(join(d, "sub", ".git"));
    const odd = scanJson([join(d, "sub"), "--staged"], env);
    expect(odd.findings.map((f) => [f.secret, f.path, f.line])).toEqual([[A, "new.env", 1]]);
    expect(diffs()).toEqual(["top", "relative"]);
  });

  it("blocks a commit from git's own pre-commit hook, whose index git names relative to the top", () => {
    const d = tempTree({ "README.md": "# x\n" });
    initRepo(d);
    commitAll(d, "init");
    const hook = join(d, ".git", "hooks", "pre-commit");
    writeFileSync(hook, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' scan . --staged -q\n`);
    chmodSync(hook, 0o755);
    writeFileSync(join(d, "leak.env"), `GROQ_API_KEY=${A}\n`);
    writeFileSync(join(d, "notes.txt"), "nothing\n");
    git(d, "add", "leak.env", "notes.txt");
    const commit = (...args: string[]) =>
      spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", ...args], {
        cwd: d,
        encoding: "utf8",
      });
    const head = git(d, "rev-parse", "HEAD");
    const all = commit("-m", "both");
    expect(all.status, all.stdout + all.stderr).toBe(1);
    expect(all.stderr).toContain("leak.env"); // git hands a hook's output to its stderr
    expect(git(d, "rev-parse", "HEAD")).toBe(head);
    // A partial commit (git's temporary index): only what it takes is scanned.
    expect(commit("-m", "notes only", "notes.txt").status).toBe(0);
    expect(commit("-m", "the key", "leak.env").status).toBe(1);
    // The same variable as git sets it, by hand: the staged diff is read from that index.
    const r = cli(["scan", ".", "--staged", "-q"], d, { GIT_INDEX_FILE: ".git/index" });
    expect([r.code, r.stdout.includes("leak.env")]).toEqual([1, true]);
  });

  it("holds an early staged diff up to its bound, and past it reads git's own as it comes", async () => {
    const d = tempTree({ "README.md": "# x\n" });
    initRepo(d);
    commitAll(d, "init");
    writeFileSync(join(d, "big.txt"), `${"filler line\n".repeat(2000)}GROQ_API_KEY=${A}\n`);
    git(d, "add", "big.txt");
    const place = { gitDir: join(d, ".git"), prefix: "", excludes: [] };
    const added = async (early?: EarlyRun) => {
      const blocks: string[] = [];
      await streamHistory(
        d,
        { kind: "staged" },
        place,
        (b) => blocks.push(`${b.path}:${b.text.length}`),
        () => undefined,
        early,
      );
      return blocks;
    };
    const want = await added();
    expect(want).toEqual([`big.txt:${"filler line\n".repeat(2000).length + `GROQ_API_KEY=${A}`.length}`]);
    const held = earlyStaged(d)!;
    expect((await held.result).stdout.toString()).toContain(`+GROQ_API_KEY=${A}`);
    expect(await added(held)).toEqual(want);
    // Over its bound (1 KiB here) git is stopped; the scan's own diff gives the same blocks.
    const over = earlyStaged(d, 1024)!;
    expect((await over.result).spawnError).toMatch(/over 1024 bytes/);
    expect(await added(over)).toEqual(want);
  });

  it("leaves out added lines over --max-file-size, says so, and still scans the lines around them", () => {
    const d = tempTree({ "README.md": "# x\n" });
    initRepo(d);
    commitAll(d, "init");
    writeFileSync(join(d, "bundle.min.js"), `var a="${"q".repeat(5000)}";\nvar k="${C}";\n`);
    const sha = commitAll(d, "minified");
    for (const extra of [[], ["--staged"]]) {
      if (extra.length) {
        writeFileSync(join(d, "next.min.js"), `var b="${"r".repeat(5000)}";\nvar k="${C}";\n`);
        git(d, "add", "next.min.js");
      }
      const rep = scanJson([d, "--max-file-size", "4KiB", ...extra]);
      const path = extra.length ? "next.min.js" : "bundle.min.js";
      expect(rep.findings.find((f) => f.path === path)).toMatchObject({ secret: C, line: 2 });
      const note = rep.diagnostics.find((x) => x.code === "too-large" && x.detail.startsWith("line 1 "));
      expect(note?.detail).toContain("5009 characters, over the 4096-byte limit");
      expect(note?.detail).toContain(
        extra.length ? "line 1 staged is" : `added in commit ${sha.slice(0, 12)}`,
      );
    }
  });

  it("scans a sub-folder's own history, the same with a pump thread and with detection workers", () => {
    const d = tempTree({ "README.md": "# mono\n" });
    initRepo(d);
    commitAll(d, "init");
    writeFileSync(join(d, "top.js"), `const groq = "${A}";\n`);
    commitAll(d, "top-level key");
    git(d, "mv", "top.js", "moved.js");
    commitAll(d, "move");
    const pkg = join(d, "packages", "api");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, "index.py"), `XAI_API_KEY = "${B}"\n`);
    commitAll(d, "api key");
    writeFileSync(join(pkg, "index.py"), "XAI_API_KEY = os.environ['XAI_API_KEY']\n");
    commitAll(d, "use env");
    const run = (threads: string) =>
      scanJson([pkg, "--threads", threads]).findings.map((f) => [
        f.secret,
        f.path,
        f.exposure,
        f.commit?.message,
      ]);
    const one = run("1");
    // Only the folder's history, with paths relative to it; the top-level key is not in this folder.
    expect(one).toEqual([[B, "index.py", "history", "api key"]]);
    expect(run("3")).toEqual(one);
  });

  it("re-reads a sub-folder's structured files at their commits, as at the top", () => {
    const d = tempTree({ "README.md": "# mono\n" });
    initRepo(d);
    commitAll(d, "init");
    const pkg = join(d, "packages", "agent");
    mkdirSync(pkg, { recursive: true });
    const mcp = `{\n  "mcpServers": {\n    "github": { "command": "npx", "env": { "GITHUB_TOKEN": "${C}" } }\n  }\n}\n`;
    writeFileSync(join(pkg, ".mcp.json"), mcp);
    commitAll(d, "add mcp");
    writeFileSync(join(pkg, ".mcp.json"), mcp.replace(C, "${GITHUB_TOKEN}"));
    commitAll(d, "use env");
    const [hist] = scanJson([pkg]).findings.filter((f) => f.exposure === "history");
    expect(hist).toMatchObject({ path: ".mcp.json", secret: C, line: 3, server: "github" });
    expect(hist!.keyPath).toBe("mcpServers.github.env.GITHUB_TOKEN");
  });

  it("finds a secret a merged side branch added and removed in a sub-folder", () => {
    // git's default history simplification (with the sub-folder's pathspec) follows only the parent
    // a merge leaves the folder as it was, and would drop the side branch's commits.
    const d = tempTree({ "packages/api/a.txt": "a\n" });
    initRepo(d);
    commitAll(d, "init");
    git(d, "checkout", "-q", "-b", "side");
    writeFileSync(join(d, "packages", "api", "x.py"), `XAI_API_KEY = "${B}"\n`);
    commitAll(d, "side key");
    git(d, "rm", "-q", join("packages", "api", "x.py"));
    commitAll(d, "drop key");
    git(d, "checkout", "-q", "main");
    writeFileSync(join(d, "other.txt"), "b\n");
    commitAll(d, "other");
    git(d, "merge", "-q", "--no-ff", "side", "-m", "merge side");
    git(d, "branch", "-q", "-D", "side");
    for (const threads of ["1", "3"]) {
      const rep = scanJson([join(d, "packages", "api"), "--threads", threads]);
      expect(rep.findings.map((f) => [f.secret, f.path, f.commit?.message])).toEqual([
        [B, "x.py", "side key"],
      ]);
    }
  });

  it("passes over excluded paths' added lines: never scanned, counted or noted", () => {
    const d = tempTree({ "README.md": "# x\n" });
    initRepo(d);
    commitAll(d, "init");
    // A lockfile (excluded by the rule set) and a configured exclude, each with a secret and a line
    // over the size limit, beside a file that is scanned.
    const over = `"${"q".repeat(5000)}"`;
    writeFileSync(join(d, "package-lock.json"), `{\n"token": "${A}",\n"x": ${over}\n}\n`);
    mkdirSync(join(d, "vendor"));
    writeFileSync(join(d, "vendor", "lib.js"), `var k = "${C}";\nvar q = ${over};\n`);
    writeFileSync(join(d, "app.py"), `XAI_API_KEY = "${B}"\n`);
    writeFileSync(join(d, ".agent-secrets.yaml"), "exclude:\n  - vendor/**\n");
    commitAll(d, "add");
    git(d, "rm", "-q", "--cached", "package-lock.json", "vendor/lib.js", "app.py");
    commitAll(d, "untrack");
    rmSync(join(d, "package-lock.json"));
    rmSync(join(d, "vendor"), { recursive: true });
    rmSync(join(d, "app.py"));
    const rep = scanJson([d, "--max-file-size", "4KiB"]) as ReturnType<typeof scanJson> & {
      stats: { bytes: number };
    };
    expect(rep.findings.map((f) => [f.secret, f.path])).toEqual([[B, "app.py"]]);
    expect(rep.diagnostics.filter((x) => x.code === "too-large")).toEqual([]);
    // Only scanned text counts: the added lines of app.py, .agent-secrets.yaml and README.md, and
    // the last two as files of the working tree.
    const added = [`XAI_API_KEY = "${B}"`, "exclude:\n  - vendor/**", "# x"];
    const tree = ["exclude:\n  - vendor/**\n", "# x\n"];
    expect(rep.stats.bytes).toBe([...added, ...tree].reduce((n, t) => n + t.length, 0));
  });

  it("finds history secrets in files the repository's, the user's or git's attributes call binary", () => {
    const d = tempTree({ "README.md": "# x\n" });
    initRepo(d);
    commitAll(d, "init");
    writeFileSync(join(d, "app.env"), `XAI_API_KEY=${B}\n`);
    writeFileSync(join(d, "config.py"), `GROQ = "${A}"\n`);
    commitAll(d, "keys");
    writeFileSync(join(d, "app.env"), "XAI_API_KEY=\n");
    writeFileSync(join(d, "config.py"), "GROQ = None\n");
    writeFileSync(join(d, ".gitattributes"), "*.env -diff\n");
    commitAll(d, "hide");
    // A user-level attributes file ($XDG_CONFIG_HOME/git/attributes) marks Python binary too.
    const xdg = tempDir();
    mkdirSync(join(xdg, "git"));
    writeFileSync(join(xdg, "git", "attributes"), "*.py binary\n");
    // Staged: a new key in a file the attributes call binary.
    writeFileSync(join(d, "next.env"), `GITHUB_TOKEN=${C}\n`);
    git(d, "add", "next.env");
    const env = { XDG_CONFIG_HOME: xdg };
    for (const threads of ["1", "3"]) {
      const rep = scanJson([d, "--threads", threads], env);
      const history = rep.findings.filter((f) => f.exposure === "history");
      expect(history.map((f) => [f.path, f.secret]).sort()).toEqual([
        ["app.env", B],
        ["config.py", A],
      ]);
    }
    expect(scanJson([d, "--staged"], env).findings.map((f) => f.secret)).toEqual([C]);
  });

  it("reports a staged file the attributes call binary by the lines the change adds", () => {
    const d = tempTree({ ".gitattributes": "*.env -diff\n", "app.env": `XAI_API_KEY=${B}\nPORT=1\n` });
    initRepo(d);
    commitAll(d, "init");
    writeFileSync(join(d, "app.env"), `XAI_API_KEY=${B}\nGITHUB_TOKEN=${C}\nPORT=1\n`);
    git(d, "add", "app.env");
    const rep = scanJson([d, "--staged"]);
    expect(rep.findings.map((f) => [f.path, f.line, f.secret])).toEqual([["app.env", 2, C]]);
  });

  it("reads history and staged diffs the same whatever the user's git config says of diffs", () => {
    // A key in the root commit, removed since: only the root commit's diff shows it.
    const d = tempTree({ "README.md": `# x\ntoken: ${C}\n` });
    initRepo(d);
    commitAll(d, "init");
    writeFileSync(join(d, "README.md"), "# x\n");
    commitAll(d, "drop");
    mkdirSync(join(d, "b"));
    writeFileSync(join(d, "b", "app.py"), `XAI_API_KEY = "${B}"\n`);
    commitAll(d, "clé ajoutée");
    writeFileSync(join(d, "next.py"), `GROQ = "${A}"\n`);
    git(d, "add", "next.py");
    for (const setting of ["mnemonicPrefix = true", "noprefix = true"]) {
      const global = join(tempDir(), "gitconfig");
      writeFileSync(
        global,
        `[diff]\n\t${setting}\n[log]\n\tshowSignature = true\n\tshowRoot = false\n[i18n]\n\tlogOutputEncoding = ISO-8859-1\n`,
      );
      const env = { GIT_CONFIG_GLOBAL: global };
      const found = scanJson([d], env).findings.map((f) => `${f.path} ${f.exposure}`);
      expect(found.sort()).toEqual([
        "README.md history",
        "b/app.py history",
        "b/app.py tracked",
        "next.py tracked",
      ]);
      const full = scanJson([d, "--since", "HEAD~1"], env).findings;
      expect(full.map((f) => [f.path, f.secret, f.commit?.message])).toEqual([
        ["b/app.py", B, "clé ajoutée"],
      ]);
      const staged = scanJson([d, "--staged"], env).findings;
      expect(staged.map((f) => [f.path, f.secret])).toEqual([["next.py", A]]);
    }
  });

  it("reports a file moved unchanged where its secret was added, once; a moved and edited file whole", () => {
    const d = tempTree({ "README.md": "# moves\n" });
    initRepo(d);
    commitAll(d, "init");
    writeFileSync(join(d, "a.js"), `const groq = "${A}";\n`);
    writeFileSync(join(d, "e.py"), `XAI_API_KEY = "${B}"\nPORT = 1\n`);
    writeFileSync(join(d, "gone.txt"), `token: ${C}\n`);
    const added = commitAll(d, "add keys");
    git(d, "mv", "a.js", "b.js");
    git(d, "mv", "e.py", "f.py");
    writeFileSync(join(d, "f.py"), `XAI_API_KEY = "${B}"\nPORT = 2\n`);
    // A deleted file shows its header only: the file after it in the same commit is read as before.
    git(d, "rm", "-q", "gone.txt");
    writeFileSync(join(d, "z.txt"), `# other\ntoken: ${C}\n`);
    const moved = commitAll(d, "move, edit, delete");
    // A user's copy detection does not hide a copy's lines.
    const global = join(tempDir(), "gitconfig");
    writeFileSync(global, "[diff]\n\trenames = copies\n");
    for (const env of [{}, { GIT_CONFIG_GLOBAL: global }]) {
      for (const threads of ["1", "3"]) {
        const rep = scanJson([d, "--threads", threads], env);
        const history = rep.findings
          .filter((f) => f.exposure === "history")
          .map((f) => [f.path, f.secret, f.commit?.sha]);
        expect(history.sort()).toEqual(
          [
            ["a.js", A, added],
            ["e.py", B, added],
            ["f.py", B, moved],
            ["gone.txt", C, added],
            ["z.txt", C, moved],
          ].sort(),
        );
        // The moved file's key was added with the file, not by the move.
        const b = rep.findings.find((f) => f.path === "b.js" && f.exposure !== "history");
        expect(b?.introducedIn?.sha).toBe(added);
        expect(rep.stats.commits).toBe(3);
      }
    }
    // Moved into a folder from outside it: new to the folder, so its history shows the move as the addition.
    mkdirSync(join(d, "pkg"));
    git(d, "mv", "b.js", "pkg/b.js");
    const intoPkg = commitAll(d, "move into pkg");
    const pkg = scanJson([join(d, "pkg")]).findings.filter((f) => f.exposure === "history");
    expect(pkg.map((f) => [f.path, f.secret, f.commit?.sha])).toEqual([["b.js", A, intoPkg]]);
    // Staged: a move adds nothing; a copy adds its lines.
    git(d, "mv", "pkg/b.js", "c.js");
    git(d, "-c", "core.autocrlf=false", "add", ".");
    expect(scanJson([d, "--staged"]).findings).toEqual([]);
    writeFileSync(join(d, "copy.js"), `const groq = "${A}";\n`);
    git(d, "add", "copy.js");
    const staged = scanJson([d, "--staged"], { GIT_CONFIG_GLOBAL: global }).findings;
    expect(staged.map((f) => [f.path, f.secret])).toEqual([["copy.js", A]]);
  });

  it("tells a small history from a large one by its object store, without running git", () => {
    const d = tempTree({ "README.md": "# small\n" });
    initRepo(d);
    commitAll(d, "init");
    expect(smallHistory(d)).toBe(true);
    // Random bytes do not compress: 1 MB of them packed is still small (under 2 MiB), 2.2 MB is not.
    writeFileSync(join(d, "blob.bin"), randomBytes(1000 * 1024));
    commitAll(d, "blob");
    git(d, "repack", "-a", "-d", "-q");
    expect(smallHistory(d)).toBe(true);
    writeFileSync(join(d, "blob.bin"), randomBytes(2200 * 1024));
    commitAll(d, "blob");
    git(d, "repack", "-a", "-d", "-q");
    expect(smallHistory(d)).toBe(false);
    expect(smallHistory(join(d, "no-such-folder"))).toBe(false);
    // A clone that borrows its objects (--shared) cannot tell how large its history is.
    const parent = tempDir("as-shared-");
    git(parent, "clone", "-q", "--shared", d, "c");
    expect(smallHistory(join(parent, "c"))).toBe(false);
    // A store without a pack folder is judged by its loose objects alone.
    const fresh = tempTree({ "a.txt": "a\n" });
    initRepo(fresh);
    commitAll(fresh, "init");
    rmSync(join(fresh, ".git", "objects", "pack"), { recursive: true, force: true });
    expect(smallHistory(fresh)).toBe(true);
    // A few loose objects can hold a large history (commits of built bundles, never packed): their
    // sizes count as a pack's do.
    for (let c = 0; c < 3; c++) {
      writeFileSync(join(fresh, "bundle.min.js"), randomBytes(900 * 1024).toString("base64"));
      commitAll(fresh, `bundle ${c}`);
    }
    // (under 16 object folders here: each is measured, none estimated)
    expect(readdirSync(join(fresh, ".git", "objects")).filter((n) => n.length === 2).length).toBeLessThan(16);
    expect(smallHistory(fresh)).toBe(false);
    process.env.AGENT_SECRETS_PUMP = "0";
    try {
      expect(smallHistory(d)).toBe(true);
    } finally {
      delete process.env.AGENT_SECRETS_PUMP;
    }
  });

  it("handles empty and bare repositories", () => {
    const empty = tempDir("as-empty-");
    initRepo(empty);
    expect(cli(["scan", empty]).code).toBe(0);
    const bare = tempDir("as-bare-");
    git(bare, "clone", "-q", "--bare", dir, "repo.git");
    const rep = scanJson([join(bare, "repo.git")]);
    expect(rep.findings.map((f) => f.secret).sort()).toEqual([A, B, C].sort());
  });

  it("re-reads many structured files at their commits, each secret at the commit that first added it", () => {
    const d = tempTree({ "README.md": "# many\n" });
    initRepo(d);
    const shas: string[] = [];
    for (let c = 0; c < 45; c++) {
      // Ten keys in turn, so each comes back four or five times; the first commit must win.
      const key = fake("{{fake:gsk_:alnum:52}}", `r${c % 10}`);
      writeFileSync(join(d, ".env"), `GROQ_API_KEY=${key}\nN=${c}\n`);
      writeFileSync(
        join(d, ".mcp.json"),
        `{\n  "mcpServers": {\n    "g": { "command": "npx", "env": { "GROQ_API_KEY": "${key}", "N": "${c}" } }\n  }\n}\n`,
      );
      shas.push(commitAll(d, `c${c}`));
    }
    const run = (threads: string, env: NodeJS.ProcessEnv = {}) => {
      const r = cli(
        ["scan", d, "--since", shas[0]!, "-f", "json", "--show-secrets", "--threads", threads],
        process.cwd(),
        env,
      );
      return (reportOf(r).findings as JF[]).map((f) => [f.path, f.keyPath, f.commit?.message, f.line]);
    };
    const one = run("1");
    // --since leaves out c0: keys r1…r9 first come at c1…c9, r0 at c10.
    const env = one.filter((f) => f[0] === ".env");
    expect(env.map((f) => f[2]).sort()).toEqual([
      "c1",
      "c10",
      "c2",
      "c3",
      "c4",
      "c5",
      "c6",
      "c7",
      "c8",
      "c9",
    ]);
    expect(env.every((f) => f[1] === "GROQ_API_KEY" && f[3] === 1)).toBe(true);
    const mcp = one.filter((f) => f[0] === ".mcp.json");
    expect(mcp).toHaveLength(10);
    expect(mcp.every((f) => f[1] === "mcpServers.g.env.GROQ_API_KEY" && f[3] === 3)).toBe(true);
    expect(run("1", { AGENT_SECRETS_PUMP: "1" })).toEqual(one);
    expect(run("3")).toEqual(one);
  });

  it("names the submodules it does not follow", () => {
    const d = tempTree({
      ".gitmodules":
        '[submodule "vendor/lib"]\n\tpath = vendor/lib\n\turl = https://example.invalid/lib.git\n',
    });
    initRepo(d);
    commitAll(d, "init");
    const rep = scanJson([d]);
    const sub = rep.diagnostics.find((x) => x.code === "submodule");
    expect(sub?.detail).toMatch(/submodule not followed/);
    expect((sub as { path?: string } | undefined)?.path).toBe("vendor/lib");
  });

  it("reports a shallow clone", () => {
    const parent = tempDir("as-shallow-");
    git(parent, "clone", "-q", "--depth", "1", `file://${dir}`, "s");
    const rep = scanJson([join(parent, "s")]);
    const d = rep.diagnostics.find((x) => x.code === "history-shallow");
    expect(d?.detail).toMatch(/only 1 commits/);
    // From a folder inside it (no .git there), git is asked, with the same answer.
    mkdirSync(join(parent, "s", "sub"));
    writeFileSync(join(parent, "s", "sub", "a.txt"), "x\n");
    const inner = scanJson([join(parent, "s", "sub")]);
    expect(inner.diagnostics.find((x) => x.code === "history-shallow")?.detail).toMatch(/only 1 commits/);
    // A full clone has no shallow file, and says nothing.
    const full = scanJson([dir]);
    expect(full.diagnostics.find((x) => x.code === "history-shallow")).toBeUndefined();
  });

  it("reads a shallow clone's boundary for what HEAD does not hold, while the work tree holds HEAD as it is", () => {
    const parent = tempDir("as-shallow-tree-");
    git(parent, "clone", "-q", "--depth", "1", `file://${dir}`, "s");
    const s = join(parent, "s");
    const head = git(s, "rev-parse", "HEAD");
    const ofC = (rep: ReturnType<typeof scanJson>) =>
      rep.findings
        .filter((f) => f.secret === C)
        .map((f) => [f.commit?.sha ?? null, f.introducedIn?.sha ?? null]);
    const note = (rep: ReturnType<typeof scanJson>) =>
      rep.diagnostics.find((d) => d.code === "history-shallow")?.detail ?? "";
    // `C` is in the work tree: found there once, not again as added by a commit whose parents are unknown.
    const clean = scanJson([s]);
    expect(ofC(clean)).toEqual([[null, null]]);
    expect(clean.stats.commits).toBe(0);
    expect(note(clean)).toMatch(new RegExp(`added by the clone's boundary \\(${head.slice(0, 12)}\\)`));
    // The same from a linked worktree of the clone (its HEAD in its own git folder, the boundary list
    // in the clone's).
    git(s, "worktree", "add", "-q", join(parent, "wt"));
    const linked = scanJson([join(parent, "wt")]);
    expect([ofC(linked), linked.stats.commits]).toEqual([[[null, null]], 0]);
    git(s, "worktree", "remove", "--force", join(parent, "wt"));
    // A file added (staged) takes nothing of HEAD away.
    writeFileSync(join(s, "added.txt"), "new\n");
    git(s, "add", "added.txt");
    expect(ofC(scanJson([s]))).toEqual([[null, null]]);
    git(s, "rm", "-q", "--cached", "added.txt");
    rmSync(join(s, "added.txt"));
    // An edit that takes it out of the work tree: the boundary's copy of that file is read, and `C`
    // found there.
    writeFileSync(join(s, ".mcp.json"), "{}\n");
    const edited = scanJson([s]);
    expect(ofC(edited)).toEqual([[head, null]]);
    expect(edited.stats.commits).toBe(1);
    expect(note(edited)).toMatch(/but for 1 edited or deleted file, .*and for its copy of those files/);
    // Comparing the work tree with HEAD runs none of the repository's filter programs.
    const marker = join(parent, "filter-ran");
    git(s, "config", "filter.evil.clean", `touch '${marker}'; cat`);
    git(s, "config", "filter.evil.process", `touch '${marker}'`);
    writeFileSync(join(s, ".git", "info", "attributes"), "* filter=evil\n");
    expect(ofC(scanJson([s]))).toEqual([[head, null]]);
    expect(existsSync(marker)).toBe(false);
    rmSync(join(s, ".git", "info", "attributes"));
    git(s, "checkout", "-q", "--", ".mcp.json");
    expect(ofC(scanJson([s]))).toEqual([[null, null]]);
    // A file the tree scan does not read (over --max-file-size, its lines under it) is read in the
    // boundary commit.
    const mcp = readFileSync(join(s, ".mcp.json"), "utf8");
    const longest = Math.max(...mcp.split("\n").map((l) => Buffer.byteLength(l)));
    expect(longest + 2).toBeLessThan(Buffer.byteLength(mcp));
    expect(ofC(scanJson([s, "--max-file-size", String(longest + 2)]))).toEqual([[head, null]]);
    // A file a sparse checkout leaves out of the work tree too.
    git(s, "update-index", "--skip-worktree", ".mcp.json");
    rmSync(join(s, ".mcp.json"));
    expect(ofC(scanJson([s]))).toEqual([[head, null]]);
    // Two commits deep (the boundary is HEAD's parent, where `A` was added again, and HEAD took it out):
    // HEAD's commit is read as a commit, the boundary for what it holds that HEAD does not: `A` is found
    // there, `C` (in both) only in the work tree.
    git(parent, "clone", "-q", "--depth", "2", `file://${dir}`, "s2");
    const s2 = join(parent, "s2");
    const two = scanJson([s2]);
    const boundary = git(s2, "rev-parse", "HEAD~1");
    expect(two.stats.commits).toBe(2);
    expect(ofC(two)).toEqual([[null, null]]);
    expect(two.findings.filter((f) => f.secret === A).map((f) => [f.path, f.commit?.sha])).toEqual([
      ["config.js", boundary],
    ]);
    expect(note(two)).toMatch(new RegExp(`added by the clone's boundary \\(${boundary.slice(0, 12)}\\)`));
  });

  it("reads only the files a shallow clone's work tree edits or deletes again as its boundary's", () => {
    const d = tempTree({ "README.md": "# partial\n" });
    initRepo(d);
    const keys = ["kept", "edited", "deleted"].map((k) => fake("{{fake:gsk_:alnum:52}}", `partial-${k}`));
    const files = ["kept.env", "edited.env", "sub/deleted.env"];
    files.forEach((f, i) => {
      mkdirSync(join(d, dirname(f)), { recursive: true });
      writeFileSync(join(d, f), `GROQ_API_KEY=${keys[i]}\n`);
    });
    commitAll(d, "keys");
    const parent = tempDir("as-shallow-partial-");
    git(parent, "clone", "-q", "--depth", "1", `file://${d}`, "s");
    const s = join(parent, "s");
    const head = git(s, "rev-parse", "HEAD");
    writeFileSync(join(s, "edited.env"), "GROQ_API_KEY=\n");
    rmSync(join(s, "sub/deleted.env"));
    const where = (rep: ReturnType<typeof scanJson>) =>
      rep.findings
        .map((f) => [keys.indexOf(f.secret), f.path, f.commit?.sha ?? null] as const)
        .sort((a, b) => a[0] - b[0]);
    // The kept key once, in the work tree; the other two in the boundary, each in its own file.
    const rep = scanJson([s]);
    expect(where(rep)).toEqual([
      [0, "kept.env", null],
      [1, "edited.env", head],
      [2, "sub/deleted.env", head],
    ]);
    expect(rep.stats.commits).toBe(1);
    // From a sub-folder, paths relative to it.
    const sub = scanJson([join(s, "sub")]);
    expect(where(sub)).toEqual([[2, "deleted.env", head]]);
    // More changed files than MAX_CHANGED: the boundary stays in the log, read whole (the kept key
    // again, as added by it).
    for (let i = 0; i <= MAX_CHANGED; i++) writeFileSync(join(s, `n${i}.txt`), "x\n");
    git(s, "add", "-A");
    git(s, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "many");
    for (let i = 0; i <= MAX_CHANGED; i++) writeFileSync(join(s, `n${i}.txt`), "y\n");
    const many = scanJson([s]);
    expect(where(many).filter((f) => f[0] === 0)).toEqual([
      [0, "kept.env", null],
      [0, "kept.env", head],
    ]);
    expect(many.findings.find((f) => f.secret === keys[0])?.introducedIn?.sha).toBe(head);
  });

  it("never runs code from a hostile repository config", () => {
    const d = tempTree({ "a.txt": "hello\n", "b.secret": "x\n" });
    initRepo(d);
    commitAll(d, "init");
    const marker = join(d, "PWNED");
    const script = join(d, "evil.sh");
    writeFileSync(script, `#!/bin/sh\ntouch "${marker}"\ncat "$@" 2>/dev/null\n`, { mode: 0o755 });
    git(d, "config", "core.fsmonitor", script);
    git(d, "config", "core.pager", script);
    git(d, "config", "diff.external", script);
    git(d, "config", "diff.evil.textconv", script);
    git(d, "config", "core.sshCommand", script);
    git(d, "config", "core.hooksPath", d);
    writeFileSync(join(d, ".gitattributes"), "*.txt diff=evil\n*.secret diff=evil\n");
    for (const hook of ["post-checkout", "pre-commit", "post-index-change"])
      writeFileSync(join(d, hook), `#!/bin/sh\ntouch "${marker}"\n`, { mode: 0o755 });
    writeFileSync(join(d, "a.txt"), "changed\n");
    git(d, "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "add", "-A");
    git(d, "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "commit", "-q", "-m", "change");
    rmSync(marker, { force: true });
    cli(["scan", d]);
    cli(["scan", d, "--staged"]);
    expect(existsSync(marker)).toBe(false);
  });
});
