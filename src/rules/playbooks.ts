/**
 * Start-up loader for replacement playbooks (rules/playbooks/*.yaml): how to replace one credential
 * type with workload identity and short-lived credentials. The planner in src/plan/ is pure and gets
 * these as data.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Playbook } from "../plan/types.js";
import { append } from "../util/arrays.js";
import { BUILTIN_RULES_DIR, readYaml } from "./load.js";
import type { Problem } from "./schema.js";

let cached: Map<string, Playbook> | undefined;

export function loadPlaybooks(dir = join(BUILTIN_RULES_DIR, "playbooks")): {
  playbooks: Map<string, Playbook>;
  problems: Problem[];
} {
  const problems: Problem[] = [];
  const playbooks = new Map<string, Playbook>();
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .sort();
  } catch {
    return { playbooks, problems };
  }
  for (const name of names) {
    const file = `rules/playbooks/${name}`;
    const parsed = readYaml(join(dir, name), file, problems);
    if (!parsed) continue;
    append(problems, parsed.problems);
    const v = parsed.value as Playbook | null;
    if (!v || typeof v !== "object" || typeof v.id !== "string") {
      problems.push({ file, level: "error", message: "a playbook needs an `id`" });
      continue;
    }
    playbooks.set(v.id, v);
  }
  return { playbooks, problems };
}

export function builtinPlaybooks(): Map<string, Playbook> {
  cached ??= loadPlaybooks().playbooks;
  return cached;
}

/** Markdown remediation for a playbook id (SARIF help), or undefined when there is no such playbook. */
export function remediationOf(id: string): string | undefined {
  const p = builtinPlaybooks().get(id);
  if (!p) return undefined;
  const target = p.contexts.default;
  const lines = [
    `1. **Revoke or rotate it now.** ${p.revoke.how}${p.revoke.url ? ` (${p.revoke.url})` : ""}`,
    "2. **Remove the literal** from the file and from git history exposure (it stays valid until revoked).",
    target
      ? `3. **Replace it:** ${target.mechanism}.${target.ttl?.default ? ` Credentials live ${target.ttl.default}.` : ""}`
      : "",
    p.interim?.length ? `4. **Until then:** ${p.interim.join("; ")}.` : "",
  ];
  return lines.filter(Boolean).join("\n");
}
