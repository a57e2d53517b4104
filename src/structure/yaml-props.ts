/**
 * Node properties and aliases for the fast YAML path (yaml-fast.ts): an anchor (`&name`) and a local
 * tag (`!Ref`, `!REF`, `!secret`, `!Sub`, or the non-specific `!`) before a value, and an alias
 * (`*name`) as one. CloudFormation templates, Home Assistant and Google Cloud SDK command files, CI
 * files sharing steps: the yaml library took 0.4 ms for each of the Google Cloud SDK's 2,700 small
 * command files, a third of the scan. What the library alone judges gives `undefined`: tags with a handle (`!!str`, `!e!x`) or
 * verbatim (`!<…>`), a property written twice. Pure.
 *
 * The library's spans, which these follow (test/structure/yaml-fast.test.ts compares them):
 * - an anchor changes nothing: the value's span is where it would be without it;
 * - an alias has no span (the literal is reported where it is defined), and an alias to no anchor is
 *   no error;
 * - a tagged value keeps its source text: a tagged `null` or `~` is a span, where a plain one is none.
 */

/**
 * A local tag's name: a letter, then letters, digits and URI characters but `!`, `,` and brackets
 * (Ruby's `!ruby/object:MIME::Type`); or none, the non-specific tag (`! '%{field} changed'`, as Ruby's
 * Psych wrote strings), which the library reads as a local one.
 */
const TAG = /!(?:[A-Za-z][\w.\-/:;?@&=+$~*'()%#]*)?/y;

/**
 * Where an anchor's or alias's name (from `at`) ends: at a blank, the line's end or a flow indicator
 * (`,[]{}`), in block context too, as the library reads it.
 */
function nameEnd(t: string, at: number, end: number): number {
  let i = at;
  for (; i < end; i++) {
    const c = t.charCodeAt(i);
    if (c === 32 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125) break;
  }
  return i;
}

export interface Props {
  /** Where the value starts, past the properties and the blanks after them (or the line's end). */
  readonly at: number;
  readonly tagged: boolean;
}

/** Whether the character code `c` starts a property (`&` or `!`): only then is valueProps asked. */
export function startsProps(c: number): boolean {
  return c === 38 || c === 33;
}

/**
 * The properties at `at` (at most an anchor and a local tag, in either order, each followed by a blank
 * or the line's end) and where the value after them starts; undefined for what the library decides.
 */
export function valueProps(t: string, at: number, end: number): Props | undefined {
  let c = t.charCodeAt(at);
  let i = at;
  let anchored = false;
  let tagged = false;
  while (i < end && (c === 38 || c === 33)) {
    let to: number;
    if (c === 38) {
      if (anchored) return undefined;
      anchored = true;
      to = nameEnd(t, i + 1, end);
      if (to === i + 1) return undefined;
    } else {
      if (tagged) return undefined;
      tagged = true;
      TAG.lastIndex = i;
      if (!TAG.test(t)) return undefined;
      to = TAG.lastIndex;
    }
    if (to < end && t.charCodeAt(to) !== 32) return undefined; // `!Ref,` `&a]`: the library's
    i = to;
    while (i < end && t.charCodeAt(i) === 32) i++;
    c = t.charCodeAt(i);
  }
  if (c === 42) return undefined; // an alias with properties: the library's error
  return { at: i, tagged };
}

/** Where the alias at `at` (its `*`) ends, or -1 when it has no name. */
export function aliasEnd(t: string, at: number, end: number): number {
  const to = nameEnd(t, at + 1, end);
  return to === at + 1 ? -1 : to;
}
