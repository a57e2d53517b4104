import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { expandFakes } from "../src/rules/examples.js";
import { mayBeInRepo } from "../src/sources/git.js";
import { listPlain, listWorktree } from "../src/sources/worktree.js";
import type { Diagnostic } from "../src/types.js";
import { cli, commitAll, initRepo, loggingGit, tempDir, tempTree } from "./cli-helpers.js";

interface Rep {
  findings: {
    path: string;
    secret: string;
    exposure: string;
    line: number;
    column: number;
    ruleId: string;
  }[];
  diagnostics: { code: string; path?: string; detail: string }[];
  stats: { files: number };
}

function scan(dir: string, ...args: string[]): { code: number | null; rep: Rep } {
  const r = cli(["scan", dir, "--no-history", "-f", "json", "--show-secrets", ...args]);
  return { code: r.code, rep: JSON.parse(r.stdout) as Rep };
}

const KEY = expandFakes("{{fake:gsk_:alnum:52}}", "wt");

describe("working tree", () => {
  it("covers tracked, untracked and git-ignored secret-bearing files, marking their exposure", () => {
    const dir = tempTree({
      ".gitignore": ".env\nbuild/\n.cursor/\n*.log\n",
      "tracked.py": `KEY = "${KEY}"\n`,
      ".env": `GROQ_API_KEY=${KEY}\n`,
      ".cursor/mcp.json": `{"mcpServers":{"g":{"env":{"GROQ_API_KEY":"${KEY}"}}}}`,
      "build/out.js": `const k = "${KEY}";\n`,
      "debug.log": `key=${KEY}\n`,
    });
    initRepo(dir);
    commitAll(dir, "init");
    writeFileSync(join(dir, "new.py"), `KEY = "${KEY}"\n`);
    const { rep } = scan(dir);
    const got = rep.findings.map((f) => [f.path, f.exposure]).sort();
    expect(got).toEqual([
      [".cursor/mcp.json", "gitignored"],
      [".env", "gitignored"],
      ["new.py", "untracked"],
      ["tracked.py", "tracked"],
    ]);
  });

  it("scans a folder its repository ignores as plain files, and a repository inside it with git", () => {
    const dir = tempTree({
      ".gitignore": "vendor/\n",
      "a.txt": "x\n",
      "vendor/app.env": `GROQ_API_KEY=${KEY}\n`,
    });
    initRepo(dir);
    commitAll(dir, "init");
    const ignored = scan(join(dir, "vendor")).rep;
    expect(ignored.findings.map((f) => f.path)).toEqual(["app.env"]);
    // A repository of its own inside the ignored folder: its top holds .git, and git lists its files.
    const inner = join(dir, "vendor", "inner");
    mkdirSync(inner);
    writeFileSync(join(inner, "key.py"), `KEY = "${KEY}"\n`);
    initRepo(inner);
    commitAll(inner, "inner");
    writeFileSync(join(inner, "new.py"), `KEY = "${KEY}"\n`);
    const nested = scan(inner).rep;
    expect(nested.findings.map((f) => [f.path, f.exposure])).toEqual([
      ["key.py", "tracked"],
      ["new.py", "untracked"],
    ]);
    // An empty .git folder makes no repository: the folder is still the ignored one, scanned as files.
    const fake = join(dir, "vendor", "fake");
    mkdirSync(join(fake, ".git"), { recursive: true });
    writeFileSync(join(fake, "notes.txt"), `token: ${KEY}\n`);
    expect(scan(fake).rep.findings.map((f) => f.path)).toEqual(["notes.txt"]);
  });

  it("orders diagnostics as it orders findings: by path, in code-unit order", () => {
    const dir = tempTree({
      "a.json": '{"k": ',
      "B.json": '{"k": ',
      "a.env": `GROQ_API_KEY=${KEY}\n`,
      "B.env": `GROQ_API_KEY=${KEY}\n`,
    });
    const { rep } = scan(dir);
    expect(rep.findings.map((f) => f.path)).toEqual(["B.env", "a.env"]);
    const broken = rep.diagnostics.filter((d) => d.code === "parse-failed").map((d) => d.path);
    expect(broken).toEqual(["B.json", "a.json"]);
  });

  it("outside git skips VCS and dependency folders unless asked", () => {
    const dir = tempTree({
      "app.env": `GROQ_API_KEY=${KEY}\n`,
      "node_modules/pkg/index.js": `const k = "${KEY}";\n`,
      ".git/config": `token = ${KEY}\n`,
    });
    expect(scan(dir).rep.findings.map((f) => f.path)).toEqual(["app.env"]);
    expect(
      scan(dir, "--include-deps")
        .rep.findings.map((f) => f.path)
        .sort(),
    ).toEqual(["app.env", "node_modules/pkg/index.js"]);
  });

  it("scans several roots, prefixing paths with each root", () => {
    const a = tempTree({ "a.env": `GROQ_API_KEY=${KEY}\n` });
    const b = tempTree({ "b.env": `GROQ_API_KEY=${KEY}\n` });
    const r = cli(["scan", a, b, "--no-history", "-f", "json"]);
    const rep = JSON.parse(r.stdout) as Rep & { groups: unknown[] };
    expect(rep.findings.map((f) => f.path).sort()).toEqual([`${a}/a.env`, `${b}/b.env`].sort());
    expect(rep.groups).toHaveLength(1);
  });

  it("skips binary and oversized files with diagnostics, and handles long minified lines", () => {
    const dir = tempTree({ "big.txt": `${"x".repeat(2048)}\nGROQ_API_KEY=${KEY}\n` });
    writeFileSync(
      join(dir, "image.png"),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, ...Buffer.from(KEY)]),
    );
    writeFileSync(
      join(dir, "bundle.min.js"),
      `${"var a=1;".repeat(200_000)}var k="${KEY}";${"b();".repeat(1000)}`,
    );
    const { rep } = scan(dir, "--max-file-size", "2KiB");
    expect(rep.diagnostics.map((d) => [d.code, d.path]).sort()).toEqual(
      expect.arrayContaining([
        ["binary-skipped", "image.png"],
        ["too-large", "big.txt"],
        ["too-large", "bundle.min.js"],
      ]),
    );
    const { rep: all } = scan(dir);
    const min = all.findings.find((f) => f.path === "bundle.min.js");
    expect(min?.secret).toBe(KEY);
    expect(min?.column).toBe(8 * 200_000 + 8);
  });

  it("says when a rule has more matches in a file than it reports, and only then", () => {
    const lines = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        expandFakes(`GROQ_API_KEY_${i % 7}={{fake:gsk_:alnum:52}}`, `cap:${i}`),
      );
    const cap = (n: number) => {
      const dir = tempTree({ ".env": `${lines(n).join("\n")}\n` });
      cli(["scan", dir, "--no-history", "-f", "json", "-o", join(dir, "report.json")]);
      const rep = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as {
        findings: unknown[];
        diagnostics: Diagnostic[];
      };
      return {
        findings: rep.findings.length,
        notes: rep.diagnostics.filter((d) => d.code === "too-many-matches"),
      };
    };
    expect(cap(10_000)).toEqual({ findings: 10_000, notes: [] });
    const over = cap(10_001);
    expect(over.findings).toBe(10_000);
    // The keyed rule that takes GROQ_API_KEY_n as a secret's name is past its cap too.
    expect(over.notes.map((n) => n.detail)).toEqual([
      expect.stringContaining("rule generic-secret matched more than 10000 times in one file"),
      expect.stringContaining("rule groq-api-key matched more than 10000 times in one file"),
    ]);
  });

  it("caps a keyed rule's matches in a file as it caps a pattern rule's", () => {
    const cap = (n: number) => {
      const env = Array.from({ length: n }, (_, i) =>
        expandFakes(`DB_PASSWORD_${i}={{fake::alnum:40}}`, `keyed-cap:${i}`),
      );
      const dir = tempTree({ ".env": `${env.join("\n")}\n` });
      cli(["scan", dir, "--no-history", "-f", "json", "-o", join(dir, "report.json")]);
      const rep = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as {
        findings: { ruleId: string; line: number }[];
        diagnostics: Diagnostic[];
      };
      const notes = rep.diagnostics.filter((d) => d.code === "too-many-matches").map((d) => d.detail);
      return { findings: rep.findings, notes };
    };
    const under = cap(10_000);
    expect(under.notes).toEqual([]);
    // Each line's value is the same in both files; the judge may drop one that looks made up.
    expect(under.findings.length).toBeGreaterThan(9_990);
    const over = cap(10_001);
    // The first 10,000 are reported, and the line past them is not.
    expect(over.findings).toHaveLength(under.findings.length);
    expect(Math.max(...over.findings.map((f) => f.line))).toBeLessThanOrEqual(10_000);
    expect(over.notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining("rule generic-password matched more than 10000 times"),
      ]),
    );
  });

  it("counts a keyed rule's matches toward its cap file by file", () => {
    // One thread scans both files, the capped one first: the next file's matches count from zero.
    const env = Array.from({ length: 10_001 }, (_, i) =>
      expandFakes(`DB_PASSWORD_${i}={{fake::alnum:40}}`, `keyed-cap-next:${i}`),
    );
    const dir = tempTree({
      "a.env": `${env.join("\n")}\n`,
      "b.env": expandFakes("DB_PASSWORD={{fake::alnum:40}}\n", "keyed-cap-next:b"),
    });
    cli(["scan", dir, "--no-history", "--threads", "1", "-f", "json", "-o", join(dir, "report.json")]);
    const rep = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as {
      findings: { ruleId: string; path: string }[];
    };
    expect(rep.findings.filter((f) => f.path === "b.env").map((f) => f.ruleId)).toEqual(["generic-password"]);
    expect(rep.findings.filter((f) => f.path === "a.env").length).toBeGreaterThan(9_990);
  });

  it("never follows symlinks out of the root, and survives loops", () => {
    const outside = tempTree({ "secret.env": `GROQ_API_KEY=${KEY}\n` });
    const dir = tempTree({ "inside.txt": "nothing\n" });
    symlinkSync(join(outside, "secret.env"), join(dir, "link.env"));
    mkdirSync(join(dir, "loop"));
    symlinkSync(join(dir, "loop"), join(dir, "loop", "again"));
    symlinkSync(join(dir, "self-a"), join(dir, "self-b"));
    symlinkSync(join(dir, "self-b"), join(dir, "self-a"));
    const { code, rep } = scan(dir);
    expect(code).toBe(0);
    expect(rep.findings).toEqual([]);
    expect(rep.diagnostics.map((d) => d.code)).toContain("symlink-outside-root");
  });

  it("reads non-UTF-8 and UTF-16 files with exact positions", () => {
    const dir = tempTree({});
    writeFileSync(
      join(dir, "latin1.properties"),
      Buffer.concat([Buffer.from("caf\xe9=1\napi.token=", "latin1"), Buffer.from(KEY)]),
    );
    writeFileSync(
      join(dir, "utf16.env"),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`GROQ_API_KEY=${KEY}\r\n`, "utf16le")]),
    );
    const { rep } = scan(dir);
    const byPath = Object.fromEntries(rep.findings.map((f) => [f.path, f]));
    expect(byPath["latin1.properties"]).toMatchObject({ secret: KEY, line: 2, column: 11 });
    expect(byPath["utf16.env"]).toMatchObject({ secret: KEY, line: 1, column: 14 });
    expect(rep.diagnostics.map((d) => d.code)).toContain("not-utf8");
  });

  it("reads a Helm template's literal values with their key paths, and notes no parse failure", () => {
    const dir = tempTree({
      "charts/api/templates/secret.yaml": [
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        '  name: {{ include "api.fullname" . }}',
        "  labels:",
        '    {{- include "api.labels" . | nindent 4 }}',
        "stringData:",
        `  GROQ_API_KEY: ${KEY}`,
        "  DB_PASSWORD: {{ .Values.db.password | quote }}",
        "",
      ].join("\n"),
    });
    const { code, rep } = scan(dir);
    expect(code).toBe(1);
    const found = rep.findings.map((f) => [f.path, f.line, f.column, (f as { keyPath?: string }).keyPath]);
    expect(found).toEqual([["charts/api/templates/secret.yaml", 8, 17, "stringData.GROQ_API_KEY"]]);
    expect(rep.diagnostics.filter((d) => d.code === "parse-failed")).toEqual([]);
  });

  it("survives malformed and deeply nested structured files", () => {
    const dir = tempTree({
      "deep.json": `${"[".repeat(100_000)}"${KEY}"${"]".repeat(100_000)}`,
      "broken.json": `{"GROQ_API_KEY": "${KEY}", oops}`,
      "broken.yaml": `a: [\nGROQ_API_KEY: ${KEY}\n`,
      "empty.json": "",
    });
    const { code, rep } = scan(dir);
    expect(code).toBe(1);
    expect(rep.findings.map((f) => f.path).sort()).toEqual(["broken.json", "broken.yaml", "deep.json"]);
    expect(rep.diagnostics.filter((d) => d.code === "parse-failed").map((d) => d.path)).toEqual(
      expect.arrayContaining(["broken.json", "broken.yaml"]),
    );
  });
});

