/**
 * What a regex needs of any text it matches: a set of words, at least one of which every match
 * contains, compared in a folded form (ASCII letters in lower case, digits, nothing else: see fold).
 * It is the classic prefilter of regex indexes (a literal set per node: an alternation unites its
 * branches' sets, a sequence keeps its best element's, an optional part needs nothing), over the part of
 * JavaScript's syntax that rule key names use; whatever else the source holds needs nothing of the text,
 * and a construct the reader does not know makes the whole answer "nothing known" (null). Pure.
 */

/** Words of which every match holds one (folded), or null: nothing is known. */
export type Needs = string[] | null;

/**
 * A text's folded form: ASCII letters in lower case and digits, every other character dropped. If a
 * word occurs in a text, its folded form occurs in the text's folded form (dropping characters keeps a
 * substring a substring), so a need checked on folded forms is never missed. Key names compare folded:
 * `apiKey`, `API-KEY` and its normal form `api_key` all fold to `apikey`.
 */
export function fold(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += s[i];
  }
  return out;
}

/** The words any match of `re` contains one of (folded), or null when that is not known. */
export function regexNeeds(re: RegExp): Needs {
  // The `v` flag's class syntax (nested classes, set operations) is not read here.
  if (re.flags.includes("v")) return null;
  try {
    const r = new Reader(re.source);
    const needs = r.alternation();
    if (r.at < re.source.length) return null;
    return needs;
  } catch {
    return null;
  }
}

/** How likely a random folded name is to hold one of the words: the smaller, the better a need. */
function cost(needs: string[]): number {
  let c = 0;
  for (const w of needs) c += 36 ** -Math.min(w.length, 3);
  return c - 1e-6 * needs.reduce((n, w) => n + w.length, 0);
}

/** The better of two needs (null: none). */
export function better(a: Needs, b: Needs): Needs {
  if (a === null) return b;
  if (b === null) return a;
  return cost(b) < cost(a) ? b : a;
}

/** Escapes that stand for a class, a position or a back reference: they need nothing. */
const CLASS_ESCAPES = "dDwWsSbB";

class Reader {
  at = 0;
  constructor(readonly src: string) {}

  private fail(): never {
    throw new Error(`regex-needs: cannot read at ${this.at}`);
  }

  /** `a|b|…`: a match holds what one of its branches needs, so the union (none if a branch needs none). */
  alternation(): Needs {
    let all: string[] | null = [];
    for (;;) {
      const branch = this.sequence();
      all = all && branch ? all.concat(branch) : null;
      if (this.src[this.at] !== "|") return all && [...new Set(all)];
      this.at++;
    }
  }

  /** Atoms one after another: runs of plain characters are words; the best element's need is kept. */
  private sequence(): Needs {
    let best: Needs = null;
    let run = "";
    const close = () => {
      if (run) best = better(best, [run]);
      run = "";
    };
    while (this.at < this.src.length && this.src[this.at] !== "|" && this.src[this.at] !== ")") {
      const atom = this.atom();
      const least = this.quantifier();
      if (typeof atom === "string") {
        // A character that folding drops (`_`, `-`) leaves a run whole, however often it occurs:
        // `zendesk_?token` folds to `zendesktoken` with or without its `_`.
        if (atom === "") continue;
        if (least === undefined) {
          run += atom;
          continue;
        }
        // `ab+`: the `b` is there at least once after the `a`; what follows may be another `b`.
        if (least > 0) run += atom;
        close();
        continue;
      }
      close();
      if (atom !== null && (least === undefined || least > 0)) best = better(best, atom);
    }
    close();
    return best;
  }

  /**
   * One atom: a plain character (folded: "" for one that folding drops), or the needs of a group or
   * lookaround, or null for what needs nothing (a class, `.`, an anchor, a negative lookaround).
   */
  private atom(): string | Needs {
    const s = this.src;
    const c = s[this.at++]!;
    if (c === "(") return this.group();
    if (c === "[") {
      this.skipClass();
      return null;
    }
    if (c === "." || c === "^" || c === "$") return null;
    if (c === "*" || c === "+" || c === "?") this.fail();
    if (c === "\\") return this.escape();
    const code = c.charCodeAt(0);
    // A character outside ASCII could match an ASCII one under case folding (`ſ` and `s` with `iu`).
    if (code >= 128) return null;
    return fold(c);
  }

  /** After `(`: the group's needs; a negative lookaround needs nothing. */
  private group(): Needs {
    const s = this.src;
    let negative = false;
    if (s[this.at] === "?") {
      const head = s.slice(this.at, this.at + 3);
      if (head.startsWith("?:") || head.startsWith("?=")) this.at += 2;
      else if (head.startsWith("?!")) {
        this.at += 2;
        negative = true;
      } else if (head === "?<=" || head === "?<!") {
        negative = head === "?<!";
        this.at += 3;
      } else if (head.startsWith("?<")) {
        const end = s.indexOf(">", this.at);
        if (end === -1) this.fail();
        this.at = end + 1;
      } else this.fail();
    }
    const needs = this.alternation();
    if (s[this.at] !== ")") this.fail();
    this.at++;
    return negative ? null : needs;
  }

  /** After `\`: a plain character, or null for a class, position, reference or code escape. */
  private escape(): string | Needs {
    const s = this.src;
    const c = s[this.at++];
    if (c === undefined) this.fail();
    if (CLASS_ESCAPES.includes(c)) return null;
    if (c === "x") return this.skip(/^[0-9a-fA-F]{2}/);
    if (c === "u") return this.skip(/^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]+\})/);
    if (c === "c") return this.skip(/^[A-Za-z]/);
    if (c === "p" || c === "P") return this.skip(/^\{[^}]*\}/);
    if (c === "k") return this.skip(/^<[^>]*>/);
    if (c >= "0" && c <= "9") return this.skip(/^[0-9]*/);
    // Any other letter (`\n`, `\t`, an identity escape) stands for a character no word needs.
    if (/[A-Za-z]/.test(c)) return null;
    return c.charCodeAt(0) >= 128 ? null : fold(c);
  }

  /** Steps over an escape's payload (when present); the escape needs nothing. */
  private skip(payload: RegExp): null {
    const m = payload.exec(this.src.slice(this.at));
    if (m) this.at += m[0].length;
    return null;
  }

  /** After `[`: steps to the class's closing `]`. */
  private skipClass(): void {
    const s = this.src;
    while (this.at < s.length) {
      const c = s[this.at++];
      if (c === "\\") this.at++;
      else if (c === "]") return;
    }
    this.fail();
  }

  /** A quantifier after an atom: its least count, or undefined when there is none. */
  private quantifier(): number | undefined {
    const s = this.src;
    const c = s[this.at];
    let least: number | undefined;
    if (c === "*" || c === "?") least = 0;
    else if (c === "+") least = 1;
    else if (c === "{") {
      const m = /^\{(\d+)(?:,\d*)?\}/.exec(s.slice(this.at));
      if (!m) return undefined;
      least = Number(m[1]);
      this.at += m[0].length - 1;
    } else return undefined;
    this.at++;
    if (s[this.at] === "?") this.at++;
    return least;
  }
}
