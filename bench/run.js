#!/usr/bin/env node
// npm run bench [-- --quick] [--repos-only] [--no-peers] [--files N] [--commits N] [--real-commits N] [repo ...]
// Generates deterministic inputs (a synthetic tree, a synthetic git history, a history of one-line
// files, all with planted fake secrets; a long history of real code built from the installed
// dependencies, and that history with a refactor's moves and deletions on top), then measures
// agent-secrets against the floors (reading every file in a minimal Node loop; `git log -p -U0 --all >
// /dev/null`), run in turns with it, and any peers on PATH (gitleaks, TruffleHog, secretlint).
// Histories are timed alone and as a full scan (tree and history, the default). Prints a table and the
// issue's targets each row met or missed (bench/targets.js), writes both as JSON. Inputs of several
// shapes made at two sizes check that no scan grows faster than its input (bench/growth.js).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expandFakes } from "../dist/rules/examples.js";
import { loadRuleset } from "../dist/rules/load.js";
import { gitTunables } from "../dist/sources/git.js";
import { gitLogFloor, gitLogFloorAsScanned, ignoredFiles, listedAtTop } from "./floors.js";
import { GROWTH_FACTOR, GROWTH_ITEMS, GROWTH_SHAPES, genGrowthInput } from "./growth.js";
import { judgeTargets, verdictLines } from "./targets.js";
import { doneMarker, genYamlTree } from "./yaml-tree.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const BIN = join(root, "bin/agent-secrets.js");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const reposOnly = args.includes("--repos-only");
// --no-peers: gitleaks, TruffleHog and secretlint are not run even when they are on PATH (they take
// minutes on the larger inputs).
const noPeers = args.includes("--no-peers");
const num = (flag, dflt) => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const FILES = num("--files", quick ? 2000 : 20000);
const COMMITS = num("--commits", quick ? 500 : 5000);
const repos = args.filter(
  (a, i) => !a.startsWith("--") && !["--files", "--commits", "--real-commits"].includes(args[i - 1]),
);
if (reposOnly && repos.length === 0) {
  console.error("--repos-only needs at least one repository: npm run bench -- --repos-only ../some-repo");
  process.exit(2);
}
// Each argument is checked before anything runs: a folder that is not there stops the bench at once.
for (const repo of repos) {
  if (!existsSync(repo) || !statSync(repo).isDirectory()) {
    console.error(`${repo}: no such folder (pass a repository's or a tree's folder)`);
    process.exit(2);
  }
}
const work = join(root, ".bench");
mkdirSync(work, { recursive: true });
// Peers unpacked by bench/peers.sh are found before those on PATH.
const peersBin = join(work, "peers", "usr", "bin");
if (existsSync(peersBin)) process.env.PATH = `${peersBin}${delimiter}${process.env.PATH ?? ""}`;

// ---------- deterministic content ----------
let seed = 42;
const rnd = () => {
  // mulberry32: deterministic, full 32-bit period
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const words =
  "agent tool server client request response config token value index cache model prompt schema handler route".split(
    " ",
  );
const ident = () => `${pick(words)}${pick(words)[0].toUpperCase()}${pick(words).slice(1)}`;
const planted = [
  'const GITHUB = "{{fake:ghp_:alnum:36:crc32}}";',
  "OPENAI_API_KEY={{fake:sk-proj-:base64url:156}}",
  '"GROQ_API_KEY": "{{fake:gsk_:alnum:52}}"',
  "aws_secret_access_key = {{fake::base64:40}}",
  'SLACK = "https://hooks.slack.com/services/T{{fake::upper:10}}/B{{fake::upper:10}}/{{fake::alnum:24}}"',
];

function codeFile(lines, secretEvery) {
  const out = [];
  for (let i = 0; i < lines; i++) {
    const r = rnd();
    if (r < 0.3)
      out.push(
        `  const ${ident()} = await ${ident()}(${ident()}, { ${ident()}: ${Math.floor(rnd() * 1000)} });`,
      );
    else if (r < 0.5)
      out.push(`  // ${pick(words)} ${pick(words)} ${pick(words)} the ${pick(words)} before ${pick(words)}`);
    else if (r < 0.6) out.push(`  if (${ident()}.${ident()} === "${pick(words)}") return ${ident()};`);
    else if (r < 0.7) out.push(`  const apiKey = process.env.${pick(words).toUpperCase()}_API_KEY;`);
    else if (r < 0.8) out.push(`  headers: { Authorization: \`Bearer \${token}\` },`);
    else out.push(`export function ${ident()}(${ident()}) { return ${ident()}.map((x) => x.${ident()}); }`);
  }
  if (secretEvery && rnd() < secretEvery) out.splice(Math.floor(rnd() * out.length), 0, pick(planted));
  return `${out.join("\n")}\n`;
}

function genTree(dir, n) {
  if (existsSync(doneMarker(dir))) return;
  seed = 42 + n; // each input is deterministic on its own, whichever others are cached
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const sub = join(dir, `pkg${i % 50}`, `mod${i % 7}`);
    mkdirSync(sub, { recursive: true });
    const kind = i % 20;
    let name;
    let text;
    if (kind === 0) {
      name = `bundle${i}.min.js`;
      text = `${Array.from({ length: 600 }, () => `var ${ident()}=function(a){return a.${ident()}};`).join("")}\n`;
    } else if (kind === 1) {
      name = `package-lock${i}.json`;
      text = JSON.stringify(
        {
          packages: Object.fromEntries(
            Array.from({ length: 80 }, (_, k) => [
              `node_modules/${ident()}${k}`,
              {
                version: "1.0.0",
                integrity: `sha512-${Buffer.from(String(rnd())).toString("base64").repeat(6)}`,
              },
            ]),
          ),
        },
        null,
        2,
      );
    } else if (kind === 2) {
      name = `mcp${i}.json`;
      text = JSON.stringify(
        {
          mcpServers: {
            [pick(words)]: {
              command: "npx",
              args: ["-y", `@x/${pick(words)}`],
              env: { API_KEY: "${API_KEY}" },
            },
          },
        },
        null,
        2,
      );
    } else if (kind === 3) {
      name = `config${i}.yaml`;
      text = Array.from({ length: 60 }, () => `${ident()}: ${pick(words)}-${Math.floor(rnd() * 100)}`).join(
        "\n",
      );
    } else {
      name = `${ident()}${i}.${pick(["ts", "js", "py", "go"])}`;
      text = codeFile(20 + Math.floor(rnd() * 60), 0.01);
    }
    writeFileSync(join(sub, name), expandFakes(text, `bench:${i}`));
  }
  writeFileSync(doneMarker(dir), "");
}