describe("plain folders and git", () => {
  /** Whether git itself finds a repository from `dir` (the answer mayBeInRepo must never miss). */
  const gitFinds = (dir: string) => spawnSync("git", ["-C", dir, "rev-parse", "--git-dir"]).status === 0;

  it("asks git only where git could find a repository, and git agrees where it is not asked", () => {
    const plain = tempTree({ "a/b/c.txt": "x\n" });
    const repo = tempTree({ "sub/deep/f.txt": "x\n" });
    initRepo(repo);
    const bare = tempDir();
    spawnSync("git", ["init", "-q", "--bare", bare]);
    // A work tree whose `.git` is a file naming its git folder elsewhere.
    const linked = tempDir();
    spawnSync("git", ["init", "-q", "--separate-git-dir", join(tempDir(), "store.git"), linked]);
    mkdirSync(join(linked, "src"));
    // A link from a plain folder into the repository: git starts from the folder the link resolves to.
    symlinkSync(join(repo, "sub"), join(plain, "into-repo"));
    const cases: [string, boolean][] = [
      [plain, false],
      [join(plain, "a", "b"), false],
      [repo, true],
      [join(repo, "sub", "deep"), true],
      [join(repo, ".git", "refs"), true],
      [bare, true],
      [join(bare, "hooks"), true],
      [join(linked, "src"), true],
      [join(plain, "into-repo"), true],
    ];
    expect(cases.map(([dir]) => [dir, mayBeInRepo(dir)])).toEqual(cases);
    expect(cases.map(([dir]) => [dir, gitFinds(dir)])).toEqual(cases);
    // A repository named by the environment may be anywhere.
    const saved = process.env.GIT_DIR;
    try {
      process.env.GIT_DIR = join(repo, ".git");
      expect(mayBeInRepo(plain)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });

  // git refuses a repository another user owns; only root can hand one to another user here.
  it.runIf(process.getuid?.() === 0)(
    "scans a repository git refuses (another owner) as plain files, and says why",
    () => {
      const dir = tempTree({ "app.env": `GROQ_API_KEY=${KEY}\n` });
      initRepo(dir);
      commitAll(dir, "init");
      spawnSync("chown", ["-R", "65534:65534", dir]);
      const { code, rep } = scan(dir);
      expect([code, rep.stats.files, rep.findings.map((f) => [f.path, f.exposure])]).toEqual([
        1,
        1,
        [["app.env", "untracked"]],
      ]);
      expect(rep.diagnostics).toMatchObject([{ code: "git-failed", path: dir }]);
      expect(rep.diagnostics[0]!.detail).toContain("dubious ownership");
      expect(rep.diagnostics[0]!.detail).toContain(`safe.directory '${dir}'`);
    },
  );

  it("scans a plain folder without starting git, and a repository with it", () => {
    const { env, runs } = loggingGit();
    const plain = tempTree({ "app.env": `GROQ_API_KEY=${KEY}\n`, "notes.txt": "x\n" });
    const r = cli(["scan", plain, "-f", "json"], process.cwd(), env);
    const rep = JSON.parse(r.stdout) as Rep;
    expect([r.code, rep.stats.files, rep.findings.map((f) => f.path)]).toEqual([1, 2, ["app.env"]]);
    expect(rep.diagnostics).toEqual([]);
    expect(runs()).toEqual([]);
    // The same files in a repository: git lists them (and the fake git was the one that ran).
    initRepo(plain);
    commitAll(plain, "init");
    const again = cli(["scan", plain, "-f", "json"], process.cwd(), env);
    expect(JSON.parse(again.stdout).findings.map((f: { exposure: string }) => f.exposure)).toEqual([
      "tracked",
      "history",
    ]);
    expect(runs().some((l) => l.includes("ls-files"))).toBe(true);
  });
});

describe("plain folder listing", () => {
  /** What a glob walk lists: every non-folder entry, links unfollowed, skipped folders pruned. */
  async function globbed(root: string, includeDeps: boolean): Promise<string[]> {
    const vcs = [".git", ".hg", ".svn", ".jj"];
    const deps = ["node_modules", "bower_components", "jspm_packages", "vendor/bundle", ".venv", "venv"];
    const more = ["site-packages", "__pycache__", ".tox", ".gradle", "Pods"];
    const ignore = [...vcs, ...(includeDeps ? [] : [...deps, ...more])].map((d) => `**/${d}/**`);
    const found = await fg("**", {
      cwd: root,
      dot: true,
      onlyFiles: false,
      markDirectories: true,
      followSymbolicLinks: false,
      ignore,
    });
    return found.filter((p) => !p.endsWith("/")).sort();
  }

  it("lists what a glob walk lists: dot files, links unfollowed, VCS and dependency folders pruned", async () => {
    const dir = tempTree({
      ".env": "A=1\n",
      "src/app.js": "x\n",
      "src/.hidden/deep/file.txt": "x\n",
      "node_modules/pkg/index.js": "x\n",
      "packages/a/node_modules/b/index.js": "x\n",
      "packages/a/node_modules_backup/keep.js": "x\n",
      "vendor/bundle/gems/g.rb": "x\n",
      "lib/vendor/bundle/x.rb": "x\n",
      "bundle/kept.rb": "x\n",
      "vendor/kept.rb": "x\n",
      ".git/config": "x\n",
      "sub/.hg/store": "x\n",
      "py/.venv/lib/x.py": "x\n",
      "py/__pycache__/x.pyc": "x\n",
      "Pods/P/x.m": "x\n",
      "ä ü/名前.txt": "x\n",
    });
    writeFileSync(join(dir, "node_modules.txt"), "a file, not the folder\n");
    symlinkSync(join(dir, "src"), join(dir, "src-link"));
    symlinkSync(join(dir, "missing"), join(dir, "dangling"));
    for (const deps of [false, true]) {
      const diagnostics: Diagnostic[] = [];
      const got = listPlain(dir, deps, diagnostics).map((f) => f.path);
      expect(got).toEqual(await globbed(dir, deps));
      expect(diagnostics).toEqual([]);
    }
    expect(listPlain(dir, false, []).map((f) => f.path)).toContain("src-link");
    expect(listPlain(dir, false, []).every((f) => f.exposure === "untracked")).toBe(true);
  });

  it("reports a folder it cannot list, and goes on", () => {
    const diagnostics: Diagnostic[] = [];
    const root = join(tempTree({ "a.txt": "x\n" }), "gone");
    expect(listPlain(root, false, diagnostics)).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: "unreadable", severity: "warning", path: root }]);
    expect(diagnostics[0]!.detail).toContain("ENOENT");
  });

  it("tells its caller once, during the walk, that it has found as many files as asked", async () => {
    const dir = tempTree({
      "a/1.txt": "x\n",
      "a/2.txt": "x\n",
      "b/3.txt": "x\n",
      "b/c/4.txt": "x\n",
      "node_modules/p/5.js": "x\n",
    });
    // Asked files in the folders the walk skips do not count; each count is told at most once.
    const told = (count: number) => {
      let n = 0;
      const files = listPlain(dir, false, [], { count, reached: () => n++ });
      return { n, files: files.length };
    };
    expect(told(1)).toEqual({ n: 1, files: 4 });
    expect(told(4)).toEqual({ n: 1, files: 4 });
    expect(told(5)).toEqual({ n: 0, files: 4 });
    // Through listWorktree too, for a folder outside git.
    let reached = 0;
    const listing = await listWorktree(dir, true, false, { count: 5, reached: () => reached++ });
    expect(listing.files).toHaveLength(5);
    expect(reached).toBe(1);
  });
});
