import type { Report, Severity } from "../types.js";

/** Render-safe rule metadata (no regexes) for reporters that describe rules (SARIF). */
export interface RuleInfo {
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  readonly references: readonly string[];
  /** How to replace the credential, in markdown. */
  readonly remediation?: string;
}

export interface ReportOptions {
  readonly showSecrets: boolean;
  readonly color: boolean;
  readonly rules?: ReadonlyMap<string, RuleInfo>;
  /** Client display names and their secure syntax, for the text report's MCP hints. */
  readonly clients?: ReadonlyMap<string, { readonly name: string; readonly secure: string }>;
}

export type Reporter = (report: Report, opts: ReportOptions) => string;
