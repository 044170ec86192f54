import { join, resolve } from 'node:path';
import { CHUNKER_VERSION, DEFAULT_CHUNKER_SETTINGS, type ChunkerSettings } from '../chunk/chunker.js';
import { documentId } from '../chunk/ids.js';
import { fingerprintsMatch } from '../embed/fingerprint.js';
import { modelFolderRecord } from '../embed/model-folder.js';
import { BUNDLED_MODEL_DIR } from '../embed/trained/bundle.js';
import { prepareBundledModel } from './bundled-model.js';
import { TRAINED_MAX_TOKENS } from '../embed/trained/model-id.js';
import type { TrainEmbedderOptions, TrainStats } from '../embed/trained/train.js';
import type { Embedder, EmbedderFingerprint } from '../embed/types.js';
import { LEXICAL_SETTINGS, LexicalBuilder } from '../rank/lexical.js';
import { embedderKind } from '../embed/kind.js';
import { rankingSettings } from '../rank/ranking-settings.js';
import { VectorIndex } from '../rank/vectors.js';
import { FORMAT_VERSION } from '../store/manifest.js';
import { indexExists, readStoredIndex, type StoredIndex } from '../store/read.js';
import type { ChunkStore } from '../store/chunk-store.js';
import { IndexWriter } from '../store/write.js';
import { assertReplaceable } from '../store/index-dir.js';
import { acquireIndexLock } from '../store/lock.js';
import { asIndexWriteError } from '../store/write-error.js';
import type { ChunkRecord, DocumentRecord } from '../types.js';
import { TOOL_VERSION } from '../version.js';
import { listCorpus, type PassedOverFile } from '../ingest/corpus.js';
import { resolveLimits, type IngestLimitsOptions } from '../ingest/limits.js';
import { readCorpusDocuments } from '../ingest/read-documents.js';
import { sourceUrlsOf } from '../ingest/fetch-manifest.js';
import { checkRemovals, indexedDocumentIds } from './prune.js';
import { settleVersionTitles, type VersionDocument } from './version-titles.js';

/** A step of ingest, for progress display. */
export type IngestPhase = 'read' | 'embed' | 'index' | 'write';

/** Progress of one phase: `done` of `total` units (documents, chunks). */
export interface IngestProgress {
  phase: IngestPhase;
  done: number;
  total: number;
  /** The file being read, in the `read` phase. */
  source?: string;
}

/** Options of `ingest`. */
export interface IngestOptions {
  /** Chunk size settings. Default `{ maxTokens: 256 }`, lowered to fit the embedder's window. */
  chunker?: Partial<ChunkerSettings>;
  /** Embeds every chunk when given; without one the index is lexical-only. Default none. */
  embedder?: Embedder | undefined;
  /**
   * Without an `embedder`: train a compact embedding model from this corpus's chunks
   * (`trainEmbeddingModel`), embed with it, and bundle it in the index as `model/`, where
   * `openIndex(dir, { embedder: 'auto' })` finds it. `true` for the default training settings.
   * Ignored when `embedder` is given. Default false: no embedder means a lexical-only index.
   */
  trainEmbedder?: boolean | TrainEmbedderOptions | undefined;
  /**
   * Per-document limits (file size by format, front matter size, nesting depth, extracted text,
   * PDF pages and inflated stream bytes, seconds and heap per document); any not given keep
   * `DEFAULT_INGEST_LIMITS`. A document over a limit is skipped with the limit named.
   */
  limits?: IngestLimitsOptions | undefined;
  /** Called as work advances (for a progress bar). */
  onProgress?: (progress: IngestProgress) => void;
  /** Called with a line worth telling the user (a reused previous index, a damaged one). */
  onNotice?: (message: string) => void;
  /**
   * Allow the ingest to drop more than half (or all) of the index's documents, as when vendors
   * were really removed from the corpus. Default false: such an ingest fails with
   * `PRUNE_REQUIRED` before writing anything, since an empty or wrong corpus path looks the same.
   */
  prune?: boolean | undefined;
}

/** What an ingest did. */
export interface IngestReport {
  indexDir: string;
  documents: number;
  /** Documents read and chunked this time (new or changed). */
  processed: number;
  /** Documents taken unchanged from the previous index. */
  reused: number;
  /** Documents of the previous index no longer in the corpus. */
  removed: number;
  pages: number;
  chunks: number;
  /** Chunks embedded this time (vectors of unchanged documents are reused). */
  embedded: number;
  embedder: EmbedderFingerprint | null;
  /** The local model folder the index remembers (see `Manifest.modelFolder`), when the embedder came from one. */
  modelFolder?: string;
  /** With `trainEmbedder`: the model trained for this index, where it is bundled, what it saw, training seconds, and whether the previous index's model was kept (unchanged corpus). */
  trained?: { modelId: string; dir: string; stats: TrainStats; seconds: number; reused: boolean };
  /** Files at document depth that could not be ingested, with the reason. */
  skipped: PassedOverFile[];
  /** Files that are not documents (outside vendor/version/group/doc.ext). */
  ignored: PassedOverFile[];
  seconds: number;
}

