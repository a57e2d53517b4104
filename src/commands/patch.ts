/** `scan --patch <file>`: the secure-syntax rewrite as a unified diff, plus the variables to provision. */
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { applyEdits, planPatch } from "../plan/patch.js";
import type { Report } from "../types.js";
import { unifiedDiff } from "../util/diff.js";

export interface PatchOutput {
  readonly diff: string;
  readonly summary: string;
}

export function buildPatch(report: Report, root: string): PatchOutput {
  let dir = resolve(root);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = process.cwd();
  }
  const plan = planPatch(report.findings);
  const parts: string[] = [];
  const vars = new Set<string>();
  for (const file of plan.files) {
    let text: string;
    try {
      text = readFileSync(resolve(dir, file.path), "utf8");
    } catch {
      continue;
    }
    parts.push(unifiedDiff(file.path, text, applyEdits(text, file.edits)));
    for (const v of file.variables) vars.add(v);
  }
  const lines = [
    `patch: ${plan.files.length} file${plan.files.length === 1 ? "" : "s"} rewritten to the client's secure syntax; apply with \`git apply\` from ${dir}.`,
    "patch: the diff holds the literals it removes (git needs them to apply it): keep it out of the repository and delete it once applied; revoke the secrets either way.",
  ];
  if (vars.size)
    lines.push(
      `provision these variables from your broker / secret manager at launch: ${[...vars].sort().join(", ")}`,
    );
  // One line per place: a minified line of 10,000 secrets gave 10,000 identical lines.
  const manual = new Map<string, number>();
  for (const m of plan.manual) {
    const at = `${m.path}:${m.line} (${m.why})`;
    manual.set(at, (manual.get(at) ?? 0) + 1);
  }
  for (const [at, n] of manual) lines.push(`manual: ${at}${n > 1 ? `, ${n} secrets` : ""}`);
  return { diff: parts.join(""), summary: `${lines.join("\n")}\n` };
}
