/** Worker threads change nothing: the same report, in the same order, as a single-threaded run. */

import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { expandFakes } from "../src/rules/examples.js";
import type { ScanOptions } from "../src/scan.js";
import { historyHere, likelyLarge, READER_MIN_FILES, readerThread } from "../src/threads.js";
import { cli, commitAll, initRepo, reportOf, tempDir, tempTree } from "./cli-helpers.js";

describe("parallel detection", () => {
  it("gives identical results with 1 and 3 threads", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) {
      files[`pkg${i % 7}/f${i}.py`] =
        i % 5 === 0
          ? `TOKEN_${i} = "{{fake:gsk_:alnum:52}}"\npassword = "{{fake:Pw:alnum:14}}"\n`
          : `x = ${i}\n`;
      if (i % 20 === 0)
        files[`cfg${i}/.mcp.json`] =
          `{"mcpServers":{"s${i}":{"env":{"K":"{{fake:ghp_:alnum:36:crc32}}","R":"\${env:R}"}}}}`;
    }
    files["broken.json"] = '{"a": "b", oops}';
    const dir = tempTree(files, "par");
    const run = (threads: string) => {
      const rep = reportOf(cli(["scan", dir, "--no-history", "-f", "json", "--threads", threads]));
      rep.stats.durationMs = 0;
      return rep;
    };
    const one = run("1");
    expect(one.findings.length).toBeGreaterThan(40);
    expect(run("3")).toEqual(one);
  });

  it("gives identical history results with 1 and 3 threads, read on the main thread or by a pump", () => {
    const dir = tempTree({ "README.md": "# x\n" });
    initRepo(dir);
    // Over a megabyte of added lines, so that batches go to the workers while git still streams (the
    // last batch of a history that ends before any was sent is scanned on the main thread).
    const filler = Array.from(
      { length: 3000 },
      (_, i) => `const value_${i} = compute(${i}, "${"x".repeat(60)}");`,
    );
    for (let c = 0; c < 12; c++) {
      if (c % 3 === 0) writeFileSync(join(dir, `big${c}.ts`), `${filler.join("\n")}\n`);
      writeFileSync(
        join(dir, `f${c % 4}.py`),
        `KEY_${c} = "${expandFakes("{{fake:gsk_:alnum:52}}", `h${c}`)}"\n`,
      );
      writeFileSync(
        join(dir, ".mcp.json"),
        `{"mcpServers":{"s":{"env":{"T":"${expandFakes("{{fake:ghp_:alnum:36:crc32}}", `m${c % 3}`)}"}}}}`,
      );
      commitAll(dir, `commit ${c}`);
    }
    const run = (threads: string, env: NodeJS.ProcessEnv = {}) => {
      const rep = reportOf(cli(["scan", dir, "-f", "json", "--threads", threads], process.cwd(), env));
      rep.stats.durationMs = 0;
      return rep;
    };
    // A history this small is read on the main thread; AGENT_SECRETS_PUMP=1 reads it through the
    // pump thread (started before the rules load, as for a large one).
    const one = run("1");
    expect(one.findings.filter((f: { exposure: string }) => f.exposure === "history").length).toBeGreaterThan(
      10,
    );
    expect(run("3")).toEqual(one);
    expect(run("1", { AGENT_SECRETS_PUMP: "1" })).toEqual(one);
  });

  it("gives identical results however the threads share the work (workers before listing or at once, a reading thread)", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++)
      files[`src/m${i % 9}/file${i}.ts`] =
        i % 50 === 0 ? `export const token = "{{fake:gsk_:alnum:52}}";\n` : `export const n${i} = ${i};\n`;
    const dir = tempTree(files, "early");
    initRepo(dir);
    commitAll(dir, "many files");
    // Its git index lists enough files for the reading thread to start before the listing (head-start.ts).
    expect(likelyLarge(dir)).toBe(true);
    const run = (threads?: string, env: NodeJS.ProcessEnv = {}) => {
      const r = cli(
        ["scan", dir, "--no-history", "-f", "json", ...(threads ? ["--threads", threads] : [])],
        process.cwd(),
        env,
      );
      const rep = reportOf(r);
      rep.stats.durationMs = 0;
      return rep;
    };
    const one = run("1");
    expect(one.stats.files).toBe(600);
    expect(one.findings).toHaveLength(12);
    expect(run()).toEqual(one);
    expect(run("2")).toEqual(one);
    // A reading thread feeding the main thread (the default with few cores) changes nothing either.
    expect(run(undefined, { AGENT_SECRETS_READER: "1" })).toEqual(one);
    expect(run(undefined, { AGENT_SECRETS_READER: "0" })).toEqual(one);
    // The reading thread starts before the list is known (a large git index); when the list turns out
    // short (here: a config includes one folder), it is closed unused and the scan ends as usual.
    const config = join(tempDir(), "only-m0.yaml");
    writeFileSync(config, 'include: ["src/m0/**"]\n');
    const r = cli(["scan", dir, "--no-history", "-f", "json", "-c", config], process.cwd(), {
      AGENT_SECRETS_READER: "1",
    });
    expect(r.code).toBe(1);
    const few = reportOf(r);
    expect(few.stats.files).toBe(67);
    expect(few.findings).toEqual(one.findings.filter((f: { path: string }) => f.path.startsWith("src/m0/")));
    // Through the library (no process.exit to hide a thread left open): the process ends by itself.
    const lib = pathToFileURL(resolve(__dirname, "../dist/index.js")).href;
    const script = `import(${JSON.stringify(lib)}).then((m) => m.scan({ paths: [process.argv[1]], history: false,
      includeDeps: false, rulesDirs: [], configPath: process.argv[2] })).then((r) => console.log(r.stats.files))`;
    const child = spawnSync(process.execPath, ["-e", script, dir, config], {
      encoding: "utf8",
      env: { ...process.env, AGENT_SECRETS_READER: "1" },
      timeout: 30_000,
    });
    expect([child.status, child.stdout.trim()]).toEqual([0, "67"]);
  });

  it("ends at once when the config or a rule folder does not load, whatever it had started", () => {
    // A folder git does not list starts its reading thread as its walk passes 400 files, which goes on
    // after the config's error; a sub-folder of a repository gets its history's pump once listed.
    const files: Record<string, string> = {};
    for (let i = 0; i < 450; i++) files[`pkg/f${i}.txt`] = `line ${i}\n`;
    const plain = tempTree(files, "broken-config");
    const repo = tempTree(files, "broken-config-repo");
    initRepo(repo);
    commitAll(repo, "many files");
    const badConfig = join(tempDir(), "broken.yaml");
    writeFileSync(badConfig, "include: [\n");
    const badRules = tempDir("broken-rules-");
    writeFileSync(join(badRules, "bad.yaml"), "rules: [ {id: x\n");
    const env = { ...process.env, NO_COLOR: "1", AGENT_SECRETS_READER: "1", AGENT_SECRETS_PUMP: "1" };
    const bin = resolve(__dirname, "../bin/agent-secrets.js");
    const runs = [
      [plain, "--no-history", "-c", badConfig],
      [plain, "--no-history", "--rules", badRules],
      [join(repo, "pkg"), "-c", badConfig],
    ].map((args) =>
      spawnSync(process.execPath, [bin, "scan", ...args], { encoding: "utf8", env, timeout: 30_000 }),
    );
    expect(runs.map((r) => r.status)).toEqual([2, 2, 2]);
    expect(runs.map((r) => /YAML/.test(r.stderr))).toEqual([true, true, true]);
  });

  it("leaves a machine with one core to the main thread: no reading thread, no pump thread", () => {
    const opts = { paths: ["."], history: false, includeDeps: false, rulesDirs: [] } as ScanOptions;
    const many = READER_MIN_FILES;
    expect([1, 2, 3, 4].map((cores) => readerThread(opts, many, cores))).toEqual([false, true, true, false]);
    // A tree of fewer files keeps to the main thread on two cores, with no detection workers either.
    expect(readerThread(opts, many - 1, 2)).toBe(false);
    expect(readerThread(opts, 1000, 2)).toBe(false);
    expect(readerThread({ ...opts, threads: 2 }, many, 2)).toBe(false);
    // A history that is not small (its store cannot be measured: borrowed objects) gets a pump from two cores.
    const repo = tempTree({ "a.txt": "a\n" });
    initRepo(repo);
    commitAll(repo, "init");
    const parent = tempDir("as-one-core-");
    spawnSync("git", ["clone", "-q", "--shared", repo, "c"], { cwd: parent });
    const large = join(parent, "c");
    expect([historyHere(large, 1), historyHere(large, 2)]).toEqual([true, false]);
    expect([historyHere(repo, 1), historyHere(repo, 2)]).toEqual([true, true]);
    // The environment's choice is kept, for tests and benches.
    const saved = { ...process.env };
    try {
      process.env.AGENT_SECRETS_PUMP = "1";
      process.env.AGENT_SECRETS_READER = "1";
      expect([historyHere(repo, 1), readerThread(opts, 1000, 1)]).toEqual([false, true]);
    } finally {
      process.env.AGENT_SECRETS_PUMP = saved.AGENT_SECRETS_PUMP;
      process.env.AGENT_SECRETS_READER = saved.AGENT_SECRETS_READER;
      if (saved.AGENT_SECRETS_PUMP === undefined) delete process.env.AGENT_SECRETS_PUMP;
      if (saved.AGENT_SECRETS_READER === undefined) delete process.env.AGENT_SECRETS_READER;
    }
  });
});
