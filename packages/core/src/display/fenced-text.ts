import type { ChunkRecord } from '../types.js';

/**
 * A chunk's text for text outputs (the CLI's `show`, MCP): each code range (`chunk.code`) set on
 * its own lines inside a Markdown fence, longer than any backtick run in the code so the code
 * cannot close it. Text without code comes back unchanged; ranges that do not fit are ignored.
 */
export function fencedText(chunk: Pick<ChunkRecord, 'text' | 'code'>): string {
  let out = '';
  let cursor = 0;
  for (const [start, end] of chunk.code ?? []) {
    if (start < cursor || end <= start || end > chunk.text.length) continue;
    const code = chunk.text.slice(start, end);
    const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    const before = chunk.text.slice(cursor, start);
    out += `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${fence}\n${code}\n${fence}`;
    cursor = end;
    if (cursor < chunk.text.length && chunk.text[cursor] !== '\n') out += '\n';
  }
  return out + chunk.text.slice(cursor);
}
