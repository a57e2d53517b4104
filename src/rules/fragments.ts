/**
 * Named regex fragments (global.yaml `fragments`): a list of words several tests share, written once.
 * A rule's `key` and global.yaml's key-name lists name one as `(?&name)`, which JavaScript's regex
 * syntax has no use for; it is replaced by the fragment in a non-capturing group before compiling.
 * Pure: the loader reads the file.
 */

/** A fragment's reference: `(?&name)`. */
const REFERENCE = /\(\?&([A-Za-z_]\w{0,60})\)/g;

export type Fragments = Readonly<Record<string, string>>;

/** The `fragments` map of a parsed global.yaml: names to regex sources, other entries left out. */
export function fragmentsOf(value: unknown): Fragments {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [name, source] of Object.entries(value as Record<string, unknown>)) {
    if (typeof source === "string" && /^[A-Za-z_]\w{0,60}$/.test(name)) out[name] = source;
  }
  return out;
}

/**
 * `source` with each `(?&name)` replaced by `(?:fragment)`, and the names it used that `fragments`
 * lacks (left in place, so the regex fails to compile rather than match something else). A fragment
 * does not name other fragments.
 */
export function expandFragments(source: string, fragments: Fragments): { source: string; unknown: string[] } {
  const unknown: string[] = [];
  if (!namesFragment(source)) return { source, unknown };
  const expanded = source.replace(REFERENCE, (ref, name: string) => {
    const body = Object.hasOwn(fragments, name) ? fragments[name] : undefined;
    if (body === undefined) {
      unknown.push(name);
      return ref;
    }
    return `(?:${body})`;
  });
  return { source: expanded, unknown };
}

/** Whether `source` names a fragment. */
export function namesFragment(source: string): boolean {
  return source.includes("(?&");
}
