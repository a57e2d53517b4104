/**
 * A fast path for plain YAML (what most config, CI and Kubernetes files are): block mappings and
 * sequences (nested on one line too, `- - a`), plain and quoted scalars (over lines too,
 * yaml-quoted.ts), values on the line below their key, flow collections (over lines too, when no
 * scalar or pair is broken: yaml-flow.ts), literal and folded block scalars, comments, `---`
 * between documents and `...` ending one, a `%YAML` version directive, anchors, aliases, local and
 * non-specific tags and merges of aliases (yaml-props.ts). It yields the same spans as the yaml
 * library walk in yaml.ts and answers `undefined` at the first thing outside that subset (tags with a
 * handle, mappings merged in place, plain scalars folded inside a flow collection, escaped line breaks,
 * tabs, a CR alone, errors), so the library decides every hard case. Pure.
 *
 * The library costs 30 to 60 times as much a megabyte. On 1,725 YAML files of Debian's packages
 * (Ansible, OpenStack, Zabbix, Redmine, Ruby gems, Google Cloud SDK: 36.6 MB) this path takes 1,695
 * files and 35.9 MB, and as many with CR LF line ends, where it took 1,583 files and 30.4 MB, and none
 * with CR LF, before it read Ruby symbols (`- :year`, Rails' locales), keys with `::` or brackets
 * (`Fn::GetAtt`, `name[template]`), blanks before a key's colon, block scalars with lines of blanks or
 * more-indented lines (code in Zabbix templates, Ansible's `when: >`), flow collections over lines
 * (CloudFormation's `AllowedValues`), flow mappings inside flow sequences, tagged collections
 * (`- !ruby/object:MIME::Type`) and `...` between documents.
 */
import { LineIndex } from "../util/lines.js";
import type { SpanTable } from "./span-table.js";
import { Doc } from "./yaml-doc.js";
import { BAIL } from "./yaml-token.js";

/** What may follow a document marker on its line: blanks, then maybe a comment. */
const MARKER_REST = /^ +(?:#.*)?$/;

/** The YAML version directive the path takes (its versions read the same spans). */
const YAML_DIRECTIVE = /^%YAML 1\.[12] *(?:#.*)?$/;

/** Spans of a plain block-YAML text in a table, or undefined to let the yaml library decide. */
export function fastYamlTable(text: string): SpanTable | undefined {
  if (text.includes("\t")) return undefined;
  if (!text.includes("\r")) return lfSpans(text);
  // Lines ending in CR LF (a Windows editor's): read with LF ends, each offset moved past the CRs
  // before it (its line's index: the line feeds before it). A CR alone is the library's.
  const lf = text.replaceAll("\r\n", "\n");
  if (lf.includes("\r")) return undefined;
  const spans = lfSpans(lf);
  if (spans) {
    const lines = new LineIndex(lf);
    spans.retarget(text, (o) => o + lines.lineIndex(o));
  }
  return spans;
}

/** Spans of a text whose lines end in LF. */
function lfSpans(text: string): SpanTable | undefined {
  const doc = new Doc(text);
  const n = text.length;
  let started = false;
  let directive = false;
  /** After a `...`: the document ended, and only its next `---` may start another. */
  let closed = false;
  try {
    for (let ls = 0; ls < n; ) {
      let le = text.indexOf("\n", ls);
      if (le === -1) le = n;
      let i = ls;
      while (i < le && text.charCodeAt(i) === 32) i++;
      if (i < le && text.charCodeAt(i) === 35) doc.comment();
      else if (i < le) {
        const c = text.charCodeAt(i);
        if (i === ls && (c === 45 || c === 46) && text.startsWith(c === 45 ? "---" : "...", ls)) {
          // Document markers: `---` alone on its line starts a document, `...` alone ends one; the
          // rest is the library's.
          if (le > ls + 3 && !MARKER_REST.test(text.slice(ls + 3, le))) return undefined;
          if (c === 46) {
            // Only blank and comment lines may follow, or the next document's `---`.
            if (!started || directive || closed) return undefined;
            doc.endPending();
            closed = true;
          } else {
            if (started) doc.reset();
            started = true;
            directive = false;
            closed = false;
          }
        } else if (closed) {
          return undefined; // a directive or content after `...`: the library's
        } else if (c === 37 && i === ls) {
          // A `%YAML 1.1` or `1.2` directive before the first document (its `---` must follow); any
          // other directive is the library's.
          if (started || directive || !YAML_DIRECTIVE.test(text.slice(ls, le))) return undefined;
          directive = true;
        } else {
          if (directive) return undefined;
          started = true;
          doc.line(i, i - ls, le);
          if (doc.resume >= 0) {
            ls = doc.resume;
            doc.resume = -1;
            continue;
          }
        }
      }
      ls = le + 1;
    }
    if (directive) return undefined;
    doc.endPending();
    return doc.spans;
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}
