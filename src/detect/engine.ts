/**
 * The compiled detection engine: rules grouped by keyword, one Aho–Corasick automaton for all of them.
 * Built once per scan from a Ruleset; pure data afterwards (and cheap to rebuild inside a worker).
 */
import { matchPrefix } from "../rules/optimize.js";
import type { GlobalData, Rule, Ruleset } from "../rules/types.js";
import { type HitTables, hitTables } from "./hit-plan.js";
import { KeywordMatcher } from "./prefilter.js";
import { SCHEME_WORDS } from "./scheme-header.js";

/**
 * A pattern rule whose every match starts with one of its keywords: it is tried (sticky) only where
 * that keyword starts, never scanned over the whole text.
 */
export interface Anchor {
  /** Length of the keyword every match starts with (its hits end this far into a match). */
  readonly length: number;
  /** The rule's regex, sticky. */
  readonly sticky: RegExp;
}

/**
 * A pattern rule led by a look-around whose every match starts with a literal prefix: matched on a
 * whole text, it is tried (sticky) only where that prefix occurs. V8 does not search for a literal
 * behind a leading look-around; it tries every offset (each private-key rule took 5-9 ms on a 4 MB
 * bundle that way).
 */
export interface Lead {
  /** Text every match starts with, case and all. */
  readonly prefix: string;
  /** The rule's regex, sticky. */
  readonly sticky: RegExp;
}

export interface Engine {
  readonly rules: readonly Rule[];
  readonly byId: ReadonlyMap<string, Rule>;
  readonly global: GlobalData;
  readonly matcher: KeywordMatcher;
  /** rule index → its anchor, for pattern rules whose matches all start with a keyword. */
  readonly anchors: readonly (Anchor | undefined)[];
  /** rule index → its lead, for pattern rules that are not anchored (see Lead). */
  readonly leads: readonly (Lead | undefined)[];
  /**
   * What each keyword enables, as numbers (hit-plan.ts; the reading thread is handed them): its rules
   * (an anchored rule is enabled by its anchor keyword alone: without it in the text, the rule cannot
   * match), whether one of them is keyed (its hits drive key/value extraction), whether it is the
   * scheme of an authorization header (scheme-header.ts SCHEME_WORDS, a keyword whether or not a rule has
   * it), and its length.
   */
  readonly tables: HitTables;
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
  const kwKeyed: number[] = [];
  const kwScheme: number[] = [];
  /** The index of keyword `kw`, added (with no rules yet) on first sight. */
  const keywordIndex = (kw: string): number => {
    let k = index.get(kw);
    if (k === undefined) {
      k = keywords.length;
      index.set(kw, k);
      keywords.push(kw);
      kwRules.push([]);
      kwKeyed.push(0);
      kwScheme.push(0);
    }
    return k;
  };
  const anchors: (Anchor | undefined)[] = [];
  const leads: (Lead | undefined)[] = [];
  ruleset.rules.forEach((rule, ri) => {
    const anchor = rule.key ? undefined : anchorKeyword(rule);
    const sticky = () => new RegExp(rule.regex.source, `${rule.regex.flags}y`);
    anchors.push(anchor === undefined ? undefined : { length: anchor.length, sticky: sticky() });
    const led = !rule.key && !anchor && !rule.regex.ignoreCase && /^\(\?<?[=!]/.test(rule.regex.source);
    const prefix = led ? (rule.prefix ?? matchPrefix(rule.regex.source)) : "";
    leads.push(prefix ? { prefix, sticky: sticky() } : undefined);
    for (const kw of anchor ? [anchor] : rule.keywords) {
      const k = keywordIndex(kw);
      kwRules[k]!.push(ri);
      if (rule.key) kwKeyed[k] = 1;
    }
  });
  for (const word of SCHEME_WORDS) kwScheme[keywordIndex(word)] = 1;
  const tables = hitTables(keywords, kwRules, kwKeyed, kwScheme, ruleset.rules.length);
  return {
    rules: ruleset.rules,
    byId: new Map(ruleset.rules.map((r) => [r.id, r])),
    global: ruleset.global,
    matcher: matcherFor(keywords),
    tables,
    anchors,
    leads,
    prefixes: [
      ...new Set(
        ruleset.rules
          .filter((r) => !r.generic && !r.key)
          .flatMap((r) => r.keywords.filter((k) => k.length >= 3 && /[_.-]$/.test(k))),
      ),
    ],
  };
}

/** The longest keyword every match of a pattern rule starts with (keywords are lower case). */
function anchorKeyword(rule: Rule): string | undefined {
  const prefix = (rule.prefix ?? matchPrefix(rule.regex.source)).toLowerCase();
  let best: string | undefined;
  for (const kw of rule.keywords) if (prefix.startsWith(kw) && kw.length > (best?.length ?? 0)) best = kw;
  return best;
}
