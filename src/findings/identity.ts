/**
 * Content-based identities. No line numbers: ids survive code motion, renames of other lines and
 * squash merges. A secret with little entropy (a password) is stretched with PBKDF2 first, so an id
 * never makes a weak secret cheap to guess; a high-entropy token is hashed directly.
 *
 * A stretch costs about 6 ms, so a finding's ids are computed when first read, not when it is built:
 * the text report and the exit code never read them, and a fixture of a thousand users' passwords
 * would otherwise cost seconds. What prints ids (JSON, SARIF, baselines, plans) or matches them
 * (baselines, ignore files) calls `identify` first, which stretches the distinct weak secrets side
 * by side on libuv's threads.
 */
import { createRequire } from "node:module";
import { shannonEntropy } from "../detect/entropy.js";
import type { Finding } from "../types.js";
import { detached } from "../util/strings.js";

// node:crypto costs a few milliseconds to load: only scans that find something pay for it.
const load = createRequire(import.meta.url);
let lib: typeof import("node:crypto") | undefined;
const crypto = () => (lib ??= load("node:crypto") as typeof import("node:crypto"));

const SALT = "agent-secrets/secret-id/v1";
const ITERATIONS = 20_000;
const CACHE_MAX = 50_000;
const cache = new Map<string, string>();

/** A secret of under 128 bits (by its character entropy) is stretched before it is hashed. */
function weak(secret: string): boolean {
  return shannonEntropy(secret) * secret.length < 128;
}

function remember(secret: string, id: string): void {
  if (cache.size > CACHE_MAX) cache.clear();
  cache.set(detached(secret), id);
}

/** Same secret anywhere → same id. */
export function secretIdOf(secret: string): string {
  let id = cache.get(secret);
  if (id === undefined) {
    id = weak(secret)
      ? crypto().pbkdf2Sync(secret, SALT, ITERATIONS, 16, "sha256").toString("hex")
      : crypto().createHash("sha256").update(`${SALT}\u0000${secret}`).digest("hex").slice(0, 32);
    remember(secret, id);
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

/** A finding without its ids: what they are computed from, with `occurrence`. */
export type FindingFields = Omit<Finding, "id" | "secretId">;

/** Which occurrence of its secret under its rule in its file each lazily identified finding is. */
const occurrences = new WeakMap<Finding, number>();

/**
 * A finding whose `id` and `secretId` are computed on first read (then kept). They are ordinary
 * enumerable properties to every reader (spread, JSON.stringify, structured clone read them), first
 * in key order as in a plain finding. `occurrence`: how many findings of the same secret under the
 * same rule came before it in the same file.
 */
export function identified(fields: FindingFields, occurrence: number): Finding {
  let secretId: string | undefined;
  let id: string | undefined;
  const sid = () => (secretId ??= secretIdOf(fields.secret));
  const f = Object.defineProperties(
    {},
    {
      id: {
        get: () =>
          (id ??= findingIdOf(sid(), fields.ruleId, fields.path, fields.commit?.sha ?? "", occurrence)),
        enumerable: true,
      },
      secretId: { get: sid, enumerable: true },
    },
  ) as Finding;
  Object.assign(f, fields);
  occurrences.set(f, occurrence);
  return f;
}

/** The finding's fields other than its ids, without reading (so computing) them. */
function fieldsOf(f: Finding): FindingFields {
  const fields: Record<string, unknown> = {};
  for (const k of Object.keys(f)) if (k !== "id" && k !== "secretId") fields[k] = f[k as keyof Finding];
  return fields as unknown as FindingFields;
}

/** `f` with other fields changed, its ids still computed on first read. */
export function withFields(f: Finding, changes: Partial<FindingFields>): Finding {
  const occurrence = occurrences.get(f);
  if (occurrence === undefined) return { ...f, ...changes };
  return identified({ ...fieldsOf(f), ...changes }, occurrence);
}

/** A finding as a worker thread posts it: structured clone would read (so compute) its ids. */
export type WireFinding = FindingFields & { readonly occurrence?: number; readonly ids?: [string, string] };

export function toWire(f: Finding): WireFinding {
  const occurrence = occurrences.get(f);
  if (occurrence === undefined) return { ...fieldsOf(f), ids: [f.id, f.secretId] };
  return { ...fieldsOf(f), occurrence };
}

export function fromWire(w: WireFinding): Finding {
  const { occurrence, ids, ...fields } = w;
  if (occurrence !== undefined) return identified(fields, occurrence);
  return { id: ids![0], secretId: ids![1], ...fields };
}

/** How many stretches `identify` asks of libuv at once (its pool has 4 threads unless told otherwise). */
const PARALLEL = 16;

/**
 * Computes the secret ids of `findings` ahead of reading them: the distinct weak secrets not yet
 * known are stretched asynchronously, side by side on libuv's thread pool, instead of one after
 * another on this thread when each id is first read. Reading the ids afterwards costs a hash each.
 */
export async function identify(findings: readonly Finding[]): Promise<void> {
  const todo = new Set<string>();
  for (const f of findings) {
    if (!occurrences.has(f) || cache.has(f.secret) || !weak(f.secret)) continue;
    todo.add(f.secret);
    if (cache.size + todo.size >= CACHE_MAX) break; // the rest are stretched as they are read
  }
  if (todo.size === 0) return;
  const queue = [...todo];
  const stretch = (secret: string) =>
    new Promise<void>((resolve, reject) =>
      crypto().pbkdf2(secret, SALT, ITERATIONS, 16, "sha256", (err, key) => {
        if (err) reject(err);
        else {
          remember(secret, key.toString("hex"));
          resolve();
        }
      }),
    );
  const lane = async () => {
    for (let s = queue.pop(); s !== undefined; s = queue.pop()) await stretch(s);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, lane));
}
