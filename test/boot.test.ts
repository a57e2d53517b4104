/** Start-up: the CLI bundle runs from its V8 code cache when the cache is for this very build. */
import { isAscii } from "node:buffer";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILD_LINE, loadBundle, WRAPPER_CLOSE, WRAPPER_OPEN } from "../src/boot.js";
import { cli, commitAll, initRepo, tempDir, tempTree } from "./cli-helpers.js";

/**
 * A bundle that counts its runs and exports what its wrapper gave it; `wrapped`: written in Node's
 * CommonJS wrapper already, as the build writes the CLI's.
 */
function bundle(dir: string, build: string, wrapped = false): string {
  const file = join(dir, "b.cjs");
  const body = [
    "globalThis.__bootRuns = (globalThis.__bootRuns ?? 0) + 1;",
    "function square(n) { return n * n; }",
    "module.exports.square = square(7);",
    "exports.file = __filename;",
    "exports.dir = __dirname;",
    "exports.path = require('node:path').sep;",
  ];
  const code = `${body.join("\n")}\n// a comment on the last line`;
  writeFileSync(file, `${BUILD_LINE}${build}\n${wrapped ? `${WRAPPER_OPEN}${code}${WRAPPER_CLOSE}` : code}`);
  return file;
}

/**
 * A `--require` hook that writes `what` (an expression of the CLI's process, as JSON) to a file when
 * that process exits: the environment that loads it, and a reader of the last run's list.
 */
