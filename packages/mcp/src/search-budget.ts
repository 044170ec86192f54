import type { SearchResult } from '@mcdewey/core';
import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { answerTokens, prefixWithin } from './budget.js';
import { searchHit, type SearchHitOutput } from './format.js';
import { chunkAndDocumentLinks } from './resource-links.js';

/** Tokens a snippet keeps when snippets are shortened to fit `max_tokens`. */
const SHORT_SNIPPET_TOKENS = 24;

/** What `search_docs` reports when it trimmed its answer to `max_tokens`. */
export interface TrimmedOutput {
  max_tokens: number;
  /** The answer's estimated size after trimming (structured content and resource links). */
  estimated_tokens: number;
  results_left_out: number;
  snippets_shortened: boolean;
  /** `more_in_document` and `also_in` were left out of every hit. */
  lists_left_out: boolean;
  message: string;
}

/** A `search_docs` answer: the structured content and a resource link per hit's chunk and document. */
export interface SearchAnswer {
  structured: Record<string, unknown>;
  links: ResourceLink[];
}

/** How much a trimming step keeps: shortened snippets, the per-hit lists, the first `count` results. */
interface Trim {
  shortSnippets: boolean;
  dropLists: boolean;
  count: number;
}

function hitsFor(results: readonly SearchResult[], trim: Trim): SearchHitOutput[] {
  return results.slice(0, trim.count).map((result) => {
    const snippet = trim.shortSnippets ? shorten(result.snippet) : result.snippet;
    const hit = searchHit(snippet === result.snippet ? result : { ...result, snippet });
    if (trim.dropLists) {
      delete hit.more_in_document;
      delete hit.also_in;
    }
    return hit;
  });
}

function shorten(snippet: string): string {
  const short = prefixWithin(snippet, SHORT_SNIPPET_TOKENS);
  return short.length < snippet.length ? `${short.trimEnd()} …` : snippet;
}

function trimmedMessage(maxTokens: number, trim: Trim, total: number, fits: boolean): string {
  const done = [
    trim.shortSnippets ? 'snippets shortened' : '',
    trim.dropLists ? 'more_in_document / also_in left out' : '',
    trim.count < total ? `${total - trim.count} of ${total} results left out` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const lead = fits ? `Trimmed to fit max_tokens ${maxTokens}: ${done}.` : `Even with no results the answer is over max_tokens ${maxTokens}; raise it.`;
  return `${lead} Raise max_tokens or lower limit for more; read any hit in full with get_chunk or read_document.`;
}

/**
 * The `search_docs` answer for `head` (query, mode, reading) and `results`; with `maxTokens`, trimmed
 * until its estimated size fits: first snippets are shortened, then the per-hit lists are left out,
 * then results are left out from the last. A `trimmed` field says what was done.
 */
export function searchAnswer(head: Record<string, unknown>, results: readonly SearchResult[], maxTokens: number | undefined): SearchAnswer {
  const build = (trim: Trim, trimmed?: TrimmedOutput): SearchAnswer => {
    const hits = hitsFor(results, trim);
    return { structured: { ...head, results: hits, ...(trimmed ? { trimmed } : {}) }, links: chunkAndDocumentLinks(hits) };
  };
  const full: Trim = { shortSnippets: false, dropLists: false, count: results.length };
  if (maxTokens === undefined) return build(full);
  const untrimmed = build(full);
  if (answerTokens(untrimmed.structured, untrimmed.links) <= maxTokens) return untrimmed;

  const steps: Trim[] = [
    { shortSnippets: true, dropLists: false, count: results.length },
    { shortSnippets: true, dropLists: true, count: results.length },
  ];
  for (let count = results.length - 1; count >= 0; count--) steps.push({ shortSnippets: true, dropLists: true, count });
  const report = (trim: Trim, fits: boolean): TrimmedOutput => ({
    max_tokens: maxTokens,
    // Sized with max_tokens in place of the estimate: never fewer digits, so never fewer tokens.
    estimated_tokens: maxTokens,
    results_left_out: results.length - trim.count,
    snippets_shortened: trim.shortSnippets,
    lists_left_out: trim.dropLists,
    message: trimmedMessage(maxTokens, trim, results.length, fits),
  });
  for (const [index, trim] of steps.entries()) {
    const answer = build(trim, report(trim, true));
    const fits = answerTokens(answer.structured, answer.links) <= maxTokens;
    if (!fits && index < steps.length - 1) continue;
    const final = fits ? answer : build(trim, report(trim, false));
    (final.structured.trimmed as TrimmedOutput).estimated_tokens = answerTokens(final.structured, final.links);
    return final;
  }
  return untrimmed;
}