/**
 * Builds a git history in `dir` with git fast-import, unless an earlier run finished it: `fill(commit)`
 * calls `commit(message, files)` once per commit, in order, on main (`files`: [path, text or bytes]).
 * The stream goes through a file, not memory: the real-code history holds a few hundred MB of file
 * versions.
 */
function importHistory(dir, epoch, fill) {
  if (existsSync(join(dir, ".git", "bench-done"))) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("git", ["init", "-q", "-b", "main", dir]);
  const streamFile = `${dir}.fi`;
  const fd = openSync(streamFile, "w");
  let c = 0;
  fill((message, files) => {
    c++;
    writeSync(
      fd,
      `commit refs/heads/main\nmark :${c}\ncommitter Bench <bench@example.invalid> ${epoch + c * 60} +0000\ndata <<EOM\n${message}\nEOM\n${c > 1 ? `from :${c - 1}\n` : ""}`,
    );
    for (const [path, body] of files) {
      writeSync(fd, `M 100644 inline ${path}\ndata ${Buffer.byteLength(body)}\n`);
      writeSync(fd, body);
      writeSync(fd, "\n");
    }
  });
  closeSync(fd);
  const input = openSync(streamFile, "r");
  execFileSync("git", ["fast-import", "--quiet"], { cwd: dir, stdio: [input, "inherit", "inherit"] });
  closeSync(input);
  rmSync(streamFile);
  execFileSync("git", ["checkout", "-q", "-f", "main"], { cwd: dir });
  writeFileSync(join(dir, ".git", "bench-done"), "");
}

function genHistory(dir, commits) {
  importHistory(dir, 1700000000, (commit) => {
    seed = 7 + commits;
    for (let c = 1; c <= commits; c++) {
      const mods = [];
      for (let k = 0; k < 3; k++) {
        const path = `src/${pick(words)}/${pick(words)}${Math.floor(rnd() * 400)}.ts`;
        mods.push([path, expandFakes(codeFile(20 + Math.floor(rnd() * 40), 0.02), `hist:${c}:${k}`)]);
      }
      commit(`commit ${c}`, mods);
    }
  });
}

/**
 * A history of files that are one long line each, as built bundles and data dumps are: every commit
 * rewrites a 3 MB minified bundle and a 2 MB one-line JSON (under the 10 MB --max-file-size, so
 * scanned), with a planted secret in each. Each such line spans hundreds of chunks of git's output: a
 * parser that joins every chunk to the line before it costs the square of the line's length.
 */
function genLongLines(dir, commits) {
  importHistory(dir, 1710000000, (commit) => {
    seed = 99;
    for (let c = 1; c <= commits; c++) {
      const bundle = Array.from({ length: 60000 }, () => `var ${ident()}=function(a){return a.${ident()}};`);
      bundle.splice(30000, 0, 'var k="{{fake:ghp_:alnum:36:crc32}}";');
      const data = Array.from({ length: 40000 }, (_, i) => ({ id: i, name: ident(), value: pick(words) }));
      data.splice(20000, 0, { id: -1, name: "GROQ_API_KEY", value: "{{fake:gsk_:alnum:52}}" });
      commit(`long lines ${c}`, [
        ["dist/app.min.js", expandFakes(bundle.join(""), `long:${c}:js`)],
        ["data/dump.json", expandFakes(JSON.stringify(data), `long:${c}:json`)],
      ]);
    }
  });
}

/**
 * A data dump as exports and fixtures hold them: one JSON array of 130,000 `{id, name, value}` rows (7 MB,
 * one line), every name its own, with a planted secret in one row. `{name, value}` is the shape of a
 * Kubernetes or compose env entry, so each name is asked whether a keyed rule takes it: a name seen once
 * costs what a cached one saves.
 */
function genDataDump(dir) {
  if (existsSync(doneMarker(dir))) return;
  seed = 7;
  mkdirSync(dir, { recursive: true });
  const word = () => Math.floor(rnd() * 2 ** 32).toString(36);
  const rows = Array.from({ length: 130000 }, (_, id) => ({
    id,
    name: `n${word()}`,
    value: `v${word()}${word()}`,
  }));
  rows.splice(65000, 0, { id: -1, name: "GROQ_API_KEY", value: "{{fake:gsk_:alnum:52}}" });
  writeFileSync(join(dir, "rows.json"), expandFakes(JSON.stringify(rows), "dump"));
  writeFileSync(doneMarker(dir), "");
}

/**
 * A minified bundle (one 4 MB line) that names every built-in rule's keywords, each many times, as
 * bundled SDKs and database drivers do (`"mysql"`, `"password"`, `"Bearer "` …), with a MySQL command
 * line and a token planted in it. A rule is matched only around its keyword's hits; one whose regex is
 * slow to try at each offset of such a window, or that is matched on the whole text, shows here (two
 * SQL rules that looked far behind before consuming took this file 4.5 s). Named by its keywords, so
 * another rule set makes another file.
 */
function genKeywordBundle(root) {
  const keywords = [...new Set(loadRuleset([]).ruleset.rules.flatMap((r) => r.keywords))].sort();
  const dir = join(
    root,
    `keyword-bundle-v1-${createHash("sha256").update(keywords.join("\n")).digest("hex").slice(0, 8)}`,
  );
  if (existsSync(doneMarker(dir))) return dir;
  seed = 11;
  mkdirSync(dir, { recursive: true });
  const parts = [];
  for (let k = 0, chars = 0; chars < 4e6; k++) {
    const arg = k % 8 === 0 ? keywords[(k >> 3) % keywords.length] : ident();
    const part = `var ${ident()}=function(a){return a.${ident()}(${JSON.stringify(arg)})},`;
    parts.push(part);
    chars += part.length;
  }
  parts.splice(parts.length >> 1, 0, 'sh("mysql -h db.internal -u root -p{{fake::alnum:16}} app"),');
  parts.splice(parts.length >> 2, 0, 'var t="{{fake:ghp_:alnum:36:crc32}}";');
  writeFileSync(join(dir, "bundle.min.js"), expandFakes(`${parts.join("")}0;\n`, "keyword-bundle"));
  writeFileSync(doneMarker(dir), "");
  return dir;
}

