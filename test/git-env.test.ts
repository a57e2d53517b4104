/**
 * The environment the scan's git processes get: glibc's malloc tuned for git's run (GIT_MALLOC), the
 * user's own tunables after it, and nothing added where the C library is not glibc's.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { GIT_MALLOC, gitEnv, gitTunables, runGit } from "../src/sources/git.js";
import { tempDir } from "./cli-helpers.js";

/** glibc's dynamic loader, which lists the tunables a process starts with (glibc 2.33 on). */
const LOADER = ["/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"].find((p) => existsSync(p));

/** The malloc tunables a program started with `env` gets, as glibc read them (`name: value`). */
function tunablesSeen(env: NodeJS.ProcessEnv): Record<string, string> {
  const res = spawnSync(LOADER!, ["--list-tunables"], { env, encoding: "utf8" });
  const out: Record<string, string> = {};
  for (const m of res.stdout.matchAll(/^glibc\.malloc\.(\w+): (0x[0-9a-f]+)/gm)) out[m[1]!] = m[2]!;
  return out;
}

describe("git's environment", () => {
  it("gives glibc's malloc its settings on Linux, the user's own tunables after them", () => {
    expect(gitTunables("linux", undefined)).toEqual({ GLIBC_TUNABLES: GIT_MALLOC });
    expect(gitTunables("linux", "")).toEqual({ GLIBC_TUNABLES: GIT_MALLOC });
    expect(gitTunables("linux", "glibc.malloc.hugetlb=0")).toEqual({
      GLIBC_TUNABLES: `${GIT_MALLOC}:glibc.malloc.hugetlb=0`,
    });
    for (const platform of ["darwin", "win32", "freebsd"] as const)
      expect(gitTunables(platform, "x=1")).toEqual({});
  });

  it.runIf(process.platform === "linux")("reaches the git process the scan starts", async () => {
    // A `git` first on PATH that prints what it was given.
    const bin = tempDir();
    const fake = join(bin, "git");
    writeFileSync(fake, '#!/bin/sh\nprintf "%s" "$GLIBC_TUNABLES"\n');
    chmodSync(fake, 0o755);
    const saved = process.env.PATH;
    try {
      process.env.PATH = `${bin}${delimiter}${saved}`;
      const r = await runGit(["status"], tempDir());
      expect(r.stdout.toString("utf8")).toBe(GIT_MALLOC);
    } finally {
      process.env.PATH = saved;
    }
  });

  it.runIf(process.platform === "linux" && LOADER !== undefined)(
    "is read by glibc as meant, a user's setting winning",
    () => {
      const saved = process.env.GLIBC_TUNABLES;
      try {
        delete process.env.GLIBC_TUNABLES;
        expect(tunablesSeen(gitEnv())).toMatchObject({
          hugetlb: "0x1",
          mmap_threshold: "0x2000000",
          trim_threshold: "0x10000000",
          top_pad: "0x4000000",
        });
        process.env.GLIBC_TUNABLES = "glibc.malloc.hugetlb=0:glibc.malloc.top_pad=4096";
        expect(tunablesSeen(gitEnv())).toMatchObject({
          hugetlb: "0x0",
          mmap_threshold: "0x2000000",
          top_pad: "0x1000",
        });
      } finally {
        if (saved === undefined) delete process.env.GLIBC_TUNABLES;
        else process.env.GLIBC_TUNABLES = saved;
      }
    },
  );
});
