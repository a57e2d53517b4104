/**
 * Reading one file defensively: symlinks (never followed out of the root), size cap, binary sniff,
 * encodings (UTF-8, UTF-16 with BOM, otherwise Latin-1 so byte offsets still map). Never throws.
 */
import { isAscii } from "node:buffer";
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from "node:fs";
import { resolve, sep } from "node:path";
import type { Diagnostic } from "../types.js";
import { cryptoLib } from "../util/lazy.js";
import { offerSpare } from "../util/spare.js";
import { structuredByPath } from "./classify.js";

export type ReadResult =
  | {
      readonly ok: true;
      readonly text: string;
      readonly bytes: number;
      readonly note?: Diagnostic;
      /** The file's git blob id, when asked for and the text is plain (withBlobId). */
      readonly blob?: string;
    }
  | { readonly ok: false; readonly diagnostic?: Diagnostic; readonly bytes: number };

/** A file is binary when a NUL byte is in its first SNIFF bytes (binaryHead). */
export const SNIFF = 8000;
const utf8 = new TextDecoder("utf-8", { fatal: true });

function diag(
  code: Diagnostic["code"],
  path: string,
  detail: string,
  severity: Diagnostic["severity"] = "info",
): Diagnostic {
  return { code, severity, path, detail };
}

/**
 * A file gone from the work tree or that cannot be read: a diagnostic, never a crash. A file git's
 * index still lists after it was deleted (not staged) is gone, as one removed while the scan ran: a
 * note, not a warning (nothing in the work tree went unread; the history has its committed copy).
 */
function ioFailure(e: unknown, rel: string): ReadResult {
  const code = (e as NodeJS.ErrnoException).code;
  const diagnostic =
    code === "ENOENT"
      ? diag("vanished", rel, "not in the work tree: deleted since git listed it, or while the scan ran")
      : diag("unreadable", rel, `cannot read: ${code ?? (e as Error).message}`, "warning");
  return { ok: false, bytes: 0, diagnostic };
}

/** Where the platform has them: refuse to follow a final symlink, never block on a FIFO. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const OPEN_FLAGS = constants.O_RDONLY | NOFOLLOW | (constants.O_NONBLOCK ?? 0);

/**
 * Reads one file under `root` synchronously (open, fstat, read, close: the same system calls as the
 * plainest read loop). Symlinks are never followed out of `realRoot`; FIFOs, devices and folders are
 * skipped; files over `maxBytes` get a diagnostic. Never throws.
 */
export function readFileSafe(
  root: string,
  rel: string,
  maxBytes: number,
  realRoot: string,
  followInside = false,
  blobIds = false,
): ReadResult {
  const abs = joinPlain(root, rel);
  if (!NOFOLLOW) {
    // No O_NOFOLLOW (Windows): look before opening.
    try {
      if (lstatSync(abs).isSymbolicLink()) return viaSymlink(abs, rel, maxBytes, realRoot, followInside);
    } catch (e) {
      return ioFailure(e, rel);
    }
  }
  let fd: number;
  try {
    fd = openSync(abs, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || code === "EMLINK") {
      try {
        if (lstatSync(abs).isSymbolicLink()) return viaSymlink(abs, rel, maxBytes, realRoot, followInside);
      } catch {
        // fall through to the original error
      }
    }
    return ioFailure(e, rel);
  }
  try {
    // Most files fit the scratch buffer: one read, no fstat (whose Stats object costs more than the
    // read of a small file). Empty, large or over-limit files, and read errors, go through fstat.
    let n = -1;
    try {
      n = readSync(fd, SCRATCH, 0, SCRATCH.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EISDIR" && code !== "EAGAIN" && code !== "EWOULDBLOCK") throw e;
    }
    if (n > 0 && n < SCRATCH.length && n <= maxBytes) return decoded(SCRATCH.subarray(0, n), rel, blobIds);
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, bytes: 0 };
    if (st.size > maxBytes) {
      return {
        ok: false,
        bytes: 0,
        diagnostic: diag(
          "too-large",
          rel,
          `${st.size} bytes is over the ${maxBytes}-byte limit (--max-file-size); not scanned`,
          "warning",
        ),
      };
    }
    if (n >= 0 && n < SCRATCH.length) return decoded(SCRATCH.subarray(0, n), rel, blobIds);
    // A binary file is told by its first bytes, which the scratch buffer holds: the rest (an image,
    // an archive, a built library of up to --max-file-size) is never read.
    if (n > 0 && binaryHead(SCRATCH)) return binarySkipped(rel, st.size);
    const buf = readRest(fd, st.size, Math.max(0, n));
    const result = decoded(buf, rel, blobIds);
    // Every string decode() made is a copy: the buffer (its own block, never the pool's) is dead here.
    offerSpare(buf.buffer);
    return result;
  } catch (e) {
    return ioFailure(e, rel);
  } finally {
    closeSync(fd);
  }
}

/**
 * `root` + `rel` without path.resolve's normalisation when `rel` is a plain relative path (as git and
 * the walkers list them: no `.`/`..` segments, no leading slash); resolve() otherwise.
 */
