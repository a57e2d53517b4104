/** Blobs through one `git cat-file --batch`: many at once, large and small, missing and over the limit. */
import { createHash, randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BatchOutput, BlobReader } from "../src/sources/blobs.js";
import { commitAll, git, initRepo, tempDir } from "./cli-helpers.js";

const dir = tempDir("as-blobs-");
initRepo(dir);
// Sizes around cat-file's and the pipe's chunk sizes, so headers and line feeds fall across chunks.
/** Text bytes (no NUL) of `n` bytes. */
const textBytes = (n: number) => Buffer.from(randomBytes(n).map((b) => 32 + (b % 95)));
/** Binary bytes: a NUL early on. */
const binaryBytes = (n: number) => {
  const b = textBytes(n);
  b[5] = 0;
  return b;
};
const files: Record<string, Buffer> = {
  "empty.txt": Buffer.alloc(0),
  "one.txt": Buffer.from("x"),
  "small.json": Buffer.from('{"a": 1}\n'),
  "edge.txt": textBytes(65_536),
  "edge-1.txt": textBytes(65_535),
  "sniff.txt": textBytes(8000),
  "big.txt": Buffer.from("line of text\n".repeat(250_000)),
  "image.png": binaryBytes(3_000_001),
  "tiny.bin": binaryBytes(6),
  // A NUL past the first 8,000 bytes is text with a stray byte; UTF-16 with a byte-order mark is text.
  "late-nul.txt": Buffer.concat([textBytes(9000), Buffer.from([0]), textBytes(100)]),
  "utf16.txt": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("token ".repeat(5000), "utf16le")]),
};
/**
 * A blob as its length and SHA-256, or null: what the reads are compared by. vitest's toEqual walks a
 * Buffer byte by byte, and the MB-sized blobs below took this file's reads a minute of CPU (they timed
 * out on a busy machine).
 */
const digest = (b: Buffer | null) =>
  b === null ? null : `${b.length} bytes, sha256 ${createHash("sha256").update(b).digest("hex")}`;
/** What a read answers: the blob, or null for a binary one (its readers pass over it). */
const expected = (name: string, body = files[name]!) =>
  name.endsWith(".bin") || name.endsWith(".png") ? null : body;
for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
commitAll(dir, "blobs");
// The index holds a newer copy of one file than HEAD does.
writeFileSync(join(dir, "small.json"), '{"a": 2}\n');
git(dir, "add", "small.json");

const readers: BlobReader[] = [];
afterAll(() => {
  for (const r of readers) r.close();
});
const reader = (max = 10 * 1024 * 1024) => {
  const r = new BlobReader(dir, max);
  readers.push(r);
  return r;
};

/** cat-file's answer for each blob: a header, the body and a line feed; null: `missing`. */
function batchBytes(blobs: readonly (Buffer | null)[]): Buffer {
  return Buffer.concat(
    blobs.map((b, i) =>
      b === null
        ? Buffer.from(`HEAD:gone-${i} missing\n`)
        : Buffer.concat([Buffer.from(`${"0".repeat(39)}${i % 10} blob ${b.length}\n`), b, Buffer.from("\n")]),
    ),
  );
}

/** What BatchOutput gives for `bytes` fed in pieces ending at `cuts`. */
function parsed(bytes: Buffer, cuts: readonly number[], max: number): (Buffer | null)[] {
  const out: (Buffer | null)[] = [];
  const p = new BatchOutput(max, (b) => out.push(b));
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    p.push(bytes.subarray(from, cut));
    from = cut;
  }
  return out;
}

describe("BatchOutput", () => {
  const blobs = [
    Buffer.from("abc"),
    null,
    Buffer.alloc(0),
    Buffer.from("a\nline\n"),
    Buffer.from("x".repeat(40)),
    Buffer.from("PNG\0\x01\x02"),
    Buffer.from("text\n"),
  ];
  const max = 20; // the fifth blob is over it; the sixth is binary
  const want = [
    Buffer.from("abc"),
    null,
    Buffer.alloc(0),
    Buffer.from("a\nline\n"),
    null,
    null,
    Buffer.from("text\n"),
  ];
  const bytes = batchBytes(blobs);

  it("reads the same blobs however the output is cut: in one piece, in two anywhere, a byte at a time", () => {
    expect(parsed(bytes, [], max)).toEqual(want);
    for (let cut = 0; cut <= bytes.length; cut++)
      expect(parsed(bytes, [cut], max), `cut at ${cut}`).toEqual(want);
    expect(parsed(bytes, [...bytes.keys()], max)).toEqual(want);
  });

  it("answers null for a header whose size is no size, and reads on", () => {
    const odd = Buffer.concat([
      Buffer.from("0123 blob -5\n"),
      Buffer.from("0123 blob x\n"),
      batchBytes([Buffer.from("ok")]),
    ]);
    expect(parsed(odd, [], max)).toEqual([null, null, Buffer.from("ok")]);
  });

  it("reads a header cut across three pieces", () => {
    const header = bytes.indexOf(10); // the first header's line feed
    expect(parsed(bytes, [2, 5, header], max)).toEqual(want);
  });
});

describe("BlobReader", () => {
  it("reads every blob asked at once, whole and in order, from HEAD and from the index", async () => {
    const r = reader();
    const names = Object.keys(files);
    const [head, index] = await Promise.all([
      Promise.all(names.map((n) => r.read("HEAD", n))),
      Promise.all(names.map((n) => r.read("", n))),
    ]);
    names.forEach((name, i) => {
      expect(digest(head[i] ?? null), `HEAD:${name}`).toBe(digest(expected(name)));
      const staged = name === "small.json" ? Buffer.from('{"a": 2}\n') : files[name]!;
      expect(digest(index[i] ?? null), `:${name}`).toBe(digest(expected(name, staged)));
    });
  });

  it("answers null for a binary blob, a missing path or one over the limit, and reads on after it", async () => {
    const r = reader(1_000_000);
    const got = await Promise.all([
      r.read("HEAD", "image.png"),
      r.read("HEAD", "no-such-file"),
      r.read("HEAD", "edge.txt"),
      r.read("HEAD", "big.txt"),
      r.read("HEAD", "small.json"),
    ]);
    expect(got.map(digest)).toEqual([null, null, files["edge.txt"]!, null, files["small.json"]!].map(digest));
  });

  it("answers the reads asked just before it is closed", async () => {
    const r = reader();
    const pending = [r.read("HEAD", "one.txt"), r.read("", "small.json"), r.read("HEAD", "big.txt")];
    r.close(); // in the same turn: the requests are not written yet
    expect((await Promise.all(pending)).map(digest)).toEqual(
      [files["one.txt"]!, Buffer.from('{"a": 2}\n'), files["big.txt"]!].map(digest),
    );
  });

  it("answers null for a path with a line break, and for every read once closed", async () => {
    const r = reader();
    expect(await r.read("HEAD", "a\nb")).toBeNull();
    expect((await r.read("HEAD", "one.txt"))?.toString()).toBe("x");
    r.close();
    expect(await r.read("HEAD", "one.txt")).toBeNull();
  });
});
