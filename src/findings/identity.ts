/**
 * Content-based identities. No line numbers: ids survive code motion, renames of other lines and
 * squash merges. The secret is stretched (PBKDF2) before hashing so an id never makes a weak
 * password cheap to guess.
 */
import { createHash, pbkdf2Sync } from "node:crypto";

const SALT = "agent-secrets/secret-id/v1";
const cache = new Map<string, string>();

/** Same secret anywhere → same id. */
export function secretIdOf(secret: string): string {
  let id = cache.get(secret);
  if (id === undefined) {
    id = pbkdf2Sync(secret, SALT, 2000, 16, "sha256").toString("hex");
    if (cache.size > 50_000) cache.clear();
    cache.set(secret, id);
  }
  return id;
}

/** One place a secret lives: rule + path (+ commit for history) + which occurrence in that file. */
export function findingIdOf(secretId: string, ruleId: string, path: string, commit: string, occurrence: number): string {
  return createHash("sha256")
    .update(`${secretId}\u0000${ruleId}\u0000${path}\u0000${commit}\u0000${occurrence}`)
    .digest("hex")
    .slice(0, 24);
}
