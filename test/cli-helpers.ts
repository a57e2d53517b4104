import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { expandFakes } from "../src/rules/examples.js";

export const BIN = resolve(__dirname, "../bin/agent-secrets.js");

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function cli(args: readonly string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
    timeout: 120_000, // a run that hangs fails (status null) instead of stalling the suite
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The JSON report a run printed. When stdout holds none (the run crashed, hung until its timeout, or
 * printed something else), the error says how the run ended and what it wrote to stderr, not only
 * that the JSON ended early.
 */
// biome-ignore lint/suspicious/noExplicitAny: a report's shape is each test's to read
export function reportOf(r: Run): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    const how = r.code === null ? "was killed (timeout or signal)" : `exited ${r.code}`;
    throw new Error(
      `no JSON report: the run ${how}; stdout ${JSON.stringify(r.stdout.slice(0, 300))}; stderr ${JSON.stringify(r.stderr.slice(-1500))}`,
    );
  }
}

const created: string[] = [];

/** A fresh temp folder, removed after the test file ends (test/setup.ts), so no fake secrets pile up in /tmp. */
export function tempDir(prefix = "agent-secrets-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Removes every folder tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Creates a temp folder with files; contents go through {{fake}} expansion. */
export function tempTree(files: Record<string, string>, salt = "t"): string {
  const dir = tempDir();
  for (const [path, content] of Object.entries(files)) {
    const p = join(dir, path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, expandFakes(content, `${salt}:${path}`));
  }
  return dir;
}

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_DATE: process.env.GIT_AUTHOR_DATE, GIT_CONFIG_NOSYSTEM: "1" },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

export function initRepo(dir: string): void {
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.name", "Test Dev");
  git(dir, "config", "user.email", "dev@test.invalid");
  git(dir, "config", "commit.gpgsign", "false");
}

export function commitAll(dir: string, message: string): string {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", message);
  return git(dir, "rev-parse", "HEAD");
}

/**
 * A git on PATH (in `env`) that notes each run's arguments before it runs the real git: `runs()` gives
 * the runs noted since the last call (none: an empty list) and starts a new list.
 */
export function loggingGit(): { env: NodeJS.ProcessEnv; runs: () => string[] } {
  const real = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
  const bin = tempDir();
  const log = join(bin, "runs.log");
  writeFileSync(join(bin, "git"), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(bin, "git"), 0o755);
  const runs = () => {
    if (!existsSync(log)) return [];
    const lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
    rmSync(log);
    return lines;
  };
  return { env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` }, runs };
}
