import type { Embedder } from '../embed/types.js';
import { embedderKind } from '../embed/kind.js';
import { McdeweyError } from '../errors.js';
import { LexicalIndex } from '../rank/lexical.js';
import { rankingSettings, type RankingSettings } from '../rank/ranking-settings.js';
import { rowRanges, rowRangesHas, type RowRanges } from '../rank/row-ranges.js';
import { normalizeTerm } from '../rank/terms.js';
import type { ChunkRecord } from '../types.js';
import { vendorCatalogOf } from '../store/catalog.js';
import { documentFilter } from '../store/document-filter.js';
import type { SearchSource, SourceDocument } from '../query/source.js';

/** Options of {@link memorySource}. */
export interface MemorySourceOptions {
  /** One vector per chunk, in chunk order, from `embedder`: enables semantic and hybrid search. */
  vectors?: readonly Float32Array[];
  /** The embedder of `vectors`, for queries. */
  embedder?: Embedder;
  /** Ranking settings. Default: the defaults of the embedder's kind. */
  rankingSettings?: RankingSettings;
}

interface MemoryDocument extends SourceDocument {
  firstRow: number;
  endRow: number;
}

/**
 * A library held in memory as a {@link SearchSource}: BM25 built from the chunks, exact cosine
 * search over the given vectors. For tests, small embedded libraries, and as the model of what a
 * new backend must answer. Chunks must come document by document (as an index stores them).
 * @throws McdeweyError `INVALID_ARGUMENT` when a document's chunks are not together, or the
 *   vectors do not match the chunks.
 */
export function memorySource(chunks: readonly ChunkRecord[], options: MemorySourceOptions = {}): SearchSource<RowRanges> {
  const documents = documentsOf(chunks);
  const rowDocument = new Uint32Array(chunks.length);
  documents.forEach((document, i) => rowDocument.fill(i, document.firstRow, document.endRow));
  const lexical = LexicalIndex.build(chunks);
  const { vectors, embedder } = options;
  if (vectors && vectors.length !== chunks.length) {
    throw new McdeweyError('INVALID_ARGUMENT', `memorySource got ${vectors.length} vectors for ${chunks.length} chunks`, { details: { parameter: 'vectors' } });
  }
  const catalog = vendorCatalogOf(documents);
  return {
    chunkCount: chunks.length,
    rankingSettings: options.rankingSettings ?? rankingSettings(embedderKind(embedder?.fingerprint), undefined),
    normalize: normalizeTerm,
    semanticStatus: () =>
      vectors && embedder ? { ready: true, modelId: embedder.fingerprint.modelId } : { ready: false, hasVectors: vectors !== undefined, why: 'the library was given no vectors and embedder' },
    filterRows: (filters) => {
      const { accepts, active } = documentFilter(filters, documents);
      return active ? rowRanges(documents.filter(accepts).map((document) => [document.firstRow, document.endRow] as const)) : undefined;
    },
    vendorCatalog: () => catalog,
    spellingFor: () => lexical,
    termFrequencies: (terms) => terms.map((term) => lexical.termFrequency(term)),
    lexicalSearch: (text, rows, k) => lexical.search(text, rows, k),
    markMatches: (text, rows, marks) => lexical.markMatches(text, rows, marks),
    embedQuery: (text) => embedder!.embedQuery(text),
    vectorSearch: (vector, rows, k) => exactNearest(vector, vectors!, rows, k),
    documentOfRow: (row) => documents[rowDocument[row]!]!,
    documentSpanOfRow: (row) => {
      const document = documents[rowDocument[row]!]!;
      return { first: document.firstRow, end: document.endRow };
    },
    chunkIdAt: (row) => chunks[row]!.id,
    sameTextKey: (row) => chunks[row]!.hash,
    chunkAt: (row) => chunks[row]!,
  };
}

function documentsOf(chunks: readonly ChunkRecord[]): MemoryDocument[] {
  const documents: MemoryDocument[] = [];
  const seen = new Set<string>();
  chunks.forEach((chunk, row) => {
    const id = `${chunk.vendor}::${chunk.version}::${chunk.group}::${chunk.doc}`;
    const last = documents[documents.length - 1];
    const lastPage = chunk.pageEnd ?? chunk.page;
    if (last?.id === id) {
      last.endRow = row + 1;
      if (lastPage !== undefined) last.pageCount = Math.max(last.pageCount ?? 0, lastPage);
      return;
    }
    if (seen.has(id)) throw new McdeweyError('INVALID_ARGUMENT', `memorySource: the chunks of ${id} are not together (row ${row})`, { details: { parameter: 'chunks' } });
    seen.add(id);
    documents.push({
      id,
      vendor: chunk.vendor,
      version: chunk.version,
      group: chunk.group,
      doc: chunk.doc,
      firstRow: row,
      endRow: row + 1,
      ...(lastPage !== undefined ? { pageCount: lastPage } : {}),
    });
  });
  return documents;
}

function exactNearest(query: Float32Array, vectors: readonly Float32Array[], rows: RowRanges | undefined, k: number): { row: number; score: number }[] {
  const hits: { row: number; score: number }[] = [];
  vectors.forEach((vector, row) => {
    if (rows && !rowRangesHas(rows, row)) return;
    hits.push({ row, score: cosine(query, vector) });
  });
  return hits.sort((a, b) => b.score - a.score || a.row - b.row).slice(0, k);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
