import { describe, expect, it } from "vitest";
import { runValidator } from "../src/detect/validate.js";
import { expandFakes, FakeError } from "../src/rules/examples.js";

describe("{{fake}} expansion", () => {
  it("expands deterministically to the prefix plus N characters of the charset", () => {
    const a = expandFakes("t={{fake:ghp_:alnum:36}}");
    expect(a).toMatch(/^t=ghp_[A-Za-z0-9]{36}$/);
    expect(expandFakes("t={{fake:ghp_:alnum:36}}")).toBe(a);
    expect(expandFakes("{{fake::hex:32}}")).toMatch(/^[0-9a-f]{32}$/);
    expect(expandFakes("{{fake:AKIA:upper:16}}")).toMatch(/^AKIA[A-Z0-9]{16}$/);
  });

  it("gives each fake in a template its own value, and the salt changes it", () => {
    const [x, y] = expandFakes("{{fake::alnum:20}} {{fake::alnum:20}}").split(" ");
    expect(x).not.toBe(y);
    expect(expandFakes("{{fake::alnum:20}}", "a")).not.toBe(expandFakes("{{fake::alnum:20}}", "b"));
  });

  it("appends a valid CRC32 checksum with :crc32", () => {
    const t = expandFakes("{{fake:ghp_:alnum:36:crc32}}");
    expect(t).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
    expect(runValidator("crc32-base62", t)).toBe(true);
    expect(runValidator("crc32-base62", `${t.slice(0, -1)}${t.endsWith("A") ? "B" : "A"}`)).toBe(false);
  });

  it("rejects unknown charsets", () => {
    expect(() => expandFakes("{{fake::nope:5}}")).toThrow(FakeError);
  });
});
