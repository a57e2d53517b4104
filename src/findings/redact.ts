/** The only way a secret is shown unless --show-secrets: a short prefix and suffix around an ellipsis. */
export function redact(secret: string): string {
  const s = secret.replace(/\s+/g, " ");
  if (s.length <= 8) return "…";
  if (s.startsWith("-----BEGIN")) {
    const head = /^-----BEGIN [A-Z ]{1,40}-----/.exec(s)?.[0] ?? "-----BEGIN";
    return `${head}…`;
  }
  // A known prefix (letters then a separator, e.g. ghp_, sk-proj-, xoxb-) is not secret by itself.
  const prefix = /^[A-Za-z]{2,12}[_-](?:[A-Za-z]{2,10}[_-])?/.exec(s)?.[0] ?? "";
  const shown =
    prefix.length > 0 && prefix.length <= s.length / 3 ? prefix : s.slice(0, s.length >= 16 ? 3 : 1);
  const tail = s.length >= 24 ? s.slice(-3) : "";
  return `${shown}…${tail}`;
}
