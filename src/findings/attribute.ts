/**
 * Attribution inside agent-client configs: which MCP server a key path belongs to and which field
 * (env, args, headers, url, oauth…) holds the secret. Pure, driven by the clients table.
 */
import type { Client } from "../sources/clients.js";
import type { KeySeg, KeySpan } from "../types.js";

export interface Attribution {
  readonly server: string | null;
  readonly field: string | null;
}

const FIELD_ALIASES: Readonly<Record<string, string>> = {
  env: "env",
  envs: "env",
  environment: "env",
  args: "args",
  command: "command",
  cmd: "command",
  headers: "headers",
  http_headers: "headers",
  requestOptions: "headers",
  url: "url",
  serverUrl: "url",
  httpUrl: "url",
  uri: "url",
  oauth: "oauth",
  auth: "oauth",
  settings: "settings",
  default: "default",
  inputs: "default",
};

function matchRoot(pattern: string, path: readonly KeySeg[]): { at: number; list: boolean } | null {
  const list = pattern.endsWith("[]");
  const segs = (list ? pattern.slice(0, -2) : pattern).split(".");
  if (path.length <= segs.length) return null;
  for (let i = 0; i < segs.length; i++) {
    if (segs[i] !== "*" && segs[i] !== path[i]) return null;
  }
  if (list !== (typeof path[segs.length] === "number")) return null;
  return { at: segs.length, list };
}

/** Finds the server and field for a key path in a client's file. */
export function attribute(client: Client, path: readonly KeySeg[], spans: readonly KeySpan[]): Attribution {
  for (const pattern of client.servers) {
    const m = matchRoot(pattern, path);
    if (!m) continue;
    let server = String(path[m.at]);
    if (m.list) {
      const prefix = path.slice(0, m.at + 1);
      const named = spans.find(
        (s) =>
          s.path.length === prefix.length + 1 &&
          s.path[prefix.length] === "name" &&
          prefix.every((p, i) => s.path[i] === p),
      );
      server = named ? named.value : `#${server}`;
    }
    const rest = path.slice(m.at + 1);
    return { server, field: fieldOf(rest) };
  }
  return { server: null, field: fieldOf(path) };
}

function fieldOf(rest: readonly KeySeg[]): string | null {
  for (const seg of rest) {
    if (typeof seg === "string" && FIELD_ALIASES[seg]) return FIELD_ALIASES[seg]!;
  }
  const first = rest.find((s) => typeof s === "string");
  return typeof first === "string" ? first : null;
}

/** Dotted key path: a.b[2]["c.d"] */
export function formatKeyPath(path: readonly KeySeg[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
