import { stemmer } from 'stemmer';
import { eng as englishStopWords } from 'stopword';
import { TOKEN_SEPARATOR } from './token-separator.js';

export { TOKEN_SEPARATOR } from './token-separator.js';

const STOP_WORDS = new Set<string>(englishStopWords);

// Stemming dominates indexing and snippet time; docs reuse a small vocabulary, so remember it.
const CACHE_LIMIT = 200_000;
const cache = new Map<string, string | null>();

/** Lower-cases a token, drops English stop words and reduces it to its Porter stem. */
export function normalizeTerm(token: string): string | null {
  const cached = cache.get(token);
  if (cached !== undefined) return cached;
  const lower = token.toLowerCase();
  // The Porter stemmer is meant for words; identifiers and numbers are kept as they are.
  const term = lower.length === 0 || STOP_WORDS.has(lower) ? null : /^[a-z]+$/.test(lower) ? stemmer(lower) : lower;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(token, term);
  return term;
}

/** The distinct normalised terms of a text, in first-seen order. */
export function queryTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const token of text.split(TOKEN_SEPARATOR)) {
    const term = normalizeTerm(token);
    if (term) terms.add(term);
  }
  return [...terms];
}

/** Settings recorded in the manifest so a reader can tell how the lexical index was built. */
export const TERM_SETTINGS = {
  tokenizer: 'unicode-space-punct-symbol',
  stemmer: 'porter (npm stemmer 2)',
  stopWords: 'english, 108 words (npm stopword eng)',
} as const;