/**
 * Ingests a corpus folder (`vendor/version/group/doc.ext`) into an index directory. Unchanged
 * documents (same content hash and chunker settings) are taken from the previous index, removed
 * ones leave it, and unreadable files are skipped with a reason while the rest goes in. The new
 * index replaces the old one atomically, so a failure at any point leaves the old one intact;
 * the old one is kept as `<indexDir>.previous` for `rollbackIndex`.
 *
 * Safety: `indexDir` must be absent, empty or an index (nothing else is ever replaced); the
 * lock file `<indexDir>.lock` keeps a second ingest out while this one runs; dropping more than
 * half of the index's documents needs `prune`.
 * @throws McdeweyError `NOT_AN_INDEX`, `INDEX_LOCKED`, `PRUNE_REQUIRED`, `CORPUS_NOT_FOUND`, or
 *   `INDEX_WRITE_FAILED` (disk full, read-only, no permission) naming the path and the reason.
 */
export async function ingest(corpusDir: string, indexDir: string, options: IngestOptions = {}): Promise<IngestReport> {
  const target = resolve(indexDir);
  try {
    // Before the lock file is made beside it: a folder that is not an index is never touched.
    assertReplaceable(target);
    const lock = await acquireIndexLock(target);
    const cleanups: (() => Promise<void>)[] = [];
    try {
      return await ingestCorpus(corpusDir, target, options, cleanups);
    } finally {
      try {
        for (const cleanup of cleanups) await cleanup();
      } finally {
        await lock.release();
      }
    }
  } catch (error) {
    throw asIndexWriteError(target, error);
  }
}

