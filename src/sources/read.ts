/**
 * Reading one file defensively: symlinks (never followed out of the root), size cap, binary sniff,
 * encodings (UTF-8, UTF-16 with BOM, otherwise Latin-1 so byte offsets still map). Never throws.
 */
import { lstat, open, realpath } from "node:fs/promises";
import { resolve, sep } from "node:path";
import type { Diagnostic } from "../types.js";

export type ReadResult =
  | { readonly ok: true; readonly text: string; readonly bytes: number; readonly note?: Diagnostic }
  | { readonly ok: false; readonly diagnostic?: Diagnostic; readonly bytes: number };

const SNIFF = 8000;
const utf8 = new TextDecoder("utf-8", { fatal: true });

function diag(
  code: Diagnostic["code"],
  path: string,
  detail: string,
  severity: Diagnostic["severity"] = "info",
): Diagnostic {
  return { code, severity, path, detail };
}

/** A file that vanished mid-scan or cannot be read: a diagnostic, never a crash. */
function ioFailure(e: unknown, rel: string): ReadResult {
  const code = (e as NodeJS.ErrnoException).code;
  const diagnostic =
    code === "ENOENT"
      ? diag("vanished", rel, "the file disappeared before it could be read", "warning")
      : diag("unreadable", rel, `cannot read: ${code ?? (e as Error).message}`, "warning");
  return { ok: false, bytes: 0, diagnostic };
}

export async function readFileSafe(
  root: string,
  rel: string,
  maxBytes: number,
  realRoot: string,
  followInside = false,
): Promise<ReadResult> {
  const abs = resolve(root, rel);
  let st: Awaited<ReturnType<typeof lstat>>;
  try {
    st = await lstat(abs);
  } catch (e) {
    return ioFailure(e, rel);
  }
  if (st.isSymbolicLink()) {
    const r = await symlink(abs, rel, realRoot);
    if (!followInside || r.ok || r.diagnostic) return r;
    try {
      st = await lstat(await realpath(abs));
    } catch {
      return r;
    }
  }
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
  let buf: Buffer;
  try {
    const fh = await open(abs, "r");
    try {
      buf = await fh.readFile();
    } finally {
      await fh.close();
    }
  } catch (e) {
    return ioFailure(e, rel);
  }
  return decode(buf, rel);
}

async function symlink(abs: string, rel: string, realRoot: string): Promise<ReadResult> {
  try {
    const target = await realpath(abs);
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
    // Inside the root: the target is scanned under its own path.
    return { ok: false, bytes: 0 };
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
}

/** Decodes file bytes to text; binary files are skipped. Pure. */
export function decode(buf: Buffer, rel: string): ReadResult {
  const bytes = buf.length;
  if (bytes >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    const le = buf[0] === 0xff;
    const body = buf.subarray(2);
    const text = le ? body.toString("utf16le") : Buffer.from(body).swap16().toString("utf16le");
    return { ok: true, text, bytes };
  }
  const sniff = buf.subarray(0, SNIFF);
  if (sniff.includes(0))
    return {
      ok: false,
      bytes,
      diagnostic: diag("binary-skipped", rel, "binary file (NUL byte); not scanned"),
    };
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
