/**
 * Every rule's examples through the real pipeline with that rule alone (exactly one finding of it),
 * then with the full rule set (it must win its span); every negative example through the full set
 * (no finding). Generated from the rule files: a new rule is tested by being added.
 */
import { describe, expect, it } from "vitest";
import { buildEngine } from "../src/detect/engine.js";
import { judge, urlAround, urlHostAround } from "../src/detect/judge.js";
import { runExample } from "../src/rules/check.js";
import { expandFakes } from "../src/rules/examples.js";
import { loadRuleset } from "../src/rules/load.js";
import { validateProviderFile } from "../src/rules/schema.js";

const { ruleset, problems } = loadRuleset();

/** A candidate of rule `ruleId` for `secret`, where it first occurs in `text`. */
function candidateIn(text: string, secret: string, ruleId: string) {
  const start = text.indexOf(secret);
  return { ruleId, secret, start, end: start + secret.length, entropy: 4, priority: 30 };
}
const engine = buildEngine(ruleset);

describe("rule files", () => {
  it("load without problems", () => {
    expect(problems.map((p) => `${p.file}:${p.line ?? ""} ${p.ruleId ?? ""} ${p.message}`)).toEqual([]);
  });

  it("number at least 150 provider rules with unique ids", () => {
    const provider = ruleset.rules.filter((r) => !r.generic);
    expect(provider.length).toBeGreaterThanOrEqual(150);
    expect(new Set(ruleset.rules.map((r) => r.id)).size).toBe(ruleset.rules.length);
  });
});

ruleset.rules.forEach((rule, index) => {
  describe(`${rule.id}`, () => {
    rule.examples.forEach((template, i) => {
      it(`example ${i + 1} is found`, () => {
        const text = expandFakes(template, `${rule.id}#${i}`);
        const alone = runExample(text, engine, new Set([index]));
        expect(
          alone.map((f) => f.ruleId),
          text,
        ).toEqual([rule.id]);
        const all = runExample(text, engine).filter(
          (f) => f.line === alone[0]!.line && f.column === alone[0]!.column,
        );
        expect(
          all.map((f) => f.ruleId),
          text,
        ).toEqual([rule.id]);
      });
    });
    rule.negativeExamples.forEach((template, i) => {
      it(`negative example ${i + 1} is not reported`, () => {
        const text = expandFakes(template, `${rule.id}!${i}`);
        expect(
          runExample(text, engine).map((f) => f.ruleId),
          text,
        ).toEqual([]);
      });
    });
  });
});

