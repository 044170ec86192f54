import { describeFingerprint, fingerprintsMatch } from '../embed/fingerprint.js';
import { embedderKind } from '../embed/kind.js';
import { McdeweyError } from '../errors.js';
import { rankingSettings, type RankingSettings } from '../rank/ranking-settings.js';
import type { RowRanges } from '../rank/row-ranges.js';
import { normalizeTerm } from '../rank/terms.js';
import type { Library } from '../store/library.js';
import type { SearchSource, SemanticStatus } from '../query/source.js';

/**
 * The ranking settings an index searches with by default: those recorded in its manifest, or
 * for an index written before they were recorded, the defaults of its embedder kind then.
 */
export function rankingSettingsOf(index: Library): RankingSettings {
  return rankingSettings(embedderKind(index.manifest.embedder), index.manifest.ranking ?? null);
}

/** The on-disk index as a {@link SearchSource}: row ranges for filters, MaxScore BM25, HNSW. */
export function librarySource(index: Library): SearchSource<RowRanges> {
  return {
    chunkCount: index.chunkCount,
    identity: index,
    rankingSettings: rankingSettingsOf(index),
    normalize: normalizeTerm,
    semanticStatus: () => semanticStatus(index),
    filterRows: (filters) => index.filterRows(filters),
    vendorCatalog: () => index.vendorCatalog(),
    spellingFor: () => index.spellingDictionary(),
    termFrequencies: (terms) => terms.map((term) => index.lexical.termFrequency(term)),
    lexicalSearch: (text, rows, k) => index.lexical.search(text, rows, k),
    markMatches: (text, rows, marks) => index.lexical.markMatches(text, rows, marks),
    embedQuery: (text) => {
      const embedder = index.embedder!;
      const expected = index.manifest.embedder!;
      if (!fingerprintsMatch(expected, embedder.fingerprint)) {
        throw new McdeweyError(
          'EMBEDDER_MISMATCH',
          `This index was built with ${describeFingerprint(expected)}; the query embedder is ${describeFingerprint(embedder.fingerprint)}. Load the index's model (--model ${expected.modelId}) or re-ingest.`,
          { details: { expected, actual: embedder.fingerprint } },
        );
      }
      return embedder.embedQuery(text);
    },
    vectorSearch: (vector, rows, k) => index.vectors!.search(vector, k, rows ? { allowed: rows } : {}).map((hit) => ({ row: hit.label, score: hit.score })),
    documentOfRow: (row) => index.documentOfRow(row),
    documentSpanOfRow: (row) => index.documentSpanOfRow(row),
    chunkIdAt: (row) => index.chunkIdAt(row),
    sameTextKey: (row) => index.chunkHashAt(row),
    chunkAt: (row) => index.chunkAt(row),
  };
}

function semanticStatus(index: Library): SemanticStatus {
  const pending = index.pendingEmbeddingNotice;
  if (pending) return { ready: false, hasVectors: true, why: pending };
  // `index.vectors` loads the vectors once; it is undefined when they turned out damaged.
  const hasVectors = index.manifest.embedder !== null;
  if (hasVectors && index.embedder !== undefined && index.manifest.vectors !== null && index.vectors !== undefined) {
    return { ready: true, modelId: index.embedder.fingerprint.modelId };
  }
  const why = hasVectors
    ? (index.embedderNotice ?? `no embedding model is loaded for this index (it needs ${describeFingerprint(index.manifest.embedder!)})`)
    : 'the index has no vectors (it was ingested without an embedding model)';
  return { ready: false, hasVectors, why };
}