/**
 * A repository whose dependencies move: every commit edits a few code files, and every fourth adds
 * 2-12 packages to a `package-lock.json` kept in name order (so each bump inserts lines all through
 * it), which grows to ~25,000 lines, as a busy JavaScript project's does. git's diff of the lockfile
 * is most of `git log -p`'s work here; the scan excludes lockfiles, and tells git not to diff them.
 */
function genLockfileHistory(dir, commits) {
  importHistory(dir, 1720000000, (commit) => {
    seed = 5 + commits;
    const packages = [];
    for (let c = 1; c <= commits; c++) {
      const mods = [];
      for (let k = 0; k < 2; k++) {
        const path = `src/${pick(words)}/${pick(words)}${Math.floor(rnd() * 300)}.ts`;
        mods.push([path, expandFakes(codeFile(10 + Math.floor(rnd() * 30), 0.02), `lock:${c}:${k}`)]);
      }
      if (c % 4 === 1) {
        for (let k = 2 + Math.floor(rnd() * 11); k > 0; k--) {
          const name = `${pick(words)}-${pick(words)}-${Math.floor(rnd() * 100000)}`;
          const version = `${Math.floor(rnd() * 9)}.${Math.floor(rnd() * 30)}.${Math.floor(rnd() * 30)}`;
          const integrity = Buffer.from(Array.from({ length: 64 }, () => Math.floor(rnd() * 256))).toString(
            "base64",
          );
          packages.push([
            `node_modules/${name}`,
            {
              version,
              resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`,
              integrity: `sha512-${integrity}`,
              dev: true,
            },
          ]);
        }
        packages.sort((a, b) => (a[0] < b[0] ? -1 : 1));
        const lock = {
          name: "app",
          version: "1.0.0",
          lockfileVersion: 3,
          requires: true,
          packages: Object.fromEntries(packages),
        };
        mods.push(["package-lock.json", `${JSON.stringify(lock, null, 2)}\n`]);
      }
      commit(`commit ${c}`, mods);
    }
  });
}

/**
 * The text files of this project's node_modules (what `npm ci` installs from the lockfile), in path
 * order: at most 256 KiB, no NUL in their first 8,000 bytes, as [path, bytes]. Paths lose their
 * `node_modules/` segments, which a scan skips. Dot entries at the top are tools' caches (vitest's
 * results) and npm's bookkeeping, not packages.
 */
function npmTexts() {
  const texts = [];
  const modules = join(root, "node_modules");
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (d === modules && e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size <= 256 * 1024) {
        const body = readFileSync(p);
        if (!body.subarray(0, 8000).includes(0))
          texts.push([p.slice(root.length + 1).replace(/(^|\/)node_modules\//g, "$1pkgs/"), body]);
      }
    }
  };
  walk(modules);
  return texts;
}

/**
 * The same files as installed, unedited: a tree of real code. The history's HEAD has had lines of
 * other files spliced in, which leaves most of its JSON and some YAML unparsable, as real trees are not.
 */
function genRealTree(dir) {
  if (existsSync(doneMarker(dir))) return;
  rmSync(dir, { recursive: true, force: true });
  for (const [path, body] of npmTexts()) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  writeFileSync(doneMarker(dir), "");
}

/**
 * The first `files` of those files (in path order), committed in one commit: a repository of real code
 * of undici's size (805 files), where the issue's tree target is 0.35 s, and where start-up is a
 * large part of a scan.
 */
function genRealRepo(dir, files) {
  importHistory(dir, 1690000000, (commit) => commit(`${files} files`, npmTexts().slice(0, files)));
}

/**
 * A long history of real code, with no network: the text files of this project's own node_modules
 * (what `npm ci` installs from the lockfile: the same on every machine of a platform), added one per
 * commit in path order (up to half the commits), then edited (lines from another file inserted,
 * sometimes a few deleted) until `commits` (13,500 by default: svelte's count). Paths lose their
 * `node_modules/` segments, which a scan skips.
 */
function genRealHistory(dir, commits) {
  importHistory(dir, 1600000000, (commit) => {
    seed = 11 + commits;
    const texts = npmTexts();
    // Half the commits (at most every file) add a file; the rest edit the files added.
    texts.splice(Math.floor(commits / 2));
    const paths = texts.map(([p]) => p);
    const current = new Map();
    const change = (path, body) => {
      current.set(path, body);
      commit(`change ${path}`, [[path, body]]);
    };
    for (const [i, [, body]] of texts.entries()) change(paths[i], body);
    for (let c = texts.length; c < commits; c++) {
      const path = pick(paths);
      const lines = current.get(path).toString("latin1").split("\n");
      const from = pick(texts)[1].toString("latin1").split("\n");
      const at = Math.floor(rnd() * (lines.length + 1));
      const k = Math.floor(rnd() * Math.max(1, from.length - 8));
      if (rnd() < 0.3 && lines.length > 10) lines.splice(at, 1 + Math.floor(rnd() * 4));
      lines.splice(at, 0, ...from.slice(k, k + 2 + Math.floor(rnd() * 7)));
      change(path, Buffer.from(lines.join("\n"), "latin1"));
    }
  });
}

// ---------- measurement ----------
const hasTime = existsSync("/usr/bin/time");
const RUNS = quick ? 1 : 3;
/** Interleaved floor/agent-secrets pairs: this VM's speed drifts within minutes, a pair shares it. */
const PAIRS = quick ? 1 : 5;

/** One timed run; `timedOut` when coreutils' timeout stopped it. */
function runOnce(cmd0, argv0, opts = {}) {
  // A time limit goes through coreutils' timeout, which kills the measured program itself (a
  // spawnSync timeout would only kill /usr/bin/time and leave the program running).
  const limit = opts.timeoutSec;
  const [cmd, ...argv] = limit ? ["timeout", "-k", "5", String(limit), cmd0, ...argv0] : [cmd0, ...argv0];
  const start = process.hrtime.bigint();
  const res = hasTime
    ? spawnSync("/usr/bin/time", ["-f", "__TIME__ %U %S %M", cmd, ...argv], {
        encoding: "utf8",
        maxBuffer: 1 << 30,
        ...opts,
      })
    : spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 1 << 30, ...opts });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (limit && res.status === 124) return { wall, timedOut: true, status: 124 };
  const m = /__TIME__ ([\d.]+) ([\d.]+) (\d+)/.exec(res.stderr ?? "");
  return {
    wall,
    cpu: m ? Number(m[1]) + Number(m[2]) : NaN,
    rssMB: m ? Number(m[3]) / 1024 : NaN,
    stdout: res.stdout,
    stderr: res.stderr,
    status: res.status,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The median run (by wall time) of `times` runs. */
function measure(label, cmd, argv, opts = {}, times = RUNS) {
  const runs = [];
  for (let r = 0; r < times; r++) {
    const run = runOnce(cmd, argv, opts);
    if (run.timedOut) return { label, wall: run.wall, timedOut: true };
    runs.push(run);
  }
  runs.sort((a, b) => a.wall - b.wall);
  return { label, ...runs[Math.floor(runs.length / 2)] };
}

/**
 * Floor and agent-secrets run in turns, PAIRS times. The ratio reported is the median of the
 * per-pair ratios; the times are the medians of each side (and the agent-secrets run with the median
 * wall time gives CPU, RSS and findings).
 */
function measurePair(floor, ours, second = undefined) {
  const f = [];
  const o = [];
  const g = [];
  for (let r = 0; r < PAIRS; r++) {
    f.push(runOnce(...floor));
    if (second) g.push(runOnce(...second));
    o.push(runOnce(...ours));
  }
  const ratios = o.map((run, i) => run.wall / f[i].wall);
  const oursMed = [...o].sort((a, b) => a.wall - b.wall)[Math.floor(o.length / 2)];
  return {
    floorS: median(f.map((r) => r.wall)),
    ours: oursMed,
    ratio: median(ratios),
    ratios,
    ...(second
      ? {
          secondS: median(g.map((r) => r.wall)),
          secondRatio: median(o.map((run, i) => run.wall / g[i].wall)),
        }
      : {}),
  };
}

function treeStats(dir, list) {
  return JSON.parse(execFileSync(process.execPath, floorReadArgs(dir, list), { encoding: "utf8" }));
}
/** The read floor's arguments for Node: the folder, and the list of its files when there is one. */
const floorReadArgs = (dir, list) => ["-e", FLOOR_READ, dir, ...(list ? [list] : [])];
// Reads every file of the folder (not .git), or, given a list (NUL-separated paths), those files: a
// repository's floor reads what the scan reads (the files git lists, tracked or untracked and not
// ignored), never an ignored node_modules or build output the scan skips. A listed path that is no
// file (a submodule, a file deleted since it was staged) is passed over.
const FLOOR_READ = `
const fs=require("fs"),path=require("path");let files=0,bytes=0;const list=process.argv[2];
if(list){for(const p of fs.readFileSync(list,"utf8").split("\\0")){if(!p)continue;try{bytes+=fs.readFileSync(path.join(process.argv[1],p)).length;files++;}catch{}}}
else(function walk(d){for(const e of fs.readdirSync(d,{withFileTypes:true})){if(e.name===".git")continue;const p=path.join(d,e.name);
if(e.isDirectory())walk(p);else if(e.isFile()){bytes+=fs.readFileSync(p).length;files++;}}})(process.argv[1]);
console.log(JSON.stringify({files,bytes}));`;

/**
 * At a repository's top: a file listing the paths the scan lists (git ls-files, tracked and untracked
 * but not ignored), written for the floor to read; elsewhere undefined (the floor walks the folder).
 */
function floorList(dir) {
  const paths = listedAtTop(dir, ["--cached", "--others", "--exclude-standard"]);
  if (paths === undefined) return undefined; // not a work tree git can list: walk it
  const file = join(
    work,
    "floor-lists",
    `${createHash("sha1").update(resolve(dir)).digest("hex").slice(0, 12)}.txt`,
  );
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, paths);
  return file;
}

function scanArgs(dir, history) {
  return [
    BIN,
    "scan",
    dir,
    "--format",
    "json",
    "--quiet",
    "--fail-on",
    "none",
    ...(history ? [] : ["--no-history"]),
  ];
}

function findingsOf(stdout) {
  try {
    const r = JSON.parse(stdout);
    return {
      findings: r.findings.length,
      files: r.stats.files,
      bytes: r.stats.bytes,
      commits: r.stats.commits,
    };
  } catch {
    return { findings: NaN };
  }
}

const results = [];
/** `opts` (spawnSync's, an `env` say) apply to the floor and the scan alike. */
function benchTree(label, dir, opts = {}, peers = true) {
  const list = floorList(dir);
  const size = treeStats(dir, list);
  const pair = measurePair(
    [process.execPath, floorReadArgs(dir, list), opts],
    [process.execPath, scanArgs(dir, false), opts],
  );
  const ours = pair.ours;
  const f = findingsOf(ours.stdout);
  const row = {
    target: label,
    kind: "tree",
    files: size.files,
    MB: size.bytes / 1048576,
    floorS: pair.floorS,
    oursS: ours.wall,
    ratio: pair.ratio,
    ratios: pair.ratios,
    cpuS: ours.cpu,
    rssMB: ours.rssMB,
    findings: f.findings,
  };
  row.MBps = row.MB / ours.wall;
  row.filesPerS = size.files / ours.wall;
  if (peers) peerColumns(row, dir);
  results.push(row);
}

/**
 * The npm packages' history, then three commits a refactor makes: the tree moved into a sub-folder, two
 * packages deleted, the tree moved back. A scan that read a moved file as deleted and added would scan
 * every file twice more and report its secrets again; git's floor finds the renames (its default).
 */
function genMovedHistory(dir, from) {
  if (existsSync(join(dir, ".git", "bench-done"))) return;
  rmSync(dir, { recursive: true, force: true });
  execFileSync("git", ["clone", "-q", from, dir]);
  let at = 1650000000;
  const commit = (message) => {
    at += 60;
    const date = `${at} +0000`;
    execFileSync(
      "git",
      ["-c", "user.name=Bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "-m", message],
      { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } },
    );
  };
  execFileSync("git", ["mv", "pkgs", "lib"], { cwd: dir });
  commit("move the packages into lib/");
  const doomed = readdirSync(join(dir, "lib")).sort().slice(0, 2);
  execFileSync("git", ["rm", "-r", "-q", ...doomed.map((d) => `lib/${d}`)], { cwd: dir });
  commit(`drop ${doomed.join(", ")}`);
  execFileSync("git", ["mv", "lib", "pkgs"], { cwd: dir });
  commit("move the packages back");
  writeFileSync(join(dir, ".git", "bench-done"), "");
}

/** Whether `dir` is the top of a git working tree. */
function isGitTop(dir) {
  const r = spawnSync("git", ["-C", dir, "rev-parse", "--show-toplevel"], { encoding: "utf8" });
  return r.status === 0 && resolve(r.stdout.trim()) === resolve(dir);
}

/** Commits reachable from any ref. */
function commitCount(dir) {
  return Number(execFileSync("git", ["-C", dir, "rev-list", "--count", "--all"], { encoding: "utf8" }));
}

/** The fields of a history or full-scan row, from a floor/agent-secrets pair. */
function historyRow(label, kind, pair) {
  const ours = pair.ours;
  const f = findingsOf(ours.stdout);
  return {
    target: label,
    kind,
    commits: f.commits,
    floorS: pair.floorS,
    oursS: ours.wall,
    ratio: pair.ratio,
    ratios: pair.ratios,
    // `git log` as the scan runs it (floors.js gitLogFloorAsScanned), beside the floor anyone runs.
    ...(pair.secondS === undefined
      ? {}
      : { gitAsScannedS: pair.secondS, ratioGitAsScanned: pair.secondRatio }),
    cpuS: ours.cpu,
    rssMB: ours.rssMB,
    findings: f.findings,
    commitsPerS: f.commits / ours.wall,
  };
}

function benchHistory(label, dir) {
  // History alone: every commit after the root (the working tree is timed in the tree row).
  const rootCommit = execFileSync("git", ["-C", dir, "rev-list", "--max-parents=0", "HEAD"], {
    encoding: "utf8",
  })
    .trim()
    .split("\n")[0];
  const commits = commitCount(dir);
  if (commits < 2) {
    console.log(`${label}: ${commits} commit, no history to time`);
    return;
  }
  const pair = measurePair(
    gitLogFloor(dir),
    [
      process.execPath,
      [BIN, "scan", dir, "--since", rootCommit, "--format", "json", "--quiet", "--fail-on", "none"],
    ],
    gitLogFloorAsScanned(dir),
  );
  const row = historyRow(label, "history", pair);
  peerColumns(row, dir, true);
  results.push(row);
}

/**
 * What `agent-secrets scan <repo>` does by default: the working tree and every commit. Its ratio is to
 * the `git log` floor alone, the stricter measure (the tree is scanned while git runs).
 */
function benchFull(label, dir) {
  if (commitCount(dir) < 2) return;
  const size = treeStats(dir, floorList(dir));
  const pair = measurePair(
    gitLogFloor(dir),
    [process.execPath, scanArgs(dir, true)],
    gitLogFloorAsScanned(dir),
  );
  results.push({ ...historyRow(label, "full", pair), files: size.files, MB: size.bytes / 1048576 });
}

/** A peer's first run from this long is its time: a median of more runs would take the bench minutes. */
const PEER_ONCE_S = 2;

/**
 * A peer's time (the median of `times` runs, or its first run's when that took PEER_ONCE_S or more), or
 * why there is none. A peer that exits with another status than `ok` allows
 * (an unknown flag, a crash) did not do the work: a time for it would flatter it, so the table says
 * "failed (exit N)" and the reason goes to stderr.
 */
function peerTime(name, cmd, argv, ok, opts = {}, times = RUNS, count = undefined) {
  const run = runOnce(cmd, argv, opts);
  if (run.timedOut) return `>${opts.timeoutSec} (timed out)`;
  if (!ok(run.status)) {
    // The last lines of its stderr, without /usr/bin/time's own.
    const why = (run.stderr ?? "")
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("__TIME__") && !l.startsWith("Command exited with"))
      .slice(-3)
      .join(" | ");
    console.error(`${name} ${argv.join(" ")}: exit ${run.status}${why ? `: ${why}` : ""}`);
    return `failed (exit ${run.status})`;
  }
  if (count) peerFound[name] = count(run);
  if (times <= 1 || run.wall >= PEER_ONCE_S) return run.wall;
  return median([run.wall, ...Array.from({ length: times - 1 }, () => runOnce(cmd, argv, opts).wall)]);
}

/** What each peer found in its last timed run (peerTime), by name; peerColumns clears it for each row. */
const peerFound = {};

/**
 * Each peer's time on `dir` (as a tree, or its history when `git`) and how many findings it reported,
 * into `row` (gitleaksS and gitleaksFound…): how much each found is part of how fast it was. secretlint
 * has no history scan, and its finding count is not read.
 */
function peerColumns(row, dir, git = false) {
  for (const name of Object.keys(peerFound)) peerFound[name] = undefined;
  row.gitleaksS = gitleaks(git ? "git" : "dir", dir);
  row.gitleaksFound = peerFound.gitleaks;
  row.trufflehogS = trufflehog(git ? "git" : "filesystem", dir);
  row.trufflehogFound = peerFound.trufflehog;
  if (!git) row.secretlintS = secretlint(dir);
}

/**
 * gitleaks' command for a folder ("dir") or a repository's history ("git"): the `dir` and `git`
 * commands came with 8.19; older versions say `detect --source`, with `--no-git` for a folder.
 */
let gitleaksVersion;
function gitleaksArgs(mode, dir) {
  gitleaksVersion ??= /(\d+)\.(\d+)/.exec(
    spawnSync("gitleaks", ["version"], { encoding: "utf8" }).stdout ?? "",
  );
  const [major, minor] = gitleaksVersion ? [Number(gitleaksVersion[1]), Number(gitleaksVersion[2])] : [8, 19];
  const modern = major > 8 || (major === 8 && minor >= 19);
  const what = modern ? [mode, dir] : ["detect", "--source", dir, ...(mode === "dir" ? ["--no-git"] : [])];
  // Its report goes to a file of the bench's, in a format named: gitleaks 8.26 takes the format from
  // the report's extension, and given one it does not know (`-r /dev/null`) it stops, deleting that
  // path first. Run as root, that was /dev/null itself.
  return [...what, "--no-banner", "--exit-code", "0", "-f", "json", "-r", GITLEAKS_REPORT];
}
const GITLEAKS_REPORT = join(work, "gitleaks-report.json");

/** gitleaks' time on the same input when it is on PATH (mode "dir" or "git"). */
function gitleaks(mode, dir) {
  if (!peerPath("gitleaks")) return undefined;
  rmSync(GITLEAKS_REPORT, { force: true });
  return peerTime(
    "gitleaks",
    "gitleaks",
    gitleaksArgs(mode, dir),
    (status) => status === 0,
    {},
    RUNS,
    () => countOf(() => JSON.parse(readFileSync(GITLEAKS_REPORT, "utf8")).length),
  );
}

/** A finding count, or undefined when it cannot be read. */
function countOf(read) {
  try {
    const n = read();
    return Number.isInteger(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/** TruffleHog's time when it is on PATH (mode "filesystem" or "git"), verification off. */
function trufflehog(mode, dir) {
  if (!peerPath("trufflehog")) return undefined;
  const target = mode === "git" ? `file://${dir}` : dir;
  return peerTime(
    "trufflehog",
    "trufflehog",
    [mode, target, "--no-update", "--no-verification", "--json"],
    (status) => status === 0,
    {},
    RUNS,
    // One JSON object a line on stdout for each result (its log goes to stderr).
    (run) => countOf(() => (run.stdout ?? "").split("\n").filter((l) => l.startsWith("{")).length),
  );
}

/**
 * secretlint's time on a tree when it is on PATH (it has no history scan), with its recommended
 * preset; undefined when it is absent or does not finish within PEER_TIMEOUT_MS.
 */
const PEER_TIMEOUT_MS = 180_000;
function secretlint(dir) {
  if (!peerPath("secretlint")) return undefined;
  const rc = join(work, "secretlintrc.json");
  writeFileSync(rc, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  // One run: it is slow enough that a median of three would take the whole bench. It exits with 1 when
  // it finds something, which the planted secrets make sure of.
  return peerTime(
    "secretlint",
    "secretlint",
    ["--secretlintrc", rc, "**/*"],
    (status) => status === 0 || status === 1,
    { cwd: dir, timeoutSec: PEER_TIMEOUT_MS / 1000 },
    1,
  );
}

/**
 * Each peer on PATH and its version as it says it, with its Debian package's where one installed it
 * (Debian's builds of gitleaks and TruffleHog say "version is set by build process" and "dev").
 */
function peerVersions() {
  const out = {};
  for (const [name, flag] of [
    ["gitleaks", "version"],
    ["trufflehog", "--version"],
    ["secretlint", "--version"],
  ]) {
    const path = peerPath(name);
    if (!path) continue;
    const run = spawnSync(name, [flag], { encoding: "utf8" });
    const says = `${run.stdout ?? ""}${run.stderr ?? ""}`.trim().split("\n")[0] ?? "";
    const deb = debianVersion(name, path);
    out[name] = deb ? `${says} (Debian package ${deb}, ${path})` : `${says} (${path})`;
  }
  return out;
}

/** The Debian package version of a peer: unpacked by bench/peers.sh, or installed with dpkg. */
function debianVersion(name, path) {
  if (path.startsWith(`${peersBin}/`)) {
    const file = join(work, "peers", `${name}.version`);
    return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
  }
  const owner = spawnSync("dpkg-query", ["-S", path], { encoding: "utf8" });
  const pkg = owner.status === 0 ? owner.stdout.split(":")[0] : undefined;
  if (!pkg) return undefined;
  const deb = spawnSync("dpkg-query", ["-W", "-f", "${Version}", pkg], { encoding: "utf8" });
  return deb.status === 0 && deb.stdout ? deb.stdout : undefined;
}

/** Where a peer is (.bench/peers, then PATH), or undefined when it is absent or --no-peers says so. */
function peerPath(name) {
  if (noPeers) return undefined;
  const found = spawnSync("bash", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return (found.status === 0 && found.stdout.trim()) || undefined;
}

/** One latency row: `agent-secrets <argv>` (or `node <argv>`) timed (measure), its wall time and peak RSS. */
function latencyRow(label, argv, opts = {}, node = false) {
  const m = measure(label, process.execPath, node ? argv : [BIN, ...argv], opts);
  const target = node ? label : `agent-secrets ${label}`;
  results.push({ target, kind: "latency", oursS: m.wall, rssMB: m.rssMB });
}

/**
 * Node's own start, under every row. With NODE_EXTRA_CA_CERTS set (on the machines this project is
 * built on, to the system's certificate bundle), Node 20 parses its root certificates and that file as
 * it starts, before any script runs: about 90 ms of every process there, the floors' included.
 * agent-secrets makes no connection; the rows marked "NODE_EXTRA_CA_CERTS unset" show what that costs.
 */
const CA_VAR = "NODE_EXTRA_CA_CERTS";
const caSet = Boolean(process.env[CA_VAR]);
const noCa = { env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== CA_VAR)) };
const UNSET = `, ${CA_VAR} unset`;
latencyRow("node -e 0 (Node's own start)", ["-e", "0"], {}, true);
if (caSet) latencyRow(`node -e 0 (Node's own start)${UNSET}`, ["-e", "0"], noCa, true);
latencyRow("--version", ["--version"]);

// Pre-commit latency: a 10-file repo, one staged change.
const small = join(work, "small-repo");
if (!existsSync(join(small, ".git", "bench-done"))) {
  seed = 10;
  mkdirSync(small, { recursive: true });
  execFileSync("git", ["init", "-q", "-b", "main", small]);
  for (let i = 0; i < 10; i++) writeFileSync(join(small, `f${i}.ts`), codeFile(40, 0));
  const git = (...a) =>
    execFileSync("git", ["-C", small, "-c", "user.email=b@example.invalid", "-c", "user.name=bench", ...a]);
  git("add", "-A");
  git("commit", "-qm", "init");
  writeFileSync(join(small, "f0.ts"), `${codeFile(40, 0)}const apiKey = process.env.API_KEY;\n`);
  git("add", "f0.ts");
  writeFileSync(join(small, ".git", "bench-done"), "");
}
for (const [label, argv] of [
  ["scan --staged (10-file repo)", ["scan", small, "--staged", "--quiet"]],
  ["scan (10-file repo, history included)", ["scan", small, "--quiet"]],
]) {
  latencyRow(label, argv);
}
if (caSet) latencyRow(`scan --staged (10-file repo)${UNSET}`, ["scan", small, "--staged", "--quiet"], noCa);

// A seed file of 1,000 users with distinct weak passwords: each finding's secret id is a PBKDF2
// stretch (~6 ms), which a text report never needs and JSON computes on several threads.
const seedDir = join(work, "seed-passwords");
mkdirSync(seedDir, { recursive: true });
const users = Array.from({ length: 1000 }, (_, i) =>
  expandFakes(`  { "name": "user${i}", "password": "{{fake:Pw${i}-:alnum:6}}" }`, `seed:${i}`),
);
writeFileSync(join(seedDir, "users.json"), `[\n${users.join(",\n")}\n]\n`);
for (const [label, format] of [
  ["scan (1,000 weak passwords in one file), text", "text"],
  ["scan (1,000 weak passwords in one file), JSON", "json"],
]) {
  latencyRow(label, ["scan", seedDir, "--no-history", "--quiet", "-f", format]);
}

/**
 * Pre-commit latency in a large repository: one staged change in a clone of the synthetic history
 * (sharing its objects, so judged large), with the default threads and with the three detection
 * threads a 5-core machine takes for a history: a staged diff must not wait for workers to start.
 */
function benchStagedInLarge(histDir, commits) {
  const dir = join(work, `staged-in-${commits}`);
  if (!existsSync(join(dir, ".git", "bench-done"))) {
    rmSync(dir, { recursive: true, force: true });
    execFileSync("git", ["clone", "-q", "--shared", histDir, dir]);
    const file = execFileSync("git", ["-C", dir, "ls-files"], { encoding: "utf8" }).split("\n")[0];
    writeFileSync(
      join(dir, file),
      `${readFileSync(join(dir, file), "utf8")}const apiKey = process.env.API_KEY;\n`,
    );
    execFileSync("git", ["-C", dir, "add", file]);
    writeFileSync(join(dir, ".git", "bench-done"), "");
  }
  for (const [label, extra] of [
    [`scan --staged (one file, ${commits}-commit repo)`, []],
    [`scan --staged (one file, ${commits}-commit repo, --threads 3)`, ["--threads", "3"]],
  ]) {
    latencyRow(label, ["scan", dir, "--staged", "--quiet", ...extra]);
  }
}

/** The generated inputs' rows: scaling, the synthetic tree and histories, the npm packages. */
function benchGenerated() {
  // Scaling: the same mix of files at three sizes; time per file must not grow with the count.
  if (!quick) {
    for (const n of [250, 2000, 9000]) {
      const dir = join(work, `scale-${n}`);
      genTree(dir, n);
      const size = treeStats(dir);
      const m = measure(`scale ${n}`, process.execPath, scanArgs(dir, false));
      const row = {
        target: `scaling: ${n} files`,
        kind: "scaling",
        files: size.files,
        MB: size.bytes / 1048576,
        oursS: m.wall,
        cpuS: m.cpu,
        rssMB: m.rssMB,
        usPerFile: (m.wall * 1e6) / size.files,
      };
      peerColumns(row, dir);
      results.push(row);
    }
  }

  // v2: ~100 MB for 20,000 files (v1 held 336 MB, two thirds of it minified bundles).
  const treeDir = join(work, `tree-v2-${FILES}`);
  genTree(treeDir, FILES);
  benchTree(`synthetic tree (${FILES} files)`, treeDir);
  const histDir = join(work, `history-${COMMITS}`);
  genHistory(histDir, COMMITS);
  benchHistory(`synthetic history (${COMMITS} commits)`, histDir);
  benchFull(`synthetic repo (${COMMITS} commits), full scan`, histDir);
  benchStagedInLarge(histDir, COMMITS);
  const longDir = join(work, "long-lines-v1");
  genLongLines(longDir, 8);
  benchHistory("one-line files (8 commits of a 3 MB bundle and a 2 MB JSON)", longDir);
  const dumpDir = join(work, "data-dump-v1");
  genDataDump(dumpDir);
  benchTree("a JSON data dump (one 7 MB line, 130,000 rows with distinct names)", dumpDir);
  benchTree("a minified bundle naming every rule's keywords (one 4 MB line)", genKeywordBundle(work));
  const YAML_FILES = quick ? 400 : 2000;
  const yamlDir = join(work, `yaml-v2-${YAML_FILES}`);
  seed = 13;
  genYamlTree(yamlDir, YAML_FILES, { rnd, pick, ident, word: () => pick(words), expandFakes });
  benchTree(`YAML as projects write it (${YAML_FILES} files)`, yamlDir);
  const LOCK_COMMITS = quick ? 400 : 2000;
  const lockDir = join(work, `lockfile-v1-${LOCK_COMMITS}`);
  genLockfileHistory(lockDir, LOCK_COMMITS);
  benchHistory(`lockfile churn (${LOCK_COMMITS} commits, a growing package-lock.json)`, lockDir);
  const REAL_COMMITS = num("--real-commits", quick ? 1500 : 13500);
  // Named by the lockfile (other dependencies make another history) and by its version (v2: no dot
  // entries from the top of node_modules), so a history built before is never reused wrongly.
  const lockHash = createHash("sha256")
    .update(readFileSync(join(root, "package-lock.json")))
    .digest("hex")
    .slice(0, 8);
  const realDir = join(work, `npm-history-v2-${REAL_COMMITS}-${lockHash}`);
  genRealHistory(realDir, REAL_COMMITS);
  const realTree = join(work, `npm-tree-v1-${lockHash}`);
  genRealTree(realTree);
  benchTree(`npm packages as installed`, realTree);
  const UNDICI_FILES = 805;
  const realRepo = join(work, `npm-repo-v1-${UNDICI_FILES}-${lockHash}`);
  genRealRepo(realRepo, UNDICI_FILES);
  const undici = `npm packages, ${UNDICI_FILES} files in a repository (undici's count)`;
  benchTree(undici, realRepo);
  // The peers are no Node programs: the variable changes nothing of theirs.
  if (caSet) benchTree(`${undici}${UNSET}`, realRepo, noCa, false);
  benchTree(`npm packages, HEAD of their history`, realDir);
  benchHistory(`npm packages (${REAL_COMMITS} commits)`, realDir);
  benchFull(`npm packages (${REAL_COMMITS} commits), full scan`, realDir);
  const movedDir = join(work, `npm-moved-v1-${REAL_COMMITS}-${lockHash}`);
  genMovedHistory(movedDir, realDir);
  benchHistory(`npm packages moved twice, two deleted (${REAL_COMMITS + 3} commits)`, movedDir);
}

/**
 * Growth rows: each input of bench/growth.js at two sizes, GROWTH_FACTOR apart. A row's growth is how
 * many times longer the larger input takes than the smaller, start-up taken off both (the median scan
 * of an empty folder): GROWTH_FACTOR when the time grows as the input does. Each holds a token an item,
 * and nearly all must be found at both sizes (targets.js GROWTH_FOUND): a cap or a cut that leaves part
 * of an input unread shows there.
 */
function benchGrowth() {
  const items = GROWTH_ITEMS;
  const empty = join(work, "growth", "empty");
  mkdirSync(empty, { recursive: true });
  const base = measure("growth: an empty folder", process.execPath, scanArgs(empty, false)).wall;
  for (const shape of GROWTH_SHAPES) {
    const [small, large] = [items, items * GROWTH_FACTOR].map((n) => {
      seed = 17;
      const dir = join(work, "growth", `${shape[0]}-v1-${n}`);
      const path = genGrowthInput(dir, shape, n, rnd);
      const m = measure(`growth: ${shape[0]} ${n}`, process.execPath, scanArgs(dir, false));
      return {
        MB: statSync(path).size / 1048576,
        wall: m.wall,
        run: m,
        found: findingsOf(m.stdout).findings,
      };
    });
    results.push({
      target: `growth: ${shape[2]}`,
      kind: "growth",
      items,
      factor: GROWTH_FACTOR,
      smallMB: small.MB,
      MB: large.MB,
      baseS: base,
      smallS: small.wall,
      oursS: large.wall,
      cpuS: large.run.cpu,
      rssMB: large.run.rssMB,
      growth: (large.wall - base) / Math.max(small.wall - base, 0.001),
      smallFindings: small.found,
      findings: large.found,
    });
  }
}

// --repos-only: the latency rows and the repositories given, none of the generated inputs.
if (!reposOnly) {
  benchGenerated();
  benchGrowth();
}
for (const repo of repos) {
  // The peers' tree commands read what git ignores too: noted on the row, which then draws no verdict
  // against them (targets.js), and printed under the table.
  const ignored = ignoredFiles(resolve(repo));
  benchTree(repo, resolve(repo));
  if (ignored.files > 0) {
    const row = results.at(-1);
    row.ignoredFiles = ignored.files;
    row.ignoredMB = ignored.bytes / 1048576;
  }
  // A folder outside git is a tree alone: it has no history to time.
  if (!isGitTop(resolve(repo))) {
    console.log(`${repo}: not the top of a git repository, so its tree alone is timed`);
    continue;
  }
  benchHistory(repo, resolve(repo));
  benchFull(`${repo}, full scan`, resolve(repo));
}

/** ` / b`: a history row's second floor or ratio, against git as the scan runs it; nothing without one. */
const asScanned = (v) => (v === undefined ? "" : ` / ${fmt(v)}`);
/** A peer's time, and in brackets how many findings it reported when that is known. */
const peerCell = (s, found) => `${fmt(s)}${found === undefined ? "" : ` (${found})`}`;
const fmt = (v, d = 2) =>
  typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? v.toFixed(d) : "-";
console.log(
  "\ntarget | kind | size | floor s | agent-secrets s | ratio (median of pairs) | cpu s | peak RSS MB | rate | findings | gitleaks s (findings) | trufflehog s (findings) | secretlint s",
);
console.log("--- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | ---");
for (const r of results) {
  const size =
    r.kind === "tree" || r.kind === "scaling"
      ? `${r.files} files, ${fmt(r.MB, 1)} MB`
      : r.kind === "history"
        ? `${r.commits} commits`
        : r.kind === "full"
          ? `${r.files} files, ${r.commits} commits`
          : r.kind === "growth"
            ? `${r.items} → ${r.items * r.factor} items, ${fmt(r.smallMB)} → ${fmt(r.MB)} MB`
            : "";
  const rate =
    r.kind === "tree"
      ? `${fmt(r.MBps, 1)} MB/s, ${fmt(r.filesPerS, 0)} files/s`
      : r.kind === "history" || r.kind === "full"
        ? `${fmt(r.commitsPerS, 0)} commits/s`
        : r.kind === "scaling"
          ? `${fmt(r.usPerFile, 0)} µs/file`
          : r.kind === "growth"
            ? `${fmt(r.smallS)} → ${fmt(r.oursS)} s, growth ${fmt(r.growth)} (start-up ${fmt(r.baseS)} s)`
            : "";
  console.log(
    `${r.target} | ${r.kind} | ${size} | ${fmt(r.floorS)}${asScanned(r.gitAsScannedS)} | ${fmt(r.oursS)} | ${fmt(r.ratio)}${asScanned(r.ratioGitAsScanned)} | ${fmt(r.cpuS)} | ${fmt(r.rssMB, 0)} | ${rate} | ${r.findings ?? "-"} | ${peerCell(r.gitleaksS, r.gitleaksFound)} | ${peerCell(r.trufflehogS, r.trufflehogFound)} | ${fmt(r.secretlintS)}`,
  );
}
if (results.some((r) => r.gitAsScannedS !== undefined)) {
  console.log(
    `\nnote: a history's "a / b" floor and ratio: against \`git log -p -U0 --all\` as anyone runs it (the issue's floor, which the targets judge) / as the scan runs its own git, with glibc's malloc settings (GLIBC_TUNABLES=${gitTunables().GLIBC_TUNABLES}).`,
  );
}
for (const r of results.filter((x) => x.ignoredFiles > 0)) {
  console.log(
    `\nnote: ${r.target} holds ${r.ignoredFiles} git-ignored files (${fmt(r.ignoredMB, 1)} MB): gitleaks \`dir\`, TruffleHog \`filesystem\` and secretlint read them, agent-secrets and the read floor do not, so its peer times are over more files and draw no verdict; time a clean clone for a like-for-like row.`,
  );
}
const spread = results.filter((r) => r.ratios && r.ratios.length > 1);
if (spread.length) console.log("\nper-pair ratios (floor and agent-secrets run in turns):");
for (const r of spread) console.log(`  ${r.target} ${r.kind}: ${r.ratios.map((x) => fmt(x)).join(" ")}`);
// The issue's targets, judged on this run's rows (bench/targets.js).
const targets = judgeTargets(results);
if (targets.length) console.log(`\ntargets, judged on this run:\n${verdictLines(targets).join("\n")}`);
const peers = peerVersions();
if (Object.keys(peers).length) {
  console.log(
    `\npeers: ${Object.entries(peers)
      .map(([k, v]) => `${k} ${v}`)
      .join("; ")}`,
  );
}
const outFile = join(work, "results.json");
writeFileSync(
  outFile,
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, [CA_VAR]: caSet, peers, results, targets },
    null,
    2,
  ),
);
console.log(`\nwritten to ${outFile}`);
