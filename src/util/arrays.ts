/**
 * `into.push(...items)` without the spread: a spread passes every item as an argument, and past some
 * hundred thousand items (a scan's findings, a large file's key/value pairs) that overflows the stack.
 */
export function append<T>(into: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) into.push(items[i]!);
}
