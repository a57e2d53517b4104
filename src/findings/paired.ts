/**
 * How reports name the other halves of a finding's credential, found beside it (detect/pair-up.ts):
 * an AWS access key's id beside its secret is deleted and revoked with it. Pure.
 */
import type { PairedPart } from "../types.js";

/**
 * "AWS access key ID at 2:21 (AWS_ACCESS_KEY_ID)", each part named by its rule's name, `code` wrapping
 * the key path (backticks in markdown). Parts joined with "and".
 */
export function pairedWords(parts: readonly PairedPart[], code: (s: string) => string = (s) => s): string {
  return parts
    .map((p) => `${p.title} at ${p.line}:${p.column}${p.keyPath ? ` (${code(p.keyPath)})` : ""}`)
    .join(" and ");
}