describe("in_url rules", () => {
  const spec = {
    id: "acme-url",
    name: "Acme URL",
    severity: "high",
    pattern: "acme://[a-z]{1,20}:([A-Za-z0-9]{8,64})@[\\w.-]{1,253}",
    keywords: ["acme://"],
    playbook: "url-credential",
    examples: ["acme://u:{{fake::alnum:20}}@db.internal.dev"],
    negative_examples: ["acme://u:{{fake::alnum:20}}@db.example.com"],
  };

  it("take `in_url` as true or false only", () => {
    const ok = validateProviderFile(
      { provider: "acme", rules: [{ ...spec, in_url: true }] },
      "acme.yaml",
      () => 1,
    );
    expect(ok.problems).toEqual([]);
    expect(ok.file!.rules[0]!.in_url).toBe(true);
    const bad = validateProviderFile(
      { provider: "acme", rules: [{ ...spec, in_url: "yes" }] },
      "acme.yaml",
      () => 1,
    );
    expect(bad.problems.map((p) => p.message)).toEqual(["`in_url` must be true or false"]);
  });

  it("drop a URL's password for a host reserved for documentation, whatever its case, and keep the rest", () => {
    const secret = expandFakes("{{fake::alnum:20}}", "url-password");
    const found = (host: string) =>
      runExample(`DATABASE_URL=postgres://app:${secret}@${host}/app`, engine).map((f) => f.ruleId);
    for (const host of [
      "example.com",
      "db.EXAMPLE.org",
      "DB.EXAMPLE.COM:5432",
      "svc.internal.example",
      "x.invalid",
      "example",
    ])
      expect(found(host), host).toEqual([]);
    for (const host of [
      "db.internal.dev",
      "example.com.internal.dev",
      "my-example.com",
      "examples.org",
      "db.example.community",
    ])
      expect(found(host), host).toEqual(["connection-strings-postgres"]);
  });

  it("drop a query parameter's secret in a URL for such a host, and keep it for another", () => {
    const token = expandFakes("{{fake::alnum:24}}", "url-query");
    const found = (url: string) => runExample(`curl "${url}"`, engine).map((f) => f.ruleId);
    expect(found(`https://api.EXAMPLE.com/v1?q=1&access_token=${token}`)).toEqual([]);
    expect(found(`https://api.weather.internal/v1?q=1&access_token=${token}`)).toEqual(["url-query-secret"]);
  });

  it("read the host of the URL a secret sits in", () => {
    const at = (text: string, secret: string) => urlHostAround(text, text.indexOf(secret));
    expect(at("x=https://u:SECRET@db.example.org:5432/app", "SECRET")).toBe("db.example.org");
    expect(at("see https://api.example.com/protected?access_token=SECRET # query", "SECRET")).toBe(
      "api.example.com",
    );
    expect(at('"url": "wss://svc:SECRET@queue.internal/vhost"', "SECRET")).toBe("queue.internal");
    expect(at("Node's typings' `http://abc:SECRET@example.com`)", "SECRET")).toBe("example.com");
    expect(at("(see ftp://u:SECRET@files.example.org), then", "SECRET")).toBe("files.example.org");
    expect(at("git://host.dev?x=1 and then token=SECRET", "SECRET")).toBeUndefined(); // a blank between
    expect(at("token=SECRET", "SECRET")).toBeUndefined();
    expect(at(`https://${"a".repeat(3000)}.dev/?token=SECRET`, "SECRET")).toBeUndefined(); // too far back
  });

  it("count the drop as documentation-host, and judge only what follows the password in the text", () => {
    const rule = ruleset.byId.get("url-credential")!;
    expect(rule.inUrl).toBe(true);
    const text = "https://deploy:zzzz9999zzzz9999@db.example.net/x";
    const c = candidateIn(text, "zzzz9999zzzz9999", rule.id);
    const ctx = { global: ruleset.global, prefixes: [] };
    expect(judge(c, rule, { ...ctx, text })).toBe("documentation-host");
    // A decoded value's offsets are the encoded span's: the host does not follow them.
    expect(judge({ ...c, decoded: "base64" }, rule, { ...ctx, text })).toBeNull();
    // An escaped string's hits are mapped back exactly.
    expect(judge({ ...c, decoded: "json-escape" }, rule, { ...ctx, text })).toBe("documentation-host");
    expect(judge(c, rule, { ...ctx, text: text.replace("example.net", "example.net.internal") })).toBeNull();
  });

  it("count a query token of a badge's URL as badge-url, and keep it in any other URL", () => {
    const rule = ruleset.byId.get("url-query-secret")!;
    const ctx = { global: ruleset.global, prefixes: [] };
    const judged = (url: string) => {
      const text = `<img src="${url}zzzz9999zzzz9999zzzz">`;
      return judge(candidateIn(text, "zzzz9999zzzz9999zzzz", rule.id), rule, { ...ctx, text });
    };
    expect(judged("https://codecov.io/gh/acme/app/graph/badge.svg?token=")).toBe("badge-url");
    expect(judged("https://badges.openbase.com/js/rating/app.svg?token=")).toBe("badge-url");
    expect(judged("https://api.internal.dev/v1/export?token=")).toBeNull();
    // "badge" in the query, not the host or path, is no badge's URL.
    expect(judged("https://api.internal.dev/v1/export?for=badge&token=")).toBeNull();
  });

  it("read the path of the URL a secret sits in", () => {
    const text = "see https://u:SECRET@db.internal:5432/app/x.svg?a=1#frag";
    expect(urlAround(text, text.indexOf("SECRET"))).toEqual({ host: "db.internal", path: "/app/x.svg" });
    const bare = "https://host.dev?token=SECRET";
    expect(urlAround(bare, bare.indexOf("SECRET"))).toEqual({ host: "host.dev", path: "" });
  });
});
