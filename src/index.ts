/**
 * The small programmatic API. The CLI flags, the JSON/SARIF/plan shapes, the rule schema and rule ids
 * are the public contract; everything else in the package is internal.
 */
export { buildPlan } from "./commands/plan.js";
export type { Plan, PlanItem } from "./plan/types.js";
export { REPORTERS } from "./report/index.js";
export { loadRuleset } from "./rules/load.js";
export type { Progress, ScanOptions } from "./scan.js";
export { scan } from "./scan.js";
export type { Diagnostic, Finding, Report, SecretGroup, Severity } from "./types.js";
