import { stemmer } from 'stemmer';

/**
 * Term processing, the same as core's (`rank/terms.ts`): split on white space, punctuation and
 * symbols, lower-case, drop stop words, Porter-stem pure `[a-z]+` tokens. The stop words come
 * from the site's data (the exporter checks them against core), the stemmer is the same package.
 */
export const TOKEN_SEPARATOR = /[\s\p{P}\p{S}]+/u;

/** Normalises one token; null for stop words and empty tokens. */
export type NormalizeTerm = (token: string) => string | null;

/** A term normaliser with the given stop words. */
export function termNormalizer(stopWords: readonly string[]): NormalizeTerm {
  const stop = new Set(stopWords);
  // Stemming is most of the work (indexing at export, snippets in the browser); docs reuse words.
  const cache = new Map<string, string | null>();
  return (token) => {
    const cached = cache.get(token);
    if (cached !== undefined) return cached;
    const lower = token.toLowerCase();
    const term = lower.length === 0 || stop.has(lower) ? null : /^[a-z]+$/.test(lower) ? stemmer(lower) : lower;
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(token, term);
    return term;
  };
}

const CACHE_LIMIT = 200_000;

/** Every normalised term of a query, in order, repeats kept (BM25 sums a repeated term twice, as the index does). */
export function queryTokens(text: string, normalize: NormalizeTerm): string[] {
  const terms: string[] = [];
  for (const token of text.split(TOKEN_SEPARATOR)) {
    const term = normalize(token);
    if (term) terms.push(term);
  }
  return terms;
}

/** The distinct normalised terms of a text, in first-seen order (core's `queryTerms`). */
export function distinctTerms(text: string, normalize: NormalizeTerm): string[] {
  return [...new Set(queryTokens(text, normalize))];
}
