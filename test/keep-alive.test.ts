/**
 * A process must not end while a scan still waits: Node does not count a pending Atomics.waitAsync as
 * work, and a CLI run that ended that way exited 0 with no report (util/keep-alive.ts).
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { waitShared } from "../src/util/keep-alive.js";

const lib = pathToFileURL(resolve(__dirname, "../dist/util/keep-alive.js")).href;

/** Runs `body` as an ES module in a fresh Node process, after importing keep-alive's exports. */
function child(body: string) {
  const script = `import { onUnsettled, waitShared } from ${JSON.stringify(lib)};\n${body}`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("waitShared", () => {
  it("holds the process open until its time is up when nothing else does", () => {
    // Nothing but the wait is pending: with a bare Atomics.waitAsync this process ends before "after".
    const r = child(`const a = new Int32Array(new SharedArrayBuffer(4));
      await waitShared(a, 0, 0, 40);
      console.log("after", Atomics.load(a, 0));`);
    expect([r.code, r.stdout.trim()]).toEqual([0, "after 0"]);
  });

  it("ends as soon as the value changes and is notified, and at once when it already differs", async () => {
    const a = new Int32Array(new SharedArrayBuffer(4));
    setTimeout(() => {
      Atomics.store(a, 0, 7);
      Atomics.notify(a, 0);
    }, 10);
    // A minute-long wait: were the notify missed, the test would time out.
    await waitShared(a, 0, 0, 60_000);
    expect(Atomics.load(a, 0)).toBe(7);
    await waitShared(a, 0, 0, 60_000);
  });
});

describe("onUnsettled", () => {
  it("reports a run the process would end without finishing", () => {
    const r = child(`onUnsettled(new Promise(() => {}), () => {
        process.stderr.write("unfinished\\n");
        process.exitCode = 2;
      });`);
    expect([r.code, r.stderr]).toEqual([2, "unfinished\n"]);
  });

  it("says nothing of a run that finishes, however late, and passes its result on", () => {
    const r = child(`const late = new Promise((done) => setTimeout(() => done("result"), 50));
      onUnsettled(late, () => {
        process.stderr.write("unfinished\\n");
        process.exitCode = 2;
      }).then((v) => console.log(v));
      process.on("beforeExit", () => process.stderr.write("other listener\\n")); // left in place`);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "result\n", "other listener\n"]);
  });
});
