import type { Report } from "../types.js";

export interface ReportOptions {
  readonly showSecrets: boolean;
  readonly color: boolean;
}

export type Reporter = (report: Report, opts: ReportOptions) => string;
