/** The paths and blob ids of `git diff` headers, as DiffParser reads them. Pure. */

/**
 * The blob id of a new file's `index 0000…..<id>` line as `--full-index` prints it (40 hex digits for
 * SHA-1, 64 for SHA-256), null for an abbreviated one or anything else. A mode after the ids (`index
 * a..b 100644`) is only printed when the mode did not change, never for a new file.
 */
export function newBlobOf(l: string): string | null {
  const m = /^index 0+\.\.([0-9a-f]{40}(?:[0-9a-f]{24})?)$/.exec(l);
  return m ? m[1]! : null;
}

/**
 * The path of a `diff --git a/p b/p` header (after `diff --git `). Without renames both sides name the
 * same path, which is how an unquoted header holding spaces (or " b/") is read unambiguously; null
 * when the two sides differ.
 */
export function headerPath(rest: string): string | null {
  if (rest.startsWith('"')) {
    // Quoted sides (control characters, quotes, backslashes): `"a/…" "b/…"`, the b side last.
    const at = rest.lastIndexOf(' "');
    if (at < 0) return null;
    const a = parseDiffPath(rest.slice(0, at));
    const b = parseDiffPath(rest.slice(at + 1));
    return b !== null && a === `a/${b}` ? b : null;
  }
  const n = (rest.length - 5) / 2;
  if (!Number.isInteger(n) || n <= 0 || !rest.startsWith("a/")) return null;
  const p = rest.slice(2, 2 + n);
  return rest.slice(2 + n) === ` b/${p}` ? p : null;
}

/** `b/path`, `"b/quoted\tpath"`, `/dev/null` → repo-relative path or null. */
export function parseDiffPath(raw: string): string | null {
  let s = raw.endsWith("\t") ? raw.slice(0, -1) : raw;
  if (s === "/dev/null") return null;
  if (s.startsWith('"') && s.endsWith('"')) s = unquoteC(s.slice(1, -1));
  return s.startsWith("b/") ? s.slice(2) : s;
}

function unquoteC(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== "\\") {
      for (const b of Buffer.from(ch, "utf8")) bytes.push(b);
      continue;
    }
    const n = s[++i] ?? "";
    if (/[0-7]/.test(n)) {
      const oct = s.slice(i, i + 3);
      bytes.push(Number.parseInt(oct, 8));
      i += 2;
    } else {
      const map: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 };
      bytes.push(map[n] ?? n.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