async function ingestCorpus(corpusDir: string, indexDir: string, options: IngestOptions, cleanups: (() => Promise<void>)[]): Promise<IngestReport> {
  const started = performance.now();
  const corpus = resolve(corpusDir);
  const target = resolve(indexDir);
  const train = options.embedder || !options.trainEmbedder ? undefined : options.trainEmbedder === true ? {} : options.trainEmbedder;
  const settings = chunkerSettings(options.chunker, options.embedder ?? (train ? { maxTokens: TRAINED_MAX_TOKENS } : undefined));
  const progress = options.onProgress ?? (() => {});
  const listing = listCorpus(corpus);
  // Refuse a corpus that would empty most of the library before any work, and again before the commit.
  const indexed = indexedDocumentIds(target);
  const removals = { indexDir: target, corpusDir: corpus, indexed, prune: options.prune === true };
  checkRemovals({ ...removals, kept: new Set(listing.files.map((file) => documentId(file))) });
  const previous = loadPrevious(target, settings, options.embedder?.fingerprint, options.onNotice);
  cleanups.push(async () => previous.close());

  // Chunks go to the new index's staging file as they are made and into the lexical builder's
  // compact postings, so memory holds neither a million chunk objects nor their texts.
  const writer = await IndexWriter.create(target);
  let committed = false;
  cleanups.push(async () => {
    if (!committed) await writer.abort();
  });
  const lexicalBuilder = new LexicalBuilder();
  const append = async (chunks: readonly ChunkRecord[]) => {
    await writer.appendChunks(chunks);
    for (const chunk of chunks) lexicalBuilder.add(chunk);
  };

  const documents: DocumentRecord[] = [];
  const vectors: (Float32Array | undefined)[] = [];
  const skipped = [...listing.skipped];
  let processed = 0;
  let reused = 0;
  // Each document is read and chunked in a worker thread with a deadline and a heap cap.
  // Fetched documents (`mcdewey fetch`) carry the URL they came from, so readers can open it.
  const sourceUrls = sourceUrlsOf(
    corpus,
    listing.files.map((file) => file.source),
    options.onNotice,
  );
  const documentsRead = readCorpusDocuments(corpus, listing.files, {
    limits: resolveLimits(options.limits),
    settings,
    sourceUrlOf: (file) => sourceUrls.get(file.source),
    isUnchanged: (file, contentHash) => {
      const old = previous.documents.get(documentId(file));
      return old !== undefined && old.record.contentHash === contentHash && old.record.source === file.source && old.record.sourceUrl === sourceUrls.get(file.source);
    },
    onStart: (i, file) => progress({ phase: 'read', done: i, total: listing.files.length, source: file.source }),
  });
  // A version's documents wait until the version is read, so that the site-name suffix its titles
  // share is stripped before their chunks are written (the listing keeps a version's files together).
  let version: { key: string; documents: (VersionDocument & { vectors: (Float32Array | undefined)[] })[] } = { key: '', documents: [] };
  const writeVersion = async () => {
    const settled = settleVersionTitles(version.documents);
    for (const [i, { record, chunks }] of settled.entries()) {
      documents.push(record);
      await append(chunks);
      vectors.push(...version.documents[i]!.vectors);
    }
    version = { key: '', documents: [] };
  };
  for await (const outcome of documentsRead) {
    const key = `${outcome.file.vendor}/${outcome.file.version}`;
    if (key !== version.key) await writeVersion();
    version.key = key;
    if (outcome.status === 'skipped') {
      skipped.push({ source: outcome.file.source, reason: outcome.reason });
    } else if (outcome.status === 'unchanged') {
      const old = previous.documents.get(documentId(outcome.file))!;
      const oldVectors = Array.from({ length: old.record.chunkCount }, (_, n) => previous.vectorOf(old, n));
      version.documents.push({ record: old.record, chunks: previous.chunksOf(old), vectors: oldVectors });
      reused++;
    } else {
      version.documents.push({ record: outcome.record, chunks: outcome.chunks, vectors: outcome.chunks.map(() => undefined) });
      processed++;
    }
  }
  await writeVersion();
  previous.close();
  progress({ phase: 'read', done: listing.files.length, total: listing.files.length });
  const chunkCount = writer.chunkCount;
  const chunks = await writer.appendedChunks();

  // The previous index's model when the corpus is unchanged, else a new one in a scratch folder (removed afterwards); the writer copies it into the index.
  const trained = train && chunkCount > 0 ? await prepareBundledModel(target, [...chunks.records()].map(passageText), train, options.onNotice) : undefined;
  if (trained) cleanups.push(() => trained.dispose());
  trained?.vectors?.forEach((row, i) => (vectors[i] = row));
  const embedder = trained?.embedder ?? options.embedder;
  const embedded = embedder ? await embedMissing(embedder, chunks, vectors, progress) : 0;
  progress({ phase: 'index', done: 0, total: chunkCount });
  const lexical = lexicalBuilder.finish();
  const vectorIndex = embedder && chunkCount > 0 ? VectorIndex.build(vectors as Float32Array[], embedder.fingerprint.dimensions) : undefined;
  progress({ phase: 'index', done: chunkCount, total: chunkCount });
  // A model from a local folder: remembered, so that search finds it again without --model-dir.
  const modelFolder = vectorIndex && embedder && embedder === options.embedder ? await modelFolderRecord(embedder) : undefined;

  progress({ phase: 'write', done: 0, total: 1 });
  const pages = documents.reduce((sum, document) => sum + (document.pageCount ?? 0), 0);
  const removed = checkRemovals({ ...removals, kept: new Set(documents.map((document) => document.id)) });
  await writer.commit({
    manifest: {
      formatVersion: FORMAT_VERSION,
      tool: { name: 'mcdewey', version: TOOL_VERSION },
      chunker: { ...settings, version: CHUNKER_VERSION },
      lexical: LEXICAL_SETTINGS,
      embedder: vectorIndex && embedder ? embedder.fingerprint : null,
      ...(modelFolder ? { modelFolder } : {}),
      corpusDir: corpus,
      ranking: rankingSettings(embedderKind(vectorIndex && embedder ? embedder.fingerprint : null), undefined),
      vectors: vectorIndex ? { count: vectorIndex.size, dimensions: vectorIndex.dims, ...vectorIndex.settings } : null,
      counts: {
        documents: documents.length,
        chunks: chunkCount,
        pages,
        vendors: new Set(documents.map((document) => document.vendor)).size,
        versions: new Set(documents.map((document) => `${document.vendor}/${document.version}`)).size,
      },
      documents: Object.fromEntries(documents.map((document) => [document.id, { contentHash: document.contentHash, chunks: document.chunkCount }])),
    },
    documents,
    lexical,
    vectors: vectorIndex,
    ...(trained && vectorIndex ? { folders: { [BUNDLED_MODEL_DIR]: trained.dir } } : {}),
  });
  committed = true;
  progress({ phase: 'write', done: 1, total: 1 });

  return {
    indexDir: target,
    documents: documents.length,
    processed,
    reused,
    removed,
    pages,
    chunks: chunkCount,
    embedded,
    embedder: vectorIndex && embedder ? embedder.fingerprint : null,
    ...(modelFolder ? { modelFolder: modelFolder.path } : {}),
    ...(trained && vectorIndex ? { trained: { modelId: trained.modelId, dir: join(target, BUNDLED_MODEL_DIR), stats: trained.stats, seconds: trained.seconds, reused: trained.reused } } : {}),
    skipped,
    ignored: listing.ignored,
    seconds: (performance.now() - started) / 1000,
  };
}