function joinPlain(root: string, rel: string): string {
  if (rel === "" || rel.startsWith("/") || rel.includes("\\") || /(?:^|\/)\.\.?(?:\/|$)/.test(rel))
    return resolve(root, rel);
  return root.endsWith(sep) || root.endsWith("/") ? root + rel : `${root}${sep}${rel}`;
}

/**
 * Per-thread scratch for one read of a small file. decode() copies out of it (every string it makes is
 * a copy), so nothing holds on to it after the call.
 */
const SCRATCH = Buffer.allocUnsafeSlow(256 * 1024);

/**
 * A file larger than the scratch buffer, `size` bytes by fstat, whose first `done` bytes sit in the
 * scratch buffer (fewer bytes if it shrank meanwhile; growth after fstat is ignored).
 */
function readRest(fd: number, size: number, done: number): Buffer {
  const buf = Buffer.allocUnsafe(Math.max(size, done));
  SCRATCH.copy(buf, 0, 0, done);
  let off = done;
  while (off < size) {
    const n = readSync(fd, buf, off, size - off, null);
    if (n === 0) break;
    off += n;
  }
  return off === size ? buf : buf.subarray(0, off);
}

function viaSymlink(
  abs: string,
  rel: string,
  maxBytes: number,
  realRoot: string,
  followInside: boolean,
): ReadResult {
  let target: string;
  try {
    target = realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP")
      return {
        ok: false,
        bytes: 0,
        diagnostic: diag("symlink-loop", rel, "symbolic link loop; not followed", "warning"),
      };
    return { ok: false, bytes: 0 };
  }
  if (target !== realRoot && !target.startsWith(realRoot + sep)) {
    return {
      ok: false,
      bytes: 0,
      diagnostic: diag(
        "symlink-outside-root",
        rel,
        "symbolic link leads outside the scan root; not followed",
      ),
    };
  }
  // Inside the root: the target is scanned under its own path (or here, when asked to follow).
  if (!followInside) return { ok: false, bytes: 0 };
  const r = readFileSafe(target, "", maxBytes, realRoot);
  return r.ok || r.bytes ? r : { ok: false, bytes: 0 };
}

/**
 * Whether a file starting with `head` is binary: a NUL byte in its first SNIFF bytes, unless a UTF-16
 * byte-order mark opens it (UTF-16 text holds NULs).
 */
export function binaryHead(head: Buffer): boolean {
  return !utf16Bom(head) && head.subarray(0, SNIFF).includes(0);
}

/** Whether a UTF-16 byte-order mark (either byte order) opens `b`. */
function utf16Bom(b: Buffer): boolean {
  return b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
}

function binarySkipped(rel: string, bytes: number): ReadResult {
  return { ok: false, bytes, diagnostic: diag("binary-skipped", rel, "binary file (NUL byte); not scanned") };
}

/**
 * decode(), with the blob id when asked for (withBlobId) and the file may have a tree copy: a JSON,
 * YAML or TOML file is parsed and has none (the YAML tree committed once, its full scan in turns: 1.05
 * with every file hashed, 0.96-1.04 with these left out).
 */
function decoded(buf: Buffer, rel: string, blobIds: boolean): ReadResult {
  const r = decode(buf, rel);
  return blobIds && !structuredByPath(rel) ? withBlobId(r, buf) : r;
}

/** Files up to this size get a blob id (a history block's most: diff.ts MAX_BLOCK_CHARS). */
export const BLOB_ID_MAX = 1 << 20;

/**
 * `r` with its bytes' git blob id (SHA-1 of `blob <length>\0` and the bytes, as `git hash-object`
 * gives it) when its text is the bytes as git's output shows them: ASCII or UTF-8 with no byte-order
 * mark, not decoded as Latin-1 or UTF-16, and at most BLOB_ID_MAX bytes. A history then knows a file a
 * commit added with this content (tree-copies.ts).
 */
export function withBlobId(r: ReadResult, buf: Buffer): ReadResult {
  if (!r.ok || r.note || buf.length > BLOB_ID_MAX || utf16Bom(buf)) return r;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return r;
  const blob = cryptoLib().createHash("sha1").update(`blob ${buf.length}\0`).update(buf).digest("hex");
  return { ok: true, text: r.text, bytes: r.bytes, blob };
}

/** Decodes file bytes to text; binary files are skipped. Pure. */
export function decode(buf: Buffer, rel: string): ReadResult {
  const bytes = buf.length;
  if (utf16Bom(buf)) {
    const le = buf[0] === 0xff;
    const body = buf.subarray(2);
    const text = le ? body.toString("utf16le") : Buffer.from(body).swap16().toString("utf16le");
    return { ok: true, text, bytes };
  }
  if (binaryHead(buf)) return binarySkipped(rel, bytes);
  // Pure ASCII (most source files): a Latin-1 copy is the same text, and the cheapest decode there is.
  if (isAscii(buf)) return { ok: true, text: buf.toString("latin1"), bytes };
  try {
    let text = utf8.decode(buf);
    if (text.charCodeAt(0) === 0xfeff) text = ` ${text.slice(1)}`; // keep offsets, drop the BOM
    return { ok: true, text, bytes };
  } catch {
    return {
      ok: true,
      text: buf.toString("latin1"),
      bytes,
      note: diag("not-utf8", rel, "not valid UTF-8; scanned as Latin-1"),
    };
  }
}
