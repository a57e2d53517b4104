/** A small unified-diff writer (LCS over lines) for `--patch`; fine for config-sized files. */

type Op = { kind: " " | "-" | "+"; line: string; a: number; b: number };

function ops(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) out.push({ kind: " ", line: a[i]!, a: i++, b: j++ });
    else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
      out.push({ kind: "-", line: a[i]!, a: i++, b: j });
    else out.push({ kind: "+", line: b[j]!, a: i, b: j++ });
  }
  return out;
}

/** `git apply`-able unified diff of one file, or "" when nothing changed. */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const a = before.split("\n");
  const b = after.split("\n");
  const aEndsNl = before.endsWith("\n");
  const bEndsNl = after.endsWith("\n");
  if (aEndsNl) a.pop();
  if (bEndsNl) b.pop();
  const all = ops(a, b);
  const changed = all.map((o, k) => (o.kind !== " " ? k : -1)).filter((k) => k >= 0);
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const from = Math.max(0, k - context);
    const to = Math.min(all.length - 1, k + context);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1] + 1) last[1] = to;
    else hunks.push([from, to]);
  }
  const lines = [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`];
  for (const [from, to] of hunks) {
    const body = all.slice(from, to + 1);
    const aStart = body.find((o) => o.kind !== "+")?.a ?? body[0]!.a;
    const bStart = body.find((o) => o.kind !== "-")?.b ?? body[0]!.b;
    const aLen = body.filter((o) => o.kind !== "+").length;
    const bLen = body.filter((o) => o.kind !== "-").length;
    lines.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`);
    for (const o of body) {
      lines.push(`${o.kind}${o.line}`);
      const lastOfA = o.kind !== "+" && o.a === a.length - 1 && !aEndsNl;
      const lastOfB = o.kind !== "-" && o.b === b.length - 1 && !bEndsNl;
      if (
        (o.kind === "-" && lastOfA) ||
        (o.kind === "+" && lastOfB) ||
        (o.kind === " " && (lastOfA || lastOfB))
      ) {
        lines.push("\\ No newline at end of file");
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
