import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findingIdOf, secretIdOf } from "../src/findings/identity.js";
import { redact } from "../src/findings/redact.js";

describe("redact", () => {
  it("keeps a known prefix and a short tail only", () => {
    expect(redact("ghp_abcdefghijklmnopqrstuvwxyz0123456789")).toBe("ghp_…789");
    expect(redact("sk-proj-abcdefghijklmnopqrstuvwxyz0123456789")).toBe("sk-proj-…789");
    expect(redact("short")).toBe("…");
    expect(redact("-----BEGIN RSA PRIVATE KEY-----\nMIIE")).toBe("-----BEGIN RSA PRIVATE KEY-----…");
  });

  it("never reveals a secret of 9+ characters", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 9, maxLength: 200 }), (s) => {
        const r = redact(s);
        expect(r.includes(s.replace(/\s+/g, " "))).toBe(false);
        expect(r.length).toBeLessThan(Math.max(s.length, 12));
      }),
    );
  });
});

describe("identity", () => {
  it("is content based: same secret → same id; ids do not contain the secret", () => {
    const a = secretIdOf("hunter2-but-longer");
    expect(secretIdOf("hunter2-but-longer")).toBe(a);
    expect(secretIdOf("hunter2-but-longes")).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(findingIdOf(a, "r", "p", "", 0)).not.toBe(findingIdOf(a, "r", "p", "", 1));
    expect(findingIdOf(a, "r", "p", "", 0)).toBe(findingIdOf(a, "r", "p", "", 0));
  });
});
