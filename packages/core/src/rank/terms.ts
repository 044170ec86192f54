import { eng as englishStopWords } from 'stopword';
import { distinctTerms, termNormalizer } from './term-normalizer.js';

export { TOKEN_SEPARATOR } from './token-separator.js';

/** Lower-cases a token, drops English stop words and reduces it to its Porter stem. */
export const normalizeTerm = termNormalizer(englishStopWords);

/** The distinct normalised terms of a text, in first-seen order. */
export function queryTerms(text: string): string[] {
  return distinctTerms(text, normalizeTerm);
}

/** Settings recorded in the manifest so a reader can tell how the lexical index was built. */
export const TERM_SETTINGS = {
  tokenizer: 'unicode-space-punct-symbol',
  stemmer: 'porter (npm stemmer 2)',
  stopWords: 'english, 108 words (npm stopword eng)',
} as const;
