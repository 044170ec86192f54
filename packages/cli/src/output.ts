import { fencedText, markSnippet, pageCitation, resultTotal, type ChunkRecord, type MoreInDocument, type SearchResponse, type SearchSuggestion } from '@mcdewey/core';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (text: string) => (useColor ? `\u001b[1m${text}\u001b[22m` : text);
const dim = (text: string) => (useColor ? `\u001b[2m${text}\u001b[22m` : text);

/** "1 result", "2 results": core's one count-and-noun helper, for every message of the CLI. */
export { plural } from '@mcdewey/core';

/**
 * Search results as a person reads them in a terminal: what the query was understood as, then the
 * results. The response's `notice` is not part of it: notices go to stderr.
 */
export function formatResults(response: SearchResponse): string {
  const lines: string[] = [];
  const understood = understandingLines(response);
  if (understood.length > 0) lines.push(...understood, '');
  if (response.results.length === 0 && !response.noStrongMatch) lines.push(`No results for "${response.query}" (${response.mode}).`, '');
  response.results.forEach((result, index) => {
    const i = response.offset + index;
    const where = [result.vendor, result.version, result.page !== undefined ? pageCitation(result, 'long') : undefined].filter(Boolean).join(' · ');
    lines.push(`${bold(`${i + 1}. ${result.title}`)}  ${dim(`[${where}]`)}`);
    if (result.headings.length > 0) lines.push(`   ${dim(result.headings.join(' › '))}`);
    lines.push(`   ${markSnippet(result, useColor ? '\u001b[1m' : '**', useColor ? '\u001b[22m' : '**')}`);
    lines.push(`   ${dim(result.id)}${result.alsoIn?.length ? dim(`  (also in ${result.alsoIn.map((other) => other.version).join(', ')})`) : ''}`);
    if (result.sourceUrl) lines.push(`   ${dim(`View on vendor site: ${result.sourceUrl}`)}`);
    if (result.more?.length) {
      lines.push(`   ${moreInDocument(result.more)}`);
      lines.push(`   ${dim(result.more.map((other) => other.id).join('  '))}`);
    }
    if (result.explain) lines.push(`   ${dim(`explain: ${JSON.stringify(result.explain)}`)}`);
    lines.push('');
  });
  if (response.ranking) lines.push(dim(rankingLine(response)));
  lines.push(dim(`${resultCount(response)} · mode ${response.mode}${response.embedder ? ` · ${response.embedder}` : ''}`));
  return lines.join('\n');
}

/** "12 results", or for a part of them "results 11-20 of about 2,009 (--offset 20 for more)". */
function resultCount(response: SearchResponse): string {
  const { offset, results, next } = response;
  const total = resultTotal(response);
  if (offset === 0 && next === undefined) return total;
  const shown = results.length === 0 ? `none from ${offset + 1} of ${total}` : `results ${offset + 1}-${offset + results.length} of ${total.replace(/ results?$/, '')}`;
  return next !== undefined ? `${shown} (--offset ${next} for more)` : shown;
}

/** The lines above the results: spelling corrections, the vendor/version read, no strong match. */
function understandingLines(response: SearchResponse): string[] {
  const lines: string[] = [];
  const { interpreted } = response;
  if (interpreted?.corrected !== undefined) {
    lines.push(`Showing results for "${interpreted.corrected}" (searched instead of "${response.query}"; --no-correct to search it as typed)`);
  }
  if (interpreted?.vendor !== undefined) {
    const named = [`vendor ${interpreted.vendor}`, interpreted.version !== undefined ? `version ${interpreted.version}` : undefined].filter(Boolean).join(', ');
    lines.push(`Understood: ${named} (ranked first; --no-interpret to turn off)`);
  }
  if (response.noStrongMatch) {
    lines.push(response.results.length > 0 ? 'No strong match: the results below are the closest passages, not answers.' : `No results for "${response.query}" (${response.mode}).`);
    for (const suggestion of response.suggestions ?? []) lines.push(`  - ${suggestion.message}${suggestionHint(suggestion)}`);
  }
  return lines;
}

function suggestionHint(suggestion: SearchSuggestion): string {
  if (suggestion.query !== undefined) return ` (mcdewey search ${JSON.stringify(suggestion.query)})`;
  if (suggestion.filters && Object.values(suggestion.filters).every((value) => value === undefined)) return ' (search again without --vendor, --version, --group and --doc)';
  return '';
}

/** "3 more in this document: p. 12, p. 14, Restore": pages for PDFs, the innermost heading otherwise. */
function moreInDocument(more: readonly MoreInDocument[]): string {
  const labels = more.map((other) => (other.page !== undefined ? pageCitation(other) : (other.headings.at(-1) ?? 'untitled section')));
  return `${more.length} more in this document: ${labels.join(', ')}`;
}

/** The ranking settings used and what the match floor was compared with (`--explain`). */
function rankingLine(response: SearchResponse): string {
  const { weights, rrfK, steer, floor } = response.ranking!;
  const evidence = response.evidence
    ? ` · match: coverage ${response.evidence.coverage.toFixed(2)}${response.evidence.similarity !== undefined ? `, similarity ${response.evidence.similarity.toFixed(2)}` : ''}`
    : '';
  return `ranking: weights lexical ${weights.lexical}, semantic ${weights.semantic} · rrfK ${rrfK} · steer ${steer} · floor coverage ${floor.coverage}, similarity ${floor.similarity}${evidence}`;
}

/**
 * The chunk card of DESIGN.md: its heading (a PDF's section, else the title), then page ("p. 23
 * (PDF page 29)"), source, the page on the vendor's site for a fetched document ("View on vendor
 * site"), chunk id, then the text. `asked` marks the card that was asked for
 * among its neighbours (`show --context`). Code is fenced with ``` (core's `fencedText`).
 */
export function formatChunkCard(chunk: ChunkRecord, options: { asked?: boolean } = {}): string {
  const rows: [string, string][] = [];
  if (chunk.page !== undefined) rows.push(['page', pageCitation(chunk)]);
  rows.push(['source', chunk.source]);
  if (chunk.sourceUrl) rows.push(['on site', chunk.sourceUrl]);
  rows.push(['chunk_id', chunk.id]);
  if (chunk.headings.length > 0) rows.push(['section', chunk.headings.join(' › ')]);
  const header = chunk.page !== undefined ? (chunk.headings.at(-1) ?? chunk.title) : chunk.title;
  const title = options.asked ? `${bold(`▶ ${header}`)}  ${dim('(the chunk asked for)')}` : bold(header);
  return [title, '', ...rows.map(([key, value]) => `${key.padEnd(9)} ${value}`), '', fencedText(chunk)].join('\n');
}
