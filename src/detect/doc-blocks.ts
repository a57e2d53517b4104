/**
 * Documentation inside code: an `@example` in a doc comment, and the documentation blocks of an
 * Ansible module (`DOCUMENTATION`, `EXAMPLES` and `RETURN`, Python strings at the top level that
 * `ansible-doc` renders). Their values are made up as a docs file's are, and judged as such. Pure.
 */

/** How far before a candidate the start of the doc comment it may sit in is looked for. */
const DOC_REACH = 2000;

/**
 * Whether the text at `start` is documentation written in code: a doc comment's example, or (in Python,
 * `python`) an Ansible module's docs.
 */
export function inDocumentation(text: string, start: number, python = false): boolean {
  return inDocExample(text, start) || (python && inDocBlock(text, start));
}

/**
 * Whether the text at `start` is an example in a doc comment: on the line of an `@example` tag, or
 * after one in the same `/** … *\/` block (JSDoc, PHPDoc, Javadoc): documentation, as a docs file is.
 */
export function inDocExample(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - DOC_REACH), start);
  const tag = before.lastIndexOf("@example");
  // No tag, or the comment closed after it, before the text.
  if (tag < 0 || before.indexOf("*/", tag) !== -1) return false;
  if (before.indexOf("\n", tag) === -1) return true;
  const open = before.lastIndexOf("/**");
  return open !== -1 && open < tag && before.indexOf("*/", open + 3) === -1;
}

/**
 * An Ansible module's documentation block opening at a line's start: `EXAMPLES = r'''` (any of the
 * three names, a raw or unicode prefix, either triple quote). Its body runs to the same triple quote.
 */
const DOC_BLOCK = /^(?:DOCUMENTATION|EXAMPLES|RETURN)[ \t]*=[ \t]*[rRuU]?('''|""")/gm;

/**
 * The last text's blocks as [body start, body end) pairs: every candidate of a file asks. The text is
 * kept until the next one is asked about (one file's at most).
 */
let blocksOf = "";
let blocks: number[] = [];

/** Whether `start` lies in the body of an Ansible module's documentation block. */
export function inDocBlock(text: string, start: number): boolean {
  if (text !== blocksOf) {
    blocksOf = text;
    blocks = docBlocks(text);
  }
  for (let i = 0; i < blocks.length; i += 2) if (start >= blocks[i]! && start < blocks[i + 1]!) return true;
  return false;
}

function docBlocks(text: string): number[] {
  const out: number[] = [];
  // Most texts name no block: one search for the names' common part first.
  if (!/(?:DOCUMENTATION|EXAMPLES|RETURN)[ \t]*=/.test(text)) return out;
  DOC_BLOCK.lastIndex = 0;
  for (let m = DOC_BLOCK.exec(text); m !== null; m = DOC_BLOCK.exec(text)) {
    const body = DOC_BLOCK.lastIndex;
    const close = text.indexOf(m[1]!, body);
    const end = close === -1 ? text.length : close;
    out.push(body, end);
    DOC_BLOCK.lastIndex = end;
  }
  return out;
}
