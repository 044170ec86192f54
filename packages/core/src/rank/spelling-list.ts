import { CorrectionCandidates, SPELLING_SETTINGS, type SpellingDictionary } from './spelling.js';
import { ByteTermDictionary } from './term-dictionary.js';

/**
 * The words a correction may lead to, as a library without its whole dictionary at hand (the
 * static site) ships them: the terms found in at least `SPELLING_SETTINGS.minCorrectionFrequency`
 * chunks, in the index's dictionary order, with their frequencies.
 */
export interface CorrectionList {
  terms: string[];
  frequencies: number[];
}

/**
 * A spelling dictionary from a correction list and the exact frequencies of the query's own
 * terms. It corrects exactly as the index's dictionary does: a rarer term than the list holds can
 * be neither a correction nor a variant worth taking (both need `minCorrectionFrequency`), so only
 * the query's own terms need their exact, possibly small, frequencies.
 */
export function listedSpellingDictionary(list: CorrectionList, queryTerms: ReadonlyMap<string, number>): SpellingDictionary {
  const listed = new Map(list.terms.map((term, i) => [term, list.frequencies[i]!]));
  const dictionary = ByteTermDictionary.fromSortedTerms(list.terms);
  let candidates: CorrectionCandidates | undefined;
  return {
    termFrequency: (term) => queryTerms.get(term) ?? listed.get(term) ?? 0,
    closestTerm: (term, edits, minFrequency) => {
      candidates ??= new CorrectionCandidates(dictionary, (position) => list.frequencies[position]!, SPELLING_SETTINGS.minCorrectionFrequency);
      return candidates.closest(term, edits, Math.max(minFrequency, candidates.minFrequency));
    },
  };
}
