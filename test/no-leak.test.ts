/** Property: no secret ever appears in any rendered report unless --show-secrets. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REPORTERS } from "../src/report/index.js";
import { renderDiagnostics, renderSummary } from "../src/report/text.js";
import { runExample } from "../src/rules/check.js";
import { expandFakes } from "../src/rules/examples.js";
import { builtinEngine, reportOf } from "./helpers.js";

describe("no secret leaks into any output", () => {
  const engine = builtinEngine();
  const examples = engine.rules.flatMap((r) => r.examples.map((e) => ({ rule: r.id, template: e })));

  it("holds for every reporter, for findings of random rules and random fakes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: examples.length - 1 }), { minLength: 1, maxLength: 6 }),
        fc.string({ maxLength: 8 }),
        (picks, salt) => {
          const text = picks.map((i) => expandFakes(examples[i]!.template, salt)).join("\n");
          const findings = runExample(text, engine);
          const report = reportOf(findings);
          for (const [name, render] of Object.entries(REPORTERS)) {
            const hidden = render(report, { showSecrets: false, color: true });
            for (const f of findings) {
              expect(hidden.includes(f.secret), `${name} leaked ${f.ruleId}`).toBe(false);
            }
            if (findings.length && name === "text") {
              const shown = render(report, { showSecrets: true, color: false });
              expect(shown.includes(findings[0]!.secret)).toBe(true);
            }
            if (findings.length && name === "json") {
              const shown = JSON.parse(render(report, { showSecrets: true, color: false }));
              expect(shown.findings[0].secret).toBe(findings[0]!.secret);
            }
          }
          const stderr =
            renderSummary(report, { showSecrets: false, color: false }) +
            renderDiagnostics([], { showSecrets: false, color: false }, true);
          for (const f of findings) expect(stderr.includes(f.secret)).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });
});
