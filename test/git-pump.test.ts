/**
 * The git pump thread: every byte of git's output arrives, in order, and a slow consumer holds back
 * git (the unprocessed backlog stays near the limit instead of growing with the history).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import type { PumpInit, PumpMessage } from "../src/sources/git-pump.js";
import { commitAll, initRepo, tempTree } from "./cli-helpers.js";

const PUMP = new URL("../dist/sources/git-pump.js", import.meta.url);

describe("git pump", () => {
  it("delivers git's whole output in order and pauses git while the consumer lags", async () => {
    const dir = tempTree({ "README.md": "# pump\n" });
    initRepo(dir);
    for (let c = 0; c < 40; c++) {
      const body = Array.from({ length: 400 }, (_, i) => `line ${c}.${i} ${"x".repeat(60)}`).join("\n");
      writeFileSync(join(dir, `f${c % 5}.txt`), `${body}\n`);
      commitAll(dir, `c${c}`);
    }
    const args = ["log", "-p", "-U0", "--all"];
    const expected = execFileSync("git", args, { cwd: dir, maxBuffer: 1 << 28 });
    expect(expected.length).toBeGreaterThan(1_000_000);

    const limit = 64 * 1024;
    const outstanding = new SharedArrayBuffer(4);
    const counter = new Int32Array(outstanding);
    const init: PumpInit = { cwd: dir, args, env: process.env, outstanding, limit };
    const pump = new Worker(PUMP);
    pump.postMessage(init);
    const parts: Buffer[] = [];
    let peak = 0;
    const code = await new Promise<number | null>((resolve, reject) => {
      let chain = Promise.resolve();
      pump.on("error", reject);
      pump.on("message", (m: PumpMessage) => {
        // A slow consumer: each chunk is "processed" a little later.
        chain = chain.then(async () => {
          if (m.type === "data") {
            peak = Math.max(peak, Atomics.load(counter, 0));
            await new Promise((r) => setTimeout(r, 1));
            for (const c of m.chunks) parts.push(Buffer.from(c));
            // Here every byte is passed on: the views are their whole buffers.
            expect(m.bytes).toBe(m.chunks.reduce((n, c) => n + c.length, 0));
            expect(m.bytes).toBe(m.chunks.reduce((n, c) => n + c.buffer.byteLength, 0));
            Atomics.sub(counter, 0, m.bytes);
          } else if (m.type === "close") resolve(m.code);
          else reject(new Error(m.message));
        });
      });
    });
    await pump.terminate();
    expect(code).toBe(0);
    expect(Buffer.concat(parts).equals(expected)).toBe(true);
    // Paused at the limit: the backlog never holds more than the limit plus one coalesced message.
    expect(peak).toBeLessThanOrEqual(limit + (1 << 20));
    expect(peak).toBeLessThan(expected.length / 2);
  });
});

describe("history pump started ahead of its consumer", () => {
  it("keeps git's output, errors and exit until a consumer attaches, then replays them in order", async () => {
    const { HistoryPump } = await import("../dist/sources/history.js");
    const { historyCommand } = await import("../dist/sources/history-command.js");
    const dir = tempTree({ "README.md": "# early\n" });
    initRepo(dir);
    for (let c = 0; c < 12; c++) {
      writeFileSync(
        join(dir, `f${c % 3}.txt`),
        `${Array.from({ length: 200 }, (_, i) => `v${c}.${i}`).join("\n")}\n`,
      );
      // A one-line bundle rewritten by every commit: its old line is longer than any chunk of a pipe.
      writeFileSync(join(dir, "bundle.js"), `one line ${c} ${"b".repeat(100_000)}\n`);
      commitAll(dir, `c${c}`);
    }
    const place = { gitDir: join(dir, ".git"), prefix: "", excludes: [] };
    const command = historyCommand({ kind: "all" }, place);
    const expected = execFileSync("git", command.args, {
      cwd: command.cwd,
      env: command.env,
      maxBuffer: 1 << 28,
    });
    const pump = new HistoryPump();
    expect(pump.runs(command)).toBe(false);
    pump.start(command);
    expect(pump.runs(command)).toBe(true);
    expect(pump.runs(historyCommand({ kind: "all" }, { ...place, prefix: "sub/" }))).toBe(false);
    expect(() => pump.start(command)).toThrow(/already/);
    // Nobody listens yet: wait until git has exited and its close message is queued.
    for (let i = 0; i < 500 && pump.waitingMessages === 0; i++) await new Promise((r) => setTimeout(r, 10));
    let before = -1;
    for (let i = 0; i < 500 && before !== pump.waitingMessages; i++) {
      before = pump.waitingMessages;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(pump.waitingMessages).toBeGreaterThan(1);
    const parts: Buffer[] = [];
    const done = new Promise<number | null>((resolve) => {
      pump.attach((m: PumpMessage) => {
        if (m.type === "data") {
          for (const c of m.chunks) parts.push(Buffer.from(c));
          // What the limit counts is what the buffers hold, removed lines left out of a view and all.
          expect(m.bytes).toBe(m.chunks.reduce((n, c) => n + c.buffer.byteLength, 0));
          pump.processed(m.bytes);
        } else if (m.type === "close") resolve(m.code);
      });
    });
    // The queued messages were replayed inside attach.
    expect(parts.length).toBeGreaterThan(0);
    expect(await done).toBe(0);
    pump.close();
    // A history's pump leaves out the removed lines that cross a chunk's end (removed-lines.ts): the
    // rest is git's output, in order, and the one-line file rewritten by every commit lost its old text.
    const lines = expected.toString("latin1").split("\n");
    const left = Buffer.concat(parts).toString("latin1").split("\n");
    let i = 0;
    for (const line of lines) {
      if (i < left.length && left[i] === line) i++;
      else expect(line.startsWith("-")).toBe(true);
    }
    expect(i).toBe(left.length);
    expect(left.filter((l) => l.startsWith("-one line"))).toEqual([]);
    expect(lines.filter((l) => l.startsWith("-one line")).length).toBe(11);
    expect(left.filter((l) => l.startsWith("+one line")).length).toBe(12);
  });

  it("reports a git failure it saw before anyone attached", async () => {
    const { HistoryPump } = await import("../dist/sources/history.js");
    const { historyCommand } = await import("../dist/sources/history-command.js");
    const dir = tempTree({ "README.md": "# not a repo\n" });
    const pump = new HistoryPump();
    pump.start(historyCommand({ kind: "all" }, { gitDir: dir, prefix: "", excludes: [] }));
    for (let i = 0; i < 500 && pump.waitingMessages === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const seen: PumpMessage[] = [];
    await new Promise<void>((resolve) =>
      pump.attach((m: PumpMessage) => {
        seen.push(m);
        if (m.type === "close") resolve();
      }),
    );
    pump.close();
    const close = seen.find((m) => m.type === "close");
    expect(close && close.type === "close" && close.code).not.toBe(0);
    expect(close && close.type === "close" ? close.stderr : "").toMatch(/not a git repository/i);
  });
});
