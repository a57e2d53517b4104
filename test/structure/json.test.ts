import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate } from "../../src/structure/index.js";
import { expectLeaves, expectValue, expectWellFormed, spanAt, spansAt } from "./helpers.js";

const CLAUDE_MCP = `{
  "mcpServers": {
    "github": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-github"],
      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "gh-example-token-1" }
    },
    "notion": {
      "type": "stdio",
      "command": "npx",
      "args": ["-y", "@notionhq/notion-mcp-server"],
      "env": {
        "OPENAPI_MCP_HEADERS": "{\\"Authorization\\": \\"Bearer test-notion\\", \\"Notion-Version\\": \\"2022-06-28\\"}"
      }
    }
  }
}
`;

const VSCODE_MCP = `{
  // Team-shared MCP servers
  "inputs": [
    { "type": "promptString", "id": "perplexity-key", "description": "Perplexity API Key", "password": true },
    { "type": "promptString", "id": "gitlab_token", "password": true, "default": "glpat-test-default" },
  ],
  /* remote servers
     below */
  "servers": {
    "github-remote": {
      "type": "http",
      "url": "https://api.githubcopilot.com/mcp/",
      "headers": { "Authorization": "Bearer test-header-token" }, // literal header
    },
    "jira": { "command": "npx", "env": { "JIRA_API_KEY": "\${JIRA_API_KEY}" } },
  },
}
`;

describe("json: Claude Code .mcp.json", () => {
  const a = annotate(CLAUDE_MCP, "json");

  it("gives the full key path and the offsets inside the quotes", () => {
    expect(a.format).toBe("json");
    expect(a.error).toBeUndefined();
    const s = expectValue(
      CLAUDE_MCP,
      a,
      ["mcpServers", "github", "env", "GITHUB_PERSONAL_ACCESS_TOKEN"],
      "gh-example-token-1",
    );
    expect(CLAUDE_MCP[s.start - 1]).toBe('"');
    expect(CLAUDE_MCP[s.end]).toBe('"');
    expectValue(CLAUDE_MCP, a, ["mcpServers", "github", "args", 1], "@modelcontextprotocol/server-github");
    expectValue(CLAUDE_MCP, a, ["mcpServers", "notion", "type"], "stdio");
  });

  it("keeps a JSON-in-a-string value as one decoded span (not expanded)", () => {
    const path = ["mcpServers", "notion", "env", "OPENAPI_MCP_HEADERS"];
    const s = expectValue(
      CLAUDE_MCP,
      a,
      path,
      '{"Authorization": "Bearer test-notion", "Notion-Version": "2022-06-28"}',
      false,
    );
    expect(CLAUDE_MCP.slice(s.start, s.end)).toContain('\\"Authorization\\"');
    expect(a.spans.filter((x) => x.path.length > path.length)).toEqual([]);
  });

  it("returns spans sorted by start and well formed", () => {
    expectWellFormed(CLAUDE_MCP, a);
    expect(a.spans).toHaveLength(9);
  });
});

describe("jsonc: VS Code mcp.json", () => {
  const a = annotate(VSCODE_MCP, "jsonc");

  it("tolerates line and block comments and trailing commas", () => {
    expect(a.format).toBe("jsonc");
    expect(a.error).toBeUndefined();
    expectValue(VSCODE_MCP, a, ["inputs", 1, "default"], "glpat-test-default");
    expectValue(
      VSCODE_MCP,
      a,
      ["servers", "github-remote", "headers", "Authorization"],
      "Bearer test-header-token",
    );
    expectValue(VSCODE_MCP, a, ["servers", "jira", "env", "JIRA_API_KEY"], "$" + "{JIRA_API_KEY}");
    expectWellFormed(VSCODE_MCP, a);
  });

  it("gives booleans and numbers their source text", () => {
    expectValue(VSCODE_MCP, a, ["inputs", 0, "password"], "true");
    const text =
      '{"port": 8080, "big": 12345678901234567890123, "exp": 1E3, "neg": -0.50, "off": false, "n": null}';
    const b = annotate(text, "json");
    expectValue(text, b, ["port"], "8080");
    expectValue(text, b, ["big"], "12345678901234567890123");
    expectValue(text, b, ["exp"], "1E3");
    expectValue(text, b, ["neg"], "-0.50");
    expectValue(text, b, ["off"], "false");
    expect(spanAt(b, ["n"])).toBeUndefined();
  });
});

describe("json: shapes and strings", () => {
  it("handles a root array (AutoGen OAI_CONFIG_LIST)", () => {
    const text =
      '[\n  {"model": "gpt-4o", "api_key": "test-key-a"},\n  {"model": "o3", "api_key": "test-key-b"}\n]';
    const a = annotate(text, "json");
    expectValue(text, a, [0, "api_key"], "test-key-a");
    expectValue(text, a, [1, "api_key"], "test-key-b");
    expectValue(text, a, [1, "model"], "o3");
  });

  it("keeps both spans of a duplicate key", () => {
    const text = '{"env": {"TOKEN": "first", "TOKEN": "second"}}';
    const spans = spansAt(annotate(text, "json"), ["env", "TOKEN"]);
    expect(spans.map((s) => s.value)).toEqual(["first", "second"]);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["first", "second"]);
  });

  it("decodes escapes and marks the span not raw", () => {
    const text = String.raw`{"k": "a\u0041\/b\n\"c\"", "e": "", "u": "é😀"}`;
    const a = annotate(text, "json");
    const s = expectValue(text, a, ["k"], 'aA/b\n"c"', false);
    expect(text.slice(s.start, s.end)).toBe(String.raw`a\u0041\/b\n\"c\"`);
    expectValue(text, a, ["e"], "");
    expectValue(text, a, ["u"], "é😀");
  });

  it("reports the first syntax error with its line and keeps what parsed", () => {
    const text = '{\n  "a": "one",\n  oops,\n  "b": "two"\n}';
    const a = annotate(text, "json");
    expect(a.error).toMatchObject({ line: 3 });
    expect(a.error!.message.length).toBeGreaterThan(0);
    expectValue(text, a, ["a"], "one");
    expectValue(text, a, ["b"], "two");
  });

  it("survives an unterminated string", () => {
    const text = '{"a": "open\n, "b": "x"}';
    const a = annotate(text, "json");
    expect(a.error).toBeDefined();
    expect(spanAt(a, ["a"])?.value).toBe("open");
    expectWellFormed(text, a);
  });
});

describe("json: property", () => {
  it("finds every string leaf of random documents at any indentation", () => {
    const indent = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom("\t", " \t"));
    fc.assert(
      fc.property(fc.jsonValue(), indent, (value, ind) => {
        const text = JSON.stringify(value, null, ind);
        const a = annotate(text, "json");
        expect(a.error).toBeUndefined();
        expectWellFormed(text, a);
        expectLeaves(text, a, JSON.parse(text));
      }),
      { numRuns: Number(process.env.RUNS ?? 300) },
    );
  });
});
