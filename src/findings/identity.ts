/**
 * Content-based identities. No line numbers: ids survive code motion, renames of other lines and
 * squash merges. A secret with little entropy (a password) is stretched with PBKDF2 first, so an id
 * never makes a weak secret cheap to guess; a high-entropy token is hashed directly.
 */
import { createRequire } from "node:module";
import { shannonEntropy } from "../detect/entropy.js";
import { detached } from "../util/strings.js";

// node:crypto costs a few milliseconds to load: only scans that find something pay for it.
const load = createRequire(import.meta.url);
let lib: typeof import("node:crypto") | undefined;
const crypto = () => (lib ??= load("node:crypto") as typeof import("node:crypto"));

const SALT = "agent-secrets/secret-id/v1";
const cache = new Map<string, string>();

/** Same secret anywhere → same id. */
export function secretIdOf(secret: string): string {
  let id = cache.get(secret);
  if (id === undefined) {
    const bits = shannonEntropy(secret) * secret.length;
    id =
      bits >= 128
        ? crypto().createHash("sha256").update(`${SALT}\u0000${secret}`).digest("hex").slice(0, 32)
        : crypto().pbkdf2Sync(secret, SALT, 20_000, 16, "sha256").toString("hex");
    if (cache.size > 50_000) cache.clear();
    cache.set(detached(secret), id);
  }
  return id;
}

/** One place a secret lives: rule + path (+ commit for history) + which occurrence in that file. */
export function findingIdOf(
  secretId: string,
  ruleId: string,
  path: string,
  commit: string,
  occurrence: number,
): string {
  return crypto()
    .createHash("sha256")
    .update(`${secretId}\u0000${ruleId}\u0000${path}\u0000${commit}\u0000${occurrence}`)
    .digest("hex")
    .slice(0, 24);
}
