// Build helper: text in ASCII, every other character as a \uXXXX escape (astral ones as their two
// surrogates). In JavaScript strings, templates, regexes and identifiers, and in JSON, the escape
// means the same character; in a comment it is text. Start-up then reads these files as Latin-1
// (src/util/utf8.ts utf8Text), far cheaper than decoding UTF-8.
export function asciiEscaped(text) {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
