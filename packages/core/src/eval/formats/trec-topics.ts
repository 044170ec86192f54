// TREC topics: SGML `<top>` blocks or `qid<TAB>text` lines.
import type { EvalQuery } from '../types.js';
import { collapse, malformed, splitLines } from './files.js';
import type { TrecTopicField } from './options.js';
import { lineAt } from './trec-sgml.js';

const TOPIC_FIELD_TAGS: Record<TrecTopicField, { tag: string; label: RegExp }> = {
  title: { tag: 'title', label: /^\s*Topic:\s*/i },
  desc: { tag: 'desc', label: /^\s*Description:\s*/i },
  narr: { tag: 'narr', label: /^\s*Narrative:\s*/i },
};

/** Text of an SGML topic field: from its tag to the next tag (TREC topics rarely close their tags). */
function topicField(body: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)`, 'i').exec(body);
  return match?.[1];
}

export function parseTopics(content: string, file: string, fields: TrecTopicField[]): EvalQuery[] {
  const queries: EvalQuery[] = [];
  const seen = new Set<string>();
  if (/<top>/i.test(content)) {
    const open = /<top>/gi;
    let match: RegExpExecArray | null;
    while ((match = open.exec(content)) !== null) {
      const start = match.index + match[0].length;
      const line = lineAt(content, match.index);
      const closeAt = content.slice(start).search(/<\/top>/i);
      if (closeAt === -1) throw malformed(file, line, '<top> without a matching </top>');
      const body = content.slice(start, start + closeAt);
      open.lastIndex = start + closeAt;
      const num = topicField(body, 'num');
      const id = num === undefined ? undefined : /^\s*(?:Number:)?\s*(\S+)/i.exec(num)?.[1];
      if (id === undefined) throw malformed(file, line, 'topic without a <num> Number: ...');
      if (seen.has(id)) throw malformed(file, line, `topic ${id} appears twice`);
      seen.add(id);
      const text = fields
        .map((f) => collapse((topicField(body, TOPIC_FIELD_TAGS[f].tag) ?? '').replace(TOPIC_FIELD_TAGS[f].label, '')))
        .filter((t) => t !== '')
        .join('\n');
      if (text === '') throw malformed(file, line, `topic ${id} has no ${fields.join('/')} text`);
      queries.push({ id, text });
    }
    return queries;
  }
  splitLines(content).forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return;
    const tab = raw.indexOf('\t');
    if (tab <= 0) throw malformed(file, lineNo, 'expected "<qid><TAB><query text>" (or TREC <top> SGML)');
    const id = raw.slice(0, tab).trim();
    if (seen.has(id)) throw malformed(file, lineNo, `topic ${id} appears twice`);
    seen.add(id);
    queries.push({ id, text: collapse(raw.slice(tab + 1)) });
  });
  return queries;
}
