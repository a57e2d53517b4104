/**
 * Finding ids are computed when first read: a scan whose report prints no id (text, exit code)
 * stretches no weak secret, and what prints them gets the very ids an eager computation gives.
 */
import { createRequire } from "node:module";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findingIdOf, fromWire, identify, secretIdOf, toWire, withFields } from "../src/findings/identity.js";
import { REPORTERS } from "../src/report/index.js";
import { scan } from "../src/scan.js";
import type { Finding, Report } from "../src/types.js";
import { tempTree } from "./cli-helpers.js";

const crypto = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");

/** The v1 id scheme, written out: baselines and ignore files hold these, so they must never drift. */
function expectedSecretId(secret: string): string {
  return crypto.pbkdf2Sync(secret, "agent-secrets/secret-id/v1", 20_000, 16, "sha256").toString("hex");
}

/** A seed file of users with distinct weak passwords (each under the 128-bit stretch threshold). */
function seedTree(users: number, salt: string): string {
  const rows = Array.from(
    { length: users },
    (_, i) => `  { "name": "user${i}", "password": "{{fake:Pw${i}-:alnum:6}}" }`,
  );
  return tempTree({ "seed/users.json": `[\n${rows.join(",\n")}\n]\n` }, salt);
}

async function scanSeed(users: number, salt: string): Promise<Report> {
  return scan({ paths: [seedTree(users, salt)], history: false, includeDeps: false, rulesDirs: [] });
}

afterEach(() => vi.restoreAllMocks());

describe("lazy finding ids", () => {
  it("a scan and its text report stretch no secret; the ids read later are the eager ones", async () => {
    const sync = vi.spyOn(crypto, "pbkdf2Sync");
    const report = await scanSeed(12, "lazy-text");
    const text = REPORTERS.text!(report, { showSecrets: false, color: false });
    expect(report.findings).toHaveLength(12);
    expect(report.groups).toHaveLength(12);
    expect(text).toContain("seed/users.json");
    expect(sync).not.toHaveBeenCalled();

    const f = report.findings[3]!;
    expect(f.secretId).toBe(expectedSecretId(f.secret));
    expect(sync).toHaveBeenCalledTimes(2); // the id above, and the expectation's own stretch
    expect(f.secretId).toBe(secretIdOf(f.secret)); // kept: read again, computed once
    expect(sync).toHaveBeenCalledTimes(2);
    expect(f.id).toBe(findingIdOf(f.secretId, f.ruleId, f.path, "", 0));
    expect(report.groups.find((g) => g.findings[0] === f)?.secretId).toBe(f.secretId);
  });

  it("identify stretches each distinct weak secret once, off this thread, before the ids are read", async () => {
    const report = await scanSeed(9, "lazy-identify");
    const sync = vi.spyOn(crypto, "pbkdf2Sync");
    const async = vi.spyOn(crypto, "pbkdf2");
    await identify([...report.findings, ...report.findings]);
    expect(async).toHaveBeenCalledTimes(9);
    const ids = report.findings.map((f) => f.secretId);
    expect(sync).not.toHaveBeenCalled();
    sync.mockRestore();
    expect(ids).toEqual(report.findings.map((f) => expectedSecretId(f.secret)));
    await identify(report.findings); // all known now: nothing left to stretch
    expect(async).toHaveBeenCalledTimes(9);
  });

  it("a scan told its ids will be read starts the stretches as it finds the secrets", async () => {
    const async = vi.spyOn(crypto, "pbkdf2");
    const dir = seedTree(7, "lazy-early");
    const report = await scan({ paths: [dir], history: false, includeDeps: false, rulesDirs: [], ids: true });
    // Started during the scan, before anyone asked (a few at a time: libuv's pool also reads files).
    expect(async.mock.calls.length).toBeGreaterThan(0);
    const sync = vi.spyOn(crypto, "pbkdf2Sync");
    await identify(report.findings);
    expect(async).toHaveBeenCalledTimes(7); // each secret stretched once, those started included
    expect(report.findings.map((f) => f.secretId)).toHaveLength(7);
    expect(sync).not.toHaveBeenCalled();
    const later = await scanSeed(2, "lazy-not-early"); // the next scan, not told: nothing started
    expect(async).toHaveBeenCalledTimes(7);
    expect(later.findings).toHaveLength(2);
  });

  it("a scan that ends drops the stretches it had not started, and identify asks again for them", async () => {
    const async = vi.spyOn(crypto, "pbkdf2");
    const dir = seedTree(40, "lazy-drop");
    const report = await scan({ paths: [dir], history: false, includeDeps: false, rulesDirs: [], ids: true });
    const started = async.mock.calls.length;
    expect(started).toBeLessThan(40); // two at a time during the scan: most were still queued
    await new Promise((r) => setTimeout(r, 150)); // those running end; nothing queued starts after them
    expect(async).toHaveBeenCalledTimes(started);
    await identify(report.findings);
    expect(async).toHaveBeenCalledTimes(40);
    expect(report.findings.map((f) => f.secretId)).toEqual(
      report.findings.map((f) => expectedSecretId(f.secret)),
    );
  });

  it("JSON and SARIF print the scheme's ids once identify has run", async () => {
    const report = await scanSeed(5, "lazy-json");
    await identify(report.findings);
    const sync = vi.spyOn(crypto, "pbkdf2Sync");
    const json = JSON.parse(REPORTERS.json!(report, { showSecrets: false, color: false })) as {
      findings: { id: string; secretId: string }[];
      groups: { secretId: string }[];
    };
    const sarif = JSON.parse(REPORTERS.sarif!(report, { showSecrets: false, color: false })) as {
      runs: { results: { partialFingerprints: Record<string, string> }[] }[];
    };
    expect(sync).not.toHaveBeenCalled();
    sync.mockRestore();
    const want = report.findings.map((f) => expectedSecretId(f.secret));
    expect(json.findings.map((f) => f.secretId)).toEqual(want);
    expect(json.groups.map((g) => g.secretId)).toEqual(want);
    expect(json.findings.map((f) => f.id)).toEqual(
      report.findings.map((f, i) => findingIdOf(want[i]!, f.ruleId, f.path, "", 0)),
    );
    expect(sarif.runs[0]!.results.map((r) => r.partialFingerprints["agentSecrets/v1"])).toEqual(
      json.findings.map((f) => f.id),
    );
  });

  it("keeps ids unread through a worker's wire form and a change of fields, and lists them first", async () => {
    const report = await scanSeed(3, "lazy-wire");
    const sync = vi.spyOn(crypto, "pbkdf2Sync");
    const f = report.findings[1]!;
    const wired = fromWire(structuredClone(toWire(f)));
    const changed = withFields(wired, {
      introducedIn: { sha: "a".repeat(40), author: "x", date: "d", message: "m" },
    });
    expect(sync).not.toHaveBeenCalled();
    expect(Object.keys(changed).slice(0, 2)).toEqual(["id", "secretId"]);
    expect(changed.introducedIn?.sha).toBe("a".repeat(40));
    expect(JSON.parse(JSON.stringify(changed))).toMatchObject({
      id: f.id,
      secretId: f.secretId,
      path: f.path,
    });
    expect(wired).toEqual(f);
  });

  it("a plain finding (ids already read, e.g. spread by a library user) crosses the wire with them", async () => {
    const report = await scanSeed(2, "lazy-plain");
    const plain: Finding = { ...report.findings[0]! };
    const back = fromWire(structuredClone(toWire(plain)));
    expect(back).toEqual(plain);
    expect(back.secretId).toBe(expectedSecretId(plain.secret));
  });
});
