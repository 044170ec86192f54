import { stemmer } from 'stemmer';
import { TOKEN_SEPARATOR } from './token-separator.js';

/** Normalises one token to its index term; null for stop words and empty tokens. */
export type NormalizeTerm = (token: string) => string | null;

// Stemming dominates indexing and snippet time; docs reuse a small vocabulary, so remember it.
const CACHE_LIMIT = 200_000;

/**
 * A term normaliser: lower-cases a token, drops the stop words and reduces pure `[a-z]+` words to
 * their Porter stem (identifiers and numbers are kept as they are). Core indexes with English
 * stop words (`normalizeTerm`); the static site makes the same one from the stop words its data carries.
 */
export function termNormalizer(stopWords: Iterable<string>): NormalizeTerm {
  const stop = new Set(stopWords);
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

/** Every normalised term of a text, in order, repeats kept (BM25 sums a repeated query term twice). */
export function termSequence(text: string, normalize: NormalizeTerm): string[] {
  const terms: string[] = [];
  for (const token of text.split(TOKEN_SEPARATOR)) {
    const term = normalize(token);
    if (term) terms.push(term);
  }
  return terms;
}

/** The distinct normalised terms of a text, in first-seen order. */
export function distinctTerms(text: string, normalize: NormalizeTerm): string[] {
  return [...new Set(termSequence(text, normalize))];
}