function chunkerSettings(requested: Partial<ChunkerSettings> | undefined, embedder: Pick<Embedder, 'maxTokens'> | undefined): ChunkerSettings {
  const settings = { ...DEFAULT_CHUNKER_SETTINGS, ...requested };
  // The token estimate errs high by up to about 2x, so half the model's window is a safe bound.
  if (embedder) settings.maxTokens = Math.min(settings.maxTokens, Math.floor(embedder.maxTokens / 2));
  return settings;
}

/** The previous index: its documents by id, their chunks and (same embedder only) vectors, read on demand. */
interface PreviousIndex {
  documents: Map<string, PreviousDocument>;
  chunksOf(document: PreviousDocument): ChunkRecord[];
  /** The vector of a document's n-th chunk, when the previous index was embedded by the same model. */
  vectorOf(document: PreviousDocument, n: number): Float32Array | undefined;
  close(): void;
}

interface PreviousDocument {
  record: DocumentRecord;
  firstRow: number;
}

const NO_PREVIOUS: PreviousIndex = { documents: new Map(), chunksOf: () => [], vectorOf: () => undefined, close: () => {} };

/**
 * The previous index, when its chunker settings match (otherwise every document is re-chunked).
 * A damaged previous index is reported and ingest starts afresh.
 */
function loadPrevious(dir: string, settings: ChunkerSettings, fingerprint: EmbedderFingerprint | undefined, notice: IngestOptions['onNotice']): PreviousIndex {
  if (!indexExists(dir)) return NO_PREVIOUS;
  let stored: StoredIndex;
  try {
    stored = readStoredIndex(dir);
  } catch (error) {
    notice?.(`The existing index at ${dir} cannot be reused (${(error as Error).message}); every document will be read again.`);
    return NO_PREVIOUS;
  }
  const { chunker } = stored.manifest;
  if (chunker.version !== CHUNKER_VERSION || chunker.maxTokens !== settings.maxTokens) {
    stored.chunks.close();
    notice?.('Chunker settings changed since the last ingest; every document will be chunked again.');
    return NO_PREVIOUS;
  }
  const sameEmbedder = fingerprint !== undefined && stored.manifest.embedder !== null && fingerprintsMatch(stored.manifest.embedder, fingerprint);
  let vectors: VectorIndex | undefined;
  try {
    // Damage is found now rather than halfway through writing the new index; a damaged index is not reused.
    stored.chunks.checkLines();
    vectors = sameEmbedder ? stored.loadVectors() : undefined;
  } catch (error) {
    stored.chunks.close();
    notice?.(`The existing index at ${dir} cannot be reused (${(error as Error).message}); every document will be read again.`);
    return NO_PREVIOUS;
  }
  const documents = new Map<string, PreviousDocument>();
  let row = 0;
  for (const record of stored.documents) {
    documents.set(record.id, { record, firstRow: row });
    row += record.chunkCount;
  }
  return {
    documents,
    chunksOf: ({ record, firstRow }) => [...stored.chunks.records(firstRow, firstRow + record.chunkCount)],
    vectorOf: ({ firstRow }, n) => vectors?.row(firstRow + n),
    close: () => {
      stored.chunks.close();
      vectors?.close();
    },
  };
}

async function embedMissing(embedder: Embedder, chunks: ChunkStore, vectors: (Float32Array | undefined)[], progress: (p: IngestProgress) => void): Promise<number> {
  const total = vectors.reduce((sum, vector) => sum + (vector ? 0 : 1), 0);
  const batchSize = 32;
  let done = 0;
  let batch: { row: number; text: string }[] = [];
  const embedBatch = async () => {
    progress({ phase: 'embed', done, total });
    const embedded = await embedder.embedPassages(batch.map((item) => item.text));
    batch.forEach((item, j) => (vectors[item.row] = embedded[j]));
    done += batch.length;
    batch = [];
  };
  let row = 0;
  for (const chunk of chunks.records()) {
    if (!vectors[row]) batch.push({ row, text: passageText(chunk) });
    row++;
    if (batch.length === batchSize) await embedBatch();
  }
  if (batch.length > 0) await embedBatch();
  progress({ phase: 'embed', done, total });
  return total;
}

/** What the embedder sees of a chunk: its place in the document, then its text. */
export function passageText(chunk: ChunkRecord): string {
  const context = [chunk.title, ...chunk.headings].filter((part, i, all) => part && all.indexOf(part) === i).join(' › ');
  return context ? `${context}\n${chunk.text}` : chunk.text;
}
