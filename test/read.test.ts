/** Reading one file: small, empty, larger than the scratch buffer, over the limit, FIFO, folder. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFileSafe } from "../src/sources/read.js";
import { tempDir } from "./cli-helpers.js";
import { mkfifoSync } from "./fifo.js";

const root = tempDir("as-read-");
const read = (rel: string, max = 10 * 1024 * 1024) => readFileSafe(root, rel, max, root);

describe("readFileSafe", () => {
  it("reads small and empty files whole", () => {
    writeFileSync(join(root, "small.txt"), "héllo\n");
    writeFileSync(join(root, "empty.txt"), "");
    expect(read("small.txt")).toMatchObject({ ok: true, text: "héllo\n", bytes: 7 });
    expect(read("empty.txt")).toMatchObject({ ok: true, text: "", bytes: 0 });
  });

  it("reads files larger than one read buffer to the last byte", () => {
    for (const size of [256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 700_001]) {
      const body = `${"a".repeat(size - 4)}END\n`;
      writeFileSync(join(root, `big-${size}.txt`), body);
      const r = read(`big-${size}.txt`);
      expect(r.ok && r.text.length).toBe(size);
      expect(r.ok && r.text.endsWith("END\n")).toBe(true);
    }
    // Consecutive reads never see each other's bytes (the buffer is reused).
    writeFileSync(join(root, "after.txt"), "short");
    expect(read("after.txt")).toMatchObject({ ok: true, text: "short" });
  });

  it("reports files over the limit with their size, small or large", () => {
    writeFileSync(join(root, "limit.txt"), "x".repeat(5000));
    const r = read("limit.txt", 1000);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.diagnostic?.detail).toMatch(/^5000 bytes is over the 1000-byte limit/);
    writeFileSync(join(root, "limit-big.txt"), "x".repeat(300_000));
    const big = read("limit-big.txt", 299_999);
    expect(!big.ok && big.diagnostic?.code).toBe("too-large");
  });

  it("tells a binary file by its first bytes, large or small, and reads UTF-16 text as text", () => {
    const binary = (size: number, nulAt: number) => {
      const b = Buffer.alloc(size, 0x41);
      b[nulAt] = 0;
      return b;
    };
    for (const size of [5000, 256 * 1024, 256 * 1024 + 1, 3_000_000]) {
      writeFileSync(join(root, `bin-${size}.dat`), binary(size, 10));
      expect(read(`bin-${size}.dat`)).toEqual({
        ok: false,
        bytes: size,
        diagnostic: {
          code: "binary-skipped",
          severity: "info",
          path: `bin-${size}.dat`,
          detail: "binary file (NUL byte); not scanned",
        },
      });
    }
    // A NUL past the first 8,000 bytes is text with a stray byte: read whole.
    writeFileSync(join(root, "late-nul.txt"), binary(300_000, 9000));
    const late = read("late-nul.txt");
    expect(late.ok && late.text.length).toBe(300_000);
    // Over the limit, the size is what is reported (no read of its bytes at all).
    expect(read("bin-3000000.dat", 1_000_000)).toMatchObject({
      ok: false,
      diagnostic: { code: "too-large" },
    });
    // UTF-16 holds NULs in every ASCII character: a byte-order mark makes it text, in either order.
    const text = `${"token ".repeat(60_000)}END`;
    writeFileSync(
      join(root, "utf16le.txt"),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
    );
    writeFileSync(
      join(root, "utf16be.txt"),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]),
    );
    for (const name of ["utf16le.txt", "utf16be.txt"]) {
      const r = read(name);
      expect(r.ok && r.text.length).toBe(text.length);
      expect(r.ok && r.text.endsWith("token END")).toBe(true);
    }
  });

  it("notes a file gone from the work tree, and reads on", () => {
    const r = read("deleted.txt");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.diagnostic).toMatchObject({ code: "vanished", severity: "info", path: "deleted.txt" });
    expect(!r.ok && r.diagnostic?.detail).toMatch(/^not in the work tree/);
  });

  it("skips folders and FIFOs without a diagnostic and without blocking", () => {
    mkdirSync(join(root, "dir"));
    expect(read("dir")).toEqual({ ok: false, bytes: 0 });
    mkfifoSync(join(root, "pipe"));
    expect(read("pipe")).toEqual({ ok: false, bytes: 0 });
  });
});
