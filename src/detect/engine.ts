/**
 * The compiled detection engine: rules grouped by keyword, one Aho–Corasick automaton for all of them.
 * Built once per scan from a Ruleset; pure data afterwards (and cheap to rebuild inside a worker).
 */
import type { GlobalData, Rule, Ruleset } from "../rules/types.js";
import { KeywordMatcher } from "./prefilter.js";

export interface Engine {
  readonly rules: readonly Rule[];
  readonly byId: ReadonlyMap<string, Rule>;
  readonly global: GlobalData;
  readonly matcher: KeywordMatcher;
  /** keyword index → indexes (into rules) of the rules it enables. */
  readonly kwRules: readonly (readonly number[])[];
  /** keyword index → true when the keyword enables at least one keyed rule (drives key/value extraction). */
  readonly kwKeyed: readonly boolean[];
  /** Literal prefixes of provider token formats (`ghp_`, `xoxb-`…), for the generic judge. */
  readonly prefixes: readonly string[];
}

/**
 * `matcherFor` may supply a prebuilt automaton (the scan passes one loaded from the build-time cache);
 * by default it is built here.
 */
export function buildEngine(
  ruleset: Ruleset,
  matcherFor: (keywords: readonly string[]) => KeywordMatcher = (k) => new KeywordMatcher(k),
): Engine {
  const keywords: string[] = [];
  const index = new Map<string, number>();
  const kwRules: number[][] = [];
  const kwKeyed: boolean[] = [];
  ruleset.rules.forEach((rule, ri) => {
    for (const kw of rule.keywords) {
      let k = index.get(kw);
      if (k === undefined) {
        k = keywords.length;
        index.set(kw, k);
        keywords.push(kw);
        kwRules.push([]);
        kwKeyed.push(false);
      }
      kwRules[k]!.push(ri);
      if (rule.key) kwKeyed[k] = true;
    }
  });
  return {
    rules: ruleset.rules,
    byId: new Map(ruleset.rules.map((r) => [r.id, r])),
    global: ruleset.global,
    matcher: matcherFor(keywords),
    kwRules,
    kwKeyed,
    prefixes: [
      ...new Set(
        ruleset.rules
          .filter((r) => !r.generic && !r.key)
          .flatMap((r) => r.keywords.filter((k) => k.length >= 3 && /[_.-]$/.test(k))),
      ),
    ],
  };
}