function exitLog(what: string): { env: NodeJS.ProcessEnv; read: () => string[] } {
  const log = join(tempDir(), "log.json");
  const hook = join(tempDir(), "hook.cjs");
  writeFileSync(
    hook,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(log)}, JSON.stringify(${what})));\n`,
  );
  return {
    env: { NODE_OPTIONS: `--require ${hook}` },
    read: () => JSON.parse(readFileSync(log, "utf8")) as string[],
  };
}

describe("loadBundle", () => {
  it("runs a bundle with Node's CommonJS wrapper, and without a cache says so", () => {
    const dir = tempDir("as-boot-");
    const file = bundle(dir, "00000001");
    const b = loadBundle(file, join(dir, "none.cache"));
    expect(b.cache).toBe("missing");
    expect(b.exports).toMatchObject({ square: 49, file, dir, path: "/" });
  });

  it("uses the cache it wrote for the same build", () => {
    const dir = tempDir("as-boot-");
    const file = bundle(dir, "00000002");
    const cache = join(dir, "b.cache");
    loadBundle(file, cache).writeCache(cache);
    expect(readFileSync(cache, "latin1").startsWith(`${BUILD_LINE}00000002\n`)).toBe(true);
    const again = loadBundle(file, cache);
    expect(again.cache).toBe("accepted");
    expect(again.exports.square).toBe(49);
  });

  it("runs a bundle written in its wrapper as it is, from its cache too", () => {
    const dir = tempDir("as-boot-");
    const file = bundle(dir, "00000006", true);
    const cache = join(dir, "b.cache");
    const first = loadBundle(file, cache);
    expect(first.cache).toBe("missing");
    expect(first.exports).toMatchObject({ square: 49, file, dir, path: "/" });
    first.writeCache(cache);
    const again = loadBundle(file, cache);
    expect(again.cache).toBe("accepted");
    expect(again.exports.square).toBe(49);
  });

  it("ignores a cache from another build, even one of the same length", () => {
    const dir = tempDir("as-boot-");
    const cache = join(dir, "b.cache");
    loadBundle(bundle(dir, "00000003"), cache).writeCache(cache);
    const b = loadBundle(bundle(dir, "00000004"), cache);
    expect(b.cache).toBe("stale");
    expect(b.exports.square).toBe(49);
  });

  it("compiles from source when V8 refuses the cached bytes", () => {
    const dir = tempDir("as-boot-");
    const file = bundle(dir, "00000005");
    const cache = join(dir, "b.cache");
    writeFileSync(cache, `${BUILD_LINE}00000005\nnot V8 code at all`);
    const b = loadBundle(file, cache);
    expect(b.cache).toBe("rejected");
    expect(b.exports.square).toBe(49);
  });
});

describe("the built CLI", () => {
  it("is ASCII, as are the rule caches, so start-up reads them as Latin-1", () => {
    const dist = join(__dirname, "../dist");
    const libraries = ["yaml", "smol-toml", "jsonc-parser", "fast-glob", "redos-detector"].map(
      (l) => `lib-${l}.js`,
    );
    const built = ["cli.js", "worker.js", "boot.js", "version.js", ...libraries].map((f) => `bundle/${f}`);
    for (const f of [...built, "rules-cache.json", "playbooks-cache.json"]) {
      const bytes = readFileSync(join(dist, f));
      expect(isAscii(bytes), f).toBe(true);
    }
    // The escapes keep their meaning: redacted secrets still print with a real ellipsis.
    const dir = tempTree({ "app.py": 'TOKEN = "{{fake:ghp_:alnum:36:crc32}}"\n' });
    const r = cli(["scan", dir, "--no-history"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ghp_\S*\u2026/);
    expect(r.stdout).not.toContain("\\u2026");
  });

  it("starts from the code cache the build wrote", () => {
    const dir = tempTree({ "a.txt": "nothing here\n" });
    const r = cli(["scan", dir, "--no-history", "--debug"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("code cache: accepted");
    // Written in its wrapper: a start compiles the file's own text, no wrapped copy of it.
    const built = readFileSync(join(__dirname, "../dist/bundle/cli.js"), "latin1");
    expect(built.slice(built.indexOf("\n") + 1).startsWith(WRAPPER_OPEN)).toBe(true);
    expect(built.endsWith(WRAPPER_CLOSE)).toBe(true);
  });

  it("answers --version and -V alone without loading the CLI, and in full otherwise", () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, "../package.json"), "utf8"));
    expect(cli(["--version"]).stdout).toBe(`${version}\n`);
    expect(cli(["-V"]).stdout).toBe(`${version}\n`);
    const help = cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: agent-secrets");
  });

  it("starts without Node's ES module loader, fs/promises, crypto or worker_threads (6, 5, 12 and 3 ms)", () => {
    const dir = tempTree({ "a.txt": "nothing here\n" });
    const log = exitLog("process.moduleLoadList");
    for (const args of [["--version"], ["scan", dir, "--no-history"]]) {
      const r = cli(args, process.cwd(), log.env);
      expect(r.code, r.stderr).toBe(0);
      const loaded = log.read();
      expect(loaded.some((m) => m.includes("internal/modules/cjs/loader"))).toBe(true); // the log works
      // fs/promises loads readline for FileHandle.readLines: the scan's few stats and realpaths are sync.
      const unwanted = ["internal/modules/esm/module_job", "internal/fs/promises", "readline"];
      expect(loaded.filter((m) => unwanted.some((u) => m.includes(u)))).toEqual([]);
      // node:crypto only for what needs it (finding ids, blob ids for a history's tree copies): a scan
      // that finds nothing never loads it.
      expect(loaded.filter((m) => m === "NativeModule crypto")).toEqual([]);
      // worker_threads only for a scan that starts a thread (a few-file scan starts none).
      expect(loaded.filter((m) => m === "NativeModule worker_threads")).toEqual([]);
    }
  });

  it("carries its YAML, JSONC, TOML and glob libraries apart, each with its code cache, none from node_modules", () => {
    // Each file below is one the fast annotators hand to a library: YAML with a tab, JSON with a line
    // separator in a string, and TOML (always the library). A git-ignored agent folder is walked by
    // the glob library.
    const dir = tempTree({
      "a.yaml": "base: &b\n  host: db\t# a tab\nprod:\n  <<: *b\n",
      "b.json": '{\n  "name": "x\u2028y"\n}\n',
      "c.toml": '[server]\nhost = "db"\n',
      ".gitignore": ".cursor/\n",
      ".cursor/mcp.json": '{ "mcpServers": {} }\n',
    });
    initRepo(dir);
    commitAll(dir, "files");
    const log = exitLog("Object.keys(require.cache)");
    const r = cli(
      ["scan", dir, "--no-history", "--verbose", "--debug", "-f", "json"],
      process.cwd(),
      log.env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).stats.files).toBe(5); // the ignored .cursor/mcp.json among them
    // Each parsed by its library: a library bundled wrongly fails here ("Cannot find module …").
    expect(r.stderr).not.toContain("parse-failed");
    // Each from its own file beside the CLI bundle, compiled from the code cache the build wrote, the
    // yaml library's too, though it loads while a YAML text has V8's own tier-up budget.
    const caches = /code cache: accepted \(libraries: (.*)\)/.exec(r.stderr)?.[1]?.split(", ").sort();
    expect(caches).toEqual([
      "fast-glob accepted",
      "jsonc-parser accepted",
      "smol-toml accepted",
      "yaml accepted",
    ]);
    const loaded = log.read();
    expect(loaded.some((f) => f.endsWith("hook.cjs"))).toBe(true); // the log works
    const fromModules = loaded.filter((f) =>
      /node_modules[\\/](yaml|jsonc-parser|smol-toml|fast-glob)[\\/]/.test(f),
    );
    expect(fromModules).toEqual([]);
  });

  it("loads the libraries in its worker threads from their files too, with one thread's findings", () => {
    // Past PARALLEL_MIN_FILES, each file one a library reads; the secret sits in YAML the library parses.
    const files: Record<string, string> = {
      "secret.yaml": 'token: "{{fake:ghp_:alnum:36:crc32}}"\t# a tab\n',
    };
    for (let i = 0; i < 150; i++) {
      files[`y${i}.yaml`] = `name: demo${i}\t# a tab\nport: ${i}\n`;
      files[`t${i}.toml`] = `[server]\nhost = "db${i}"\n`;
      files[`j${i}.json`] = `{\n  "name": "x\u2028y${i}"\n}\n`;
    }
    const dir = tempTree(files);
    const log = exitLog("process.moduleLoadList");
    const found = (threads: string) => {
      const r = cli(
        ["scan", dir, "--no-history", "--threads", threads, "--verbose", "-f", "json"],
        process.cwd(),
        log.env,
      );
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).not.toContain("parse-failed");
      const threaded = log.read().includes("NativeModule worker_threads");
      const report = JSON.parse(r.stdout) as {
        stats: { files: number };
        findings: { ruleId: string; path: string }[];
      };
      return {
        threaded,
        files: report.stats.files,
        findings: report.findings.map((f) => [f.ruleId, f.path]),
      };
    };
    const one = found("1");
    const two = found("2");
    expect(one.threaded).toBe(false);
    expect(two.threaded).toBe(true);
    expect(one.files).toBe(451);
    expect(one.findings).toEqual([["github-pat", "secret.yaml"]]);
    expect(two).toEqual({ ...one, threaded: true });
  });
});
