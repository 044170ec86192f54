import type { RankingSettings } from '../rank/ranking-settings.js';
import type { Library } from '../store/library.js';
import type { ChunkRecord, SearchFilters } from '../types.js';
import { inverseFrequency, termCoverage } from './evidence.js';

/** Something to try when a search found no strong match. */
export interface SearchSuggestion {
  /** What to try, in a sentence. */
  message: string;
  /** With this query instead, when the suggestion changes it. */
  query?: string;
  /** With these filters instead, when the suggestion changes them (`{}`: none). */
  filters?: SearchFilters;
}

/** What `assessMatch` needs of a finished search. */
export interface MatchInput {
  /** The query as searched (after corrections). */
  text: string;
  /** Its normalised terms. */
  terms: readonly string[];
  filters: SearchFilters;
  settings: RankingSettings;
  results: readonly { id: string }[];
  /** Cosine similarity of the best semantic hit, when a semantic leg ran. */
  similarity: number | undefined;
}

/** What the floor was compared with: the best results' term coverage and the best semantic similarity. */
export interface MatchEvidence {
  /** Idf-weighted share of the query's terms in the best of the top three results (0..1). */
  coverage: number;
  /** Cosine similarity of the best semantic hit, when a semantic leg ran. */
  similarity?: number;
}

/** Whether the results are a strong match, the evidence, and what to try when they are not. */
export interface MatchAssessment {
  strong: boolean;
  evidence: MatchEvidence;
  suggestions: SearchSuggestion[];
}

/** How many of the best results are looked at for evidence. */
const EVIDENCE_DEPTH = 3;

/**
 * Decides whether the best results are a strong match: enough of the query's information is in
 * one of them (idf-weighted term coverage) or the semantic leg found a close passage. When not,
 * suggests what to try: the same query without filters when that finds a strong match elsewhere,
 * else other words.
 */
export function assessMatch(index: Library, input: MatchInput): MatchAssessment {
  const idf = (term: string) => inverseFrequency(index.chunkCount, index.lexical.termFrequency(term));
  const chunks = input.results.slice(0, EVIDENCE_DEPTH).map((result) => index.getChunk(result.id));
  const evidence: MatchEvidence = { coverage: bestCoverage(chunks, input.terms, idf), ...(input.similarity !== undefined ? { similarity: input.similarity } : {}) };
  const { floor } = input.settings;
  const strong = chunks.length > 0 && (evidence.coverage >= floor.coverage || (evidence.similarity ?? -Infinity) >= floor.similarity);
  if (strong) return { strong, evidence, suggestions: [] };

  const suggestions: SearchSuggestion[] = [];
  if (Object.values(input.filters).some((value) => value !== undefined)) {
    const elsewhere = index.lexical.search(input.text, undefined, EVIDENCE_DEPTH).map((hit) => index.chunkAt(hit.row));
    if (elsewhere.length > 0 && bestCoverage(elsewhere, input.terms, idf) >= floor.coverage) {
      const where = [...new Set(elsewhere.map((chunk) => `${chunk.vendor} ${chunk.version}`))].join(', ');
      suggestions.push({ message: `No strong match with these filters; without them there are matches in ${where}.`, filters: {} });
    }
  }
  suggestions.push({ message: 'Try other words for the problem, fewer words, or a product name.' });
  return { strong, evidence, suggestions };
}

function bestCoverage(chunks: readonly ChunkRecord[], terms: readonly string[], idf: (term: string) => number): number {
  return Math.max(0, ...chunks.map((chunk) => termCoverage(terms, chunk, idf)));
}
