// TREC SGML documents: `<DOC><DOCNO>..</DOCNO><TEXT>..</TEXT></DOC>`.
import type { EvalDocument } from '../types.js';
import { collapse, malformed } from './files.js';

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function sgmlText(fragment: string): string {
  const stripped = fragment.replace(/<[^>]*>/g, ' ').replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
  return collapse(stripped);
}

function sgmlElements(body: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'gi');
  return [...body.matchAll(re)].map((m) => m[1] ?? '');
}

export function parseSgmlDocuments(content: string, file: string, into: EvalDocument[], seen: Map<string, string>): void {
  const open = /<DOC>/gi;
  let match: RegExpExecArray | null;
  while ((match = open.exec(content)) !== null) {
    const start = match.index + match[0].length;
    const line = lineAt(content, match.index);
    const closeAt = content.slice(start).search(/<\/DOC>/i);
    const nextOpen = content.slice(start).search(/<DOC>/i);
    if (closeAt === -1 || (nextOpen !== -1 && nextOpen < closeAt)) throw malformed(file, line, '<DOC> without a matching </DOC>');
    const body = content.slice(start, start + closeAt);
    open.lastIndex = start + closeAt;
    const docno = sgmlElements(body, 'DOCNO')[0];
    const id = docno === undefined ? '' : collapse(docno);
    if (id === '') throw malformed(file, line, '<DOC> without a <DOCNO>');
    const first = seen.get(id);
    if (first !== undefined) throw malformed(file, line, `document ${id} already defined at ${first}`);
    seen.set(id, `${file}:${line}`);
    const title = ['TITLE', 'HEADLINE', 'HL', 'HEAD'].map((t) => sgmlElements(body, t)[0]).find((t) => t !== undefined);
    into.push({
      id,
      title: title === undefined ? '' : sgmlText(title),
      text: sgmlElements(body, 'TEXT')
        .map(sgmlText)
        .filter((t) => t !== '')
        .join('\n'),
    });
  }
}
