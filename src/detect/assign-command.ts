/**
 * Assignments written as a command: a line of a name and one quoted string (a DSL's directive, Ruby's
 * call with a symbol for the name). Part of the free-text reading of assign.ts, which calls it.
 */
import { isSpace } from "./scheme-header.js";

/**
 * A DSL's command syntax: a line of a name, blanks and one quoted string, maybe after a directive's
 * word (Groovy's `storePassword "…"` in a build.gradle, Chef's `password "…"`, nginx's
 * `proxy_set_header X-Api-Key "…";`); groups as QUOTED's. Tried only at the start of a line that ends in
 * a quote (eachCommand).
 */
const COMMAND =
  /[ \t]{0,40}(?:[A-Za-z_][\w-]{0,60}[ \t]{1,8})?([A-Za-z_][\w.-]{0,100})[ \t]{1,8}(["'])((?:(?!\2)[^\\\n]|\\.){1,1000})\2(?=[ \t]{0,8};?[ \t\r]{0,8}(?![^\n]))/y;
/**
 * Ruby's command call with a symbol for the name (`set :session_secret, "…"` in Sinatra and Capistrano,
 * `set(:db_password, "…")`): a line of a method's name, the symbol, a comma and one quoted string;
 * groups as QUOTED's. A call's own name is the method's (`set`), so the symbol is the setting's.
 */
const SYMBOL_COMMAND =
  /[ \t]{0,40}[A-Za-z_][\w.]{0,60}(?:[ \t]{1,8}|[ \t]{0,4}\([ \t]{0,4}):([A-Za-z_]\w{0,100})[ \t]{0,4},[ \t]{0,8}(["'])((?:(?!\2)[^\\\n]|\\.){1,1000})\2(?=[ \t]{0,8}\)?[ \t]{0,8};?[ \t\r]{0,8}(?![^\n]))/y;
/**
 * The COMMAND and SYMBOL_COMMAND matches of `window`: tried at a line's start where the line ends in a
 * quote (`;` aside), a symbol's call also where it ends in a quote and `)`.
 */
export function eachCommand(window: string, fn: (m: RegExpExecArray) => void): void {
  for (let at = 0; at < window.length; ) {
    let nl = window.indexOf("\n", at);
    if (nl === -1) nl = window.length;
    let e = lineEnd(window, at, nl, 59); // `;`
    const call = window.charCodeAt(e - 1) === 41; // `)`
    if (call) e = lineEnd(window, at, e - 1, -1);
    const last = e > at ? window.charCodeAt(e - 1) : 0;
    if (last === 34 || last === 39) {
      let m: RegExpExecArray | null = null;
      if (!call) {
        COMMAND.lastIndex = at;
        m = COMMAND.exec(window);
      }
      if (m === null && holds(window, at, e, 58)) {
        SYMBOL_COMMAND.lastIndex = at;
        m = SYMBOL_COMMAND.exec(window);
      }
      if (m) fn(m);
    }
    at = nl + 1;
  }
}
/** Whether `window` holds the character `c` in [from, to). */
function holds(window: string, from: number, to: number, c: number): boolean {
  for (let i = from; i < to; i++) if (window.charCodeAt(i) === c) return true;
  return false;
}
/** Where the line [at, end) ends without its trailing blanks and, when `skip` is its last, one `skip`. */
function lineEnd(window: string, at: number, end: number, skip: number): number {
  let e = end;
  while (e > at && isSpace(window.charCodeAt(e - 1))) e--;
  if (e > at && window.charCodeAt(e - 1) === skip) while (--e > at && isSpace(window.charCodeAt(e - 1)));
  return e;
}
