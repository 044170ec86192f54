import type { RankingSettings } from '../rank/ranking-settings.js';
import type { SearchSource } from './source.js';
import type { SearchFilters } from '../types.js';
import { inverseFrequency, termCoverage, type EvidenceChunk } from './evidence.js';

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
  /** The results, best first, with the fields evidence is read from. */
  results: readonly EvidenceChunk[];
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
export async function assessMatch<Rows>(source: SearchSource<Rows>, input: MatchInput): Promise<MatchAssessment> {
  const frequencies = await source.termFrequencies(input.terms);
  const byTerm = new Map(input.terms.map((term, i) => [term, frequencies[i] ?? 0]));
  const idf = (term: string) => inverseFrequency(source.chunkCount, byTerm.get(term) ?? 0);
  const coverage = (chunks: readonly EvidenceChunk[]) => Math.max(0, ...chunks.map((chunk) => termCoverage(input.terms, chunk, idf, source.normalize)));
  const chunks = input.results.slice(0, EVIDENCE_DEPTH);
  const evidence: MatchEvidence = { coverage: coverage(chunks), ...(input.similarity !== undefined ? { similarity: input.similarity } : {}) };
  const { floor } = input.settings;
  const strong = chunks.length > 0 && (evidence.coverage >= floor.coverage || (evidence.similarity ?? -Infinity) >= floor.similarity);
  if (strong) return { strong, evidence, suggestions: [] };

  const suggestions: SearchSuggestion[] = [];
  if (Object.values(input.filters).some((value) => value !== undefined)) {
    // Without the caller's filters, but within what the source lets this caller see (a scoped library's vendors).
    const hits = await source.lexicalSearch(input.text, source.filterRows({}), EVIDENCE_DEPTH);
    const elsewhere = await Promise.all(hits.map((hit) => source.chunkAt(hit.row)));
    if (elsewhere.length > 0 && coverage(elsewhere) >= floor.coverage) {
      const where = [...new Set(elsewhere.map((chunk) => `${chunk.vendor} ${chunk.version}`))].join(', ');
      suggestions.push({ message: `No strong match with these filters; without them there are matches in ${where}.`, filters: {} });
    }
  }
  suggestions.push({ message: 'Try other words for the problem, fewer words, or a product name.' });
  return { strong, evidence, suggestions };
}
