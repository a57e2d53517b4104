/**
 * Content-based identities. No line numbers: ids survive code motion, renames of other lines and
 * squash merges. A secret with little entropy (a password) is stretched with PBKDF2 first, so an id
 * never makes a weak secret cheap to guess; a high-entropy token is hashed directly.
 *
 * A stretch costs about 6 ms, so a finding's ids are computed when first read, not when it is built:
 * the text report and the exit code never read them, and a fixture of a thousand users' passwords
 * would otherwise cost seconds. What prints ids (JSON, SARIF, baselines, plans) or matches them
 * (baselines, ignore files) calls `identify` first, which stretches the distinct weak secrets side
 * by side on libuv's threads; a scan that knows its ids will be read starts them as it finds them
 * (prefetchIds).
 */
import { shannonEntropy } from "../detect/entropy.js";
import type { Finding } from "../types.js";
import { cryptoLib } from "../util/lazy.js";
import { detached } from "../util/strings.js";

const SALT = "agent-secrets/secret-id/v1";
const ITERATIONS = 20_000;
const KEY_BYTES = 16;
const DIGEST = "sha256";
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
      ? cryptoLib().pbkdf2Sync(secret, SALT, ITERATIONS, KEY_BYTES, DIGEST).toString("hex")
      : cryptoLib().createHash("sha256").update(`${SALT}\u0000${secret}`).digest("hex").slice(0, 32);
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
  return cryptoLib()
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
  // The getters keep what the ids are made of (strings the finding holds anyway), not `fields`.
  const { secret, ruleId, path } = fields;
  const sha = fields.commit?.sha ?? "";
  let secretId: string | undefined;
  let id: string | undefined;
  const sid = () => (secretId ??= secretIdOf(secret));
  const f = Object.defineProperties(
    {},
    {
      id: { get: () => (id ??= findingIdOf(sid(), ruleId, path, sha, occurrence)), enumerable: true },
      secretId: { get: sid, enumerable: true },
    },
  ) as Finding;
  Object.assign(f, fields);
  occurrences.set(f, occurrence);
  prefetch(secret);
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

/** Stretches libuv runs at once while a scan goes on (its pool has 4 threads, shared with file I/O). */
const EARLY_LANES = 2;
/** Stretches libuv runs at once when the ids are wanted now. */
const PARALLEL = 16;

let lanes = EARLY_LANES;
let running = 0;
/** Secrets whose stretch is queued or running, and the promise of its end. */
const pending = new Map<string, Promise<void>>();
const queue: { secret: string; done: () => void }[] = [];
let head = 0;
let early = false;

/**
 * While on, each weak secret is stretched as soon as a finding of it is built on this thread (on
 * libuv's threads, EARLY_LANES at a time), so a scan whose ids will be read computes them beside its
 * own work rather than after it. Findings built in worker threads are built again here (fromWire).
 * Turned off (when a scan ends, or fails), the stretches not yet started are dropped: a failed scan
 * leaves no background work to wait for, and `identify` asks again for those it needs.
 */
export function prefetchIds(on: boolean): void {
  early = on;
  if (on) return;
  for (let k = head; k < queue.length; k++) {
    const { secret, done } = queue[k]!;
    pending.delete(secret);
    done();
  }
  queue.length = head = 0;
}

/** Stretches `secret` asynchronously into the cache (once, however often asked). */
function stretchSoon(secret: string): Promise<void> {
  let p = pending.get(secret);
  if (p === undefined) {
    p = new Promise<void>((done) => queue.push({ secret, done }));
    pending.set(secret, p);
    next();
  }
  return p;
}

function next(): void {
  while (running < lanes && head < queue.length) {
    const { secret, done } = queue[head]!;
    queue[head++] = undefined as never;
    if (head === queue.length) queue.length = head = 0;
    running++;
    cryptoLib().pbkdf2(secret, SALT, ITERATIONS, KEY_BYTES, DIGEST, (err, key) => {
      running--;
      // On an error the id is computed on this thread when read (and fails the same way there).
      if (!err) remember(secret, key.toString("hex"));
      pending.delete(secret);
      done();
      next();
    });
  }
}

/** Whether `secret` is weak and its stretch not yet known. */
function unstretched(secret: string): boolean {
  return !cache.has(secret) && weak(secret);
}

/** Whether the cache can keep the stretches already asked for and more (it is cleared past CACHE_MAX). */
function roomForMore(): boolean {
  return cache.size + pending.size < CACHE_MAX;
}

/** Starts the stretch of a new finding's secret when prefetching is on (see prefetchIds). */
function prefetch(secret: string): void {
  if (early && roomForMore() && unstretched(secret)) void stretchSoon(secret);
}

/**
 * Computes the secret ids of `findings` ahead of reading them: the distinct weak secrets not yet
 * known are stretched asynchronously, side by side on libuv's thread pool, instead of one after
 * another on this thread when each id is first read. Reading the ids afterwards costs a hash each.
 */
export async function identify(findings: readonly Finding[]): Promise<void> {
  const todo: Promise<void>[] = [];
  const asked = new Set<string>();
  lanes = PARALLEL;
  try {
    for (const f of findings) {
      if (!occurrences.has(f) || asked.has(f.secret) || !unstretched(f.secret)) continue;
      asked.add(f.secret);
      if (!roomForMore()) break; // the rest are stretched as they are read
      todo.push(stretchSoon(f.secret));
    }
    next();
    await Promise.all(todo);
  } finally {
    lanes = EARLY_LANES;
  }
}
