/** The options of `scan`, `baseline` and `plan` as commander parses them (cli.ts), and what they ask for. */
import type { Severity } from "../types.js";

export interface ScanFlags {
  format: string;
  output?: string;
  json?: string;
  sarif?: string;
  markdown?: string;
  baseline?: string;
  plan?: string | true;
  patch?: string;
  home?: boolean;
  threads?: number;
  showSecrets?: boolean;
  color: boolean;
  failOn?: Severity | "none";
  history: boolean;
  range?: string;
  since?: string;
  staged?: boolean;
  config?: string;
  rules: string[];
  maxFileSize?: number;
  includeDeps?: boolean;
  verbose?: boolean;
  debug?: boolean;
  quiet?: boolean;
}

/** Whether the outputs `flags` ask for print every finding's ids (JSON, SARIF, a plan). */
export function readsIds(flags: ScanFlags): boolean {
  return (
    flags.format === "json" ||
    flags.format === "sarif" ||
    Boolean(flags.json || flags.sarif) ||
    flags.plan !== undefined
  );
}
