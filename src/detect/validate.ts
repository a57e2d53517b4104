/** The closed set of offline validators a rule may name (`validate:` in rule files). */

import type { ValidatorName } from "../rules/types.js";
import { crc32Base62 } from "../util/crc32.js";

function b64urlJson(part: string): unknown {
  try {
    const s = Buffer.from(part.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

const CHECKS: Record<ValidatorName, (secret: string) => boolean> = {
  /** The last 6 characters of the body (after the last `_`) are base62(crc32(rest of body)). */
  "crc32-base62": (secret) => {
    const body = secret.slice(secret.lastIndexOf("_") + 1);
    if (body.length < 7) return false;
    return crc32Base62(body.slice(0, -6)) === body.slice(-6);
  },
  jwt: (secret) => {
    const parts = secret.split(".");
    if (parts.length !== 3) return false;
    const header = b64urlJson(parts[0]!);
    const payload = b64urlJson(parts[1]!);
    if (typeof header !== "object" || header === null || !("alg" in header)) return false;
    if (typeof payload !== "object" || payload === null) return false;
    // Public by design: Supabase anon keys are meant to ship in browsers.
    return (payload as { role?: unknown }).role !== "anon";
  },
  "base64-json": (secret) => {
    const v = b64urlJson(secret);
    return typeof v === "object" && v !== null;
  },
};

export function runValidator(name: ValidatorName, secret: string): boolean {
  return CHECKS[name](secret);
}
