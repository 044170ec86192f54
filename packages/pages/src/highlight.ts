import { distinctTerms, type NormalizeTerm } from '@mcdewey/core/ranking';

/** Marks the words of a text that a query matched. */
export interface Highlighter {
  /** `[start, end)` offsets of every word whose normalised term is one of the query's. */
  ranges(text: string): [number, number][];
}

// The word pattern of core's `makeSnippet`, so a page marks the words a result's snippet marks.
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * A highlighter for a query: its terms as core reads them (`distinctTerms` with the library's
 * normaliser: lower case, stop words dropped, Porter stems), so "snapshots" marks "snapshot".
 * Undefined when the query has no term (empty, or only stop words).
 */
export function queryHighlighter(query: string | undefined, normalize: NormalizeTerm): Highlighter | undefined {
  if (query === undefined || query.trim() === '') return undefined;
  const terms = new Set(distinctTerms(query, normalize));
  if (terms.size === 0) return undefined;
  return {
    ranges(text) {
      const found: [number, number][] = [];
      for (const match of text.matchAll(WORD)) {
        const term = normalize(match[0]);
        if (term !== null && terms.has(term)) found.push([match.index, match.index + match[0].length]);
      }
      return found;
    },
  };
}
