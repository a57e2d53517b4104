/** The migration plan as a checklist a security lead can assign. No secret values appear in a plan. */
import type { Plan, PlanItem } from "../plan/types.js";

function item(i: PlanItem, n: number): string {
  const out: string[] = [];
  out.push(`### ${n}. ${i.priority} · ${i.credential} (\`${i.ruleId}\`)`, "");
  out.push(`- **Why ${i.priority}:** ${i.reasons.join("; ")}`);
  out.push(`- **Owner:** ${i.owner ?? "unassigned (no CODEOWNERS entry, not introduced by a known commit)"}`);
  out.push(`- **Found in ${i.locations.length} place${i.locations.length === 1 ? "" : "s"}:**`);
  for (const l of i.locations) {
    const bits = [
      l.keyPath && `\`${l.keyPath}\``,
      l.client && `${l.client}${l.server ? ` → \`${l.server}\`` : ""}`,
      l.commit && `commit ${l.commit.slice(0, 12)}`,
    ].filter(Boolean);
    out.push(
      `  - \`${l.path}:${l.line}\` — ${l.context}, ${l.exposure}${bits.length ? ` (${bits.join(", ")})` : ""}`,
    );
  }
  out.push(
    `- **Target:** ${i.target.mechanism} — federation ${i.federation === "full" ? "available today" : i.federation === "partial" ? "partly available" : "not offered by the provider: interim controls below"}`,
  );
  out.push("", "**Steps**", "");
  for (const s of i.steps) out.push(`- [ ] **${s.title}.** ${s.detail}`);
  if (i.interim.length) {
    out.push("", "**Interim controls until federation exists**", "");
    for (const c of i.interim) out.push(`- [ ] ${c}`);
  }
  for (const a of i.artifacts)
    out.push(
      "",
      `<details><summary>${a.title}</summary>`,
      "",
      `\`\`\`${a.language}`,
      a.content,
      "```",
      "",
      "</details>",
    );
  const fw = Object.entries(i.frameworks)
    .map(([k, v]) => `${k}: ${v.join(", ")}`)
    .join(" · ");
  if (fw) out.push("", `Frameworks: ${fw}`);
  if (i.references.length)
    out.push(
      "",
      `References: ${i.references.map((r) => `[${r.title}](${r.url})${r.verified ? ` (checked ${r.verified})` : ""}`).join(" · ")}`,
    );
  return out.join("\n");
}

export function renderPlanMarkdown(p: Plan): string {
  const s = p.summary;
  const lines = [
    "# Migration plan: from static secrets to workload identity and just-in-time credentials",
    "",
    `Target: \`${p.target}\``,
    "",
    `**${s.credentials} credential${s.credentials === 1 ? "" : "s"}** to migrate: ${
      Object.entries(s.byPriority)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(", ") || "none"
    }. ${s.federationToday} can move to federation today; ${s.interimControls} need interim controls because the provider offers no (or only partial) federation.`,
    "",
    "Each item: revoke now → remove the literal → establish workload identity → issue JIT credentials with a TTL → authorize each request with policy → revoke when the task ends → audit.",
    "",
  ];
  if (p.items.length === 0) lines.push("Nothing to migrate: no secrets were found.");
  p.items.forEach((it, i) => {
    lines.push(item(it, i + 1), "");
  });
  return `${lines.join("\n")}\n`;
}

export function renderPlanJson(p: Plan): string {
  return `${JSON.stringify(p, null, 2)}\n`;
}
