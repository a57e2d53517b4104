/**
 * `rules check`: every rule's examples through the real pipeline (with that rule alone, then with the
 * full set, where it must win its span), every negative example through the full set (no finding),
 * keywords present in examples, every regex proven free of catastrophic backtracking, and no pattern
 * that makes the regex engine look far back at every offset of a text.
 */
import { buildEngine, type Engine } from "../detect/engine.js";
import type { BuildContext } from "../findings/build.js";
import { scanFragment } from "../pipeline.js";
import type { Finding, Fragment } from "../types.js";
import { redosLib } from "../util/lazy.js";
import { expandFakes, FakeError } from "./examples.js";
import { splitFlags } from "./load.js";
import { farLookbehindFirst } from "./optimize.js";
import type { Problem } from "./schema.js";
import type { Rule, Ruleset } from "./types.js";

const CTX: BuildContext = { rules: new Map(), clients: new Map(), pathPrefix: "", root: "." };

/** Runs one text through the pipeline as an untyped text file. */
export function runExample(text: string, engine: Engine, only?: ReadonlySet<number>): Finding[] {
  const frag: Fragment = {
    text,
    origin: { kind: "file", path: "example.txt", exposure: "untracked" },
    firstLine: 1,
    context: { fileKind: "other" },
  };
  return scanFragment(frag, engine, { ...CTX, rules: engine.byId }, only).findings;
}

export interface CheckOptions {
  /** Skip the (slow) backtracking analysis. */
  readonly skipRedos?: boolean;
}

export function checkRuleset(ruleset: Ruleset, opts: CheckOptions = {}): Problem[] {
  const engine = buildEngine(ruleset);
  const problems: Problem[] = [];
  ruleset.rules.forEach((rule, index) => {
    const p = (message: string, level: Problem["level"] = "error") =>
      problems.push({ file: rule.source, ruleId: rule.id, message, level });
    checkExamples(rule, index, engine, p);
    checkNegatives(rule, engine, p);
    if (!opts.skipRedos) checkBacktracking(rule, p);
    checkLookbehindFirst(rule, p);
  });
  return problems;
}

type Report = (message: string, level?: Problem["level"]) => void;

function expand(template: string, salt: string, p: Report): string | undefined {
  try {
    return expandFakes(template, salt);
  } catch (e) {
    if (e instanceof FakeError) p(`example "${template}": ${e.message}`);
    else throw e;
    return undefined;
  }
}

function checkExamples(rule: Rule, index: number, engine: Engine, p: Report): void {
  const only = new Set([index]);
  rule.examples.forEach((template, i) => {
    const text = expand(template, `${rule.id}#${i}`, p);
    if (text === undefined) return;
    const lower = text.toLowerCase();
    if (!rule.keywords.some((k) => lower.includes(k))) {
      p(`example ${i + 1} contains none of the keywords [${rule.keywords.join(", ")}]`);
      return;
    }
    const alone = runExample(text, engine, only);
    if (alone.length !== 1) {
      p(
        `example ${i + 1} should give exactly one finding with this rule alone, got ${alone.length}: ${JSON.stringify(text)}`,
      );
      return;
    }
    const hit = alone[0]!;
    const all = runExample(text, engine).filter((f) => f.line === hit.line && f.column === hit.column);
    const winner = all[0];
    if (!winner || winner.ruleId !== rule.id) {
      p(
        `example ${i + 1} is reported as \`${winner?.ruleId ?? "nothing"}\` by the full rule set, not as this rule`,
      );
    }
  });
}

function checkNegatives(rule: Rule, engine: Engine, p: Report): void {
  rule.negativeExamples.forEach((template, i) => {
    const text = expand(template, `${rule.id}!${i}`, p);
    if (text === undefined) return;
    const hits = runExample(text, engine);
    if (hits.length) {
      p(
        `negative example ${i + 1} is reported by ${hits.map((h) => h.ruleId).join(", ")}: ${JSON.stringify(text)}`,
      );
    }
  });
}

/** Steps the backtracking analysis may take per regex: every built-in one finishes within 10,000 (two need more than 5,000). */
const ANALYSIS_STEPS = 20_000;
/** A last bound, far above what those steps take on a slow, busy machine. */
const ANALYSIS_TIMEOUT_MS = 30_000;

function checkBacktracking(rule: Rule, p: Report): void {
  const sources = [rule.pattern, ...(rule.key ? [rule.key.source] : [])];
  for (const src of sources) {
    const { source, ignoreCase } = splitFlags(src);
    // The scanner tries each start position once; what can blow up is the backtracking from one start,
    // so the pattern is analysed anchored there (total work stays linear × this bound).
    // Bounded by steps, not time: a time limit made the verdict depend on the machine's speed (a regex
    // whose analysis ends near the limit was an error on a fast machine and a warning on a slow one).
    const res = redosLib().isSafePattern(`^(?:${source})`, {
      maxSteps: ANALYSIS_STEPS,
      timeout: ANALYSIS_TIMEOUT_MS,
      maxScore: 250,
      caseInsensitive: ignoreCase,
    });
    if (!res.safe) {
      const unfinished = res.error === "timedOut" || res.error === "hitMaxSteps";
      const why = unfinished
        ? "analysis did not finish"
        : `worst-case backtracking ${res.score.infinite ? "unbounded" : res.score.value}`;
      p(`regex may backtrack catastrophically (${why}): ${src}`, unfinished ? "warning" : "error");
    }
  }
}

/**
 * A pattern that consumes nothing before a far-reaching look-behind is tried at every offset of a text,
 * back over the look-behind's reach each time: linear in the text, but a hundred times the cost of any
 * other rule on a long line. Consuming the match's first characters first, and looking behind from past
 * them, matches the same text.
 */
function checkLookbehindFirst(rule: Rule, p: Report): void {
  const group = farLookbehindFirst(splitFlags(rule.pattern).source);
  if (group === undefined) return;
  p(
    `pattern starts with a far-reaching look-behind, \`${group}\`, which the regex engine tries at every offset of the text; consume the match's first characters first and look behind from past them (\`(?<=mysql.*) -p\` matches what \` -p(?<=mysql.* -p)\` matches)`,
    "warning",
  );
}
