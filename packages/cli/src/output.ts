import { markSnippet, type ChunkRecord, type SearchResponse } from '@mcdewey/core';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (text: string) => (useColor ? `\u001b[1m${text}\u001b[22m` : text);
const dim = (text: string) => (useColor ? `\u001b[2m${text}\u001b[22m` : text);

/** Search results as a person reads them in a terminal. */
export function formatResults(response: SearchResponse): string {
  const lines: string[] = [];
  if (response.notice) lines.push(dim(`note: ${response.notice}`), '');
  if (response.results.length === 0) lines.push(`No results for "${response.query}" (${response.mode}).`);
  response.results.forEach((result, i) => {
    const where = [result.vendor, result.version, result.page !== undefined ? `page ${result.page}` : undefined].filter(Boolean).join(' · ');
    lines.push(`${bold(`${i + 1}. ${result.title}`)}  ${dim(`[${where}]`)}`);
    if (result.headings.length > 0) lines.push(`   ${dim(result.headings.join(' › '))}`);
    lines.push(`   ${markSnippet(result, useColor ? '\u001b[1m' : '**', useColor ? '\u001b[22m' : '**')}`);
    lines.push(`   ${dim(result.id)}${result.alsoIn ? dim(`  (same text in ${result.alsoIn.map((other) => other.version).join(', ')})`) : ''}`);
    if (result.explain) lines.push(`   ${dim(`explain: ${JSON.stringify(result.explain)}`)}`);
    lines.push('');
  });
  lines.push(dim(`${response.results.length} results · mode ${response.mode}${response.embedder ? ` · ${response.embedder}` : ''}`));
  return lines.join('\n');
}

/** The chunk card of DESIGN.md: page, source, chunk id, then the text. */
export function formatChunkCard(chunk: ChunkRecord): string {
  const rows: [string, string][] = [];
  if (chunk.page !== undefined) rows.push(['page', chunk.pageEnd && chunk.pageEnd !== chunk.page ? `${chunk.page}–${chunk.pageEnd}` : String(chunk.page)]);
  rows.push(['source', chunk.source], ['chunk_id', chunk.id]);
  if (chunk.headings.length > 0) rows.push(['section', chunk.headings.join(' › ')]);
  const header = chunk.page !== undefined ? `Page ${chunk.page}` : chunk.title;
  return [bold(header), '', ...rows.map(([key, value]) => `${key.padEnd(9)} ${value}`), '', chunk.text].join('\n');
}
