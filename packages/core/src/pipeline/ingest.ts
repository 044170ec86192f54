import { join, resolve } from 'node:path';
import { CHUNKER_VERSION, DEFAULT_CHUNKER_SETTINGS, type ChunkerSettings } from '../chunk/chunker.js';
import { documentId } from '../chunk/ids.js';
import { modelFolderRecord } from '../embed/model-folder.js';
import { BUNDLED_MODEL_DIR } from '../embed/trained/bundle.js';
import { prepareBundledModel } from './bundled-model.js';
import { TRAINED_MAX_TOKENS } from '../embed/trained/model-id.js';
import type { Embedder } from '../embed/types.js';
import { LEXICAL_SETTINGS, LexicalBuilder } from '../rank/lexical.js';
import { embedderKind } from '../embed/kind.js';
import { rankingSettings } from '../rank/ranking-settings.js';
import { VectorIndex } from '../rank/vectors.js';
import { vectorsEntry } from '../store/land-vectors.js';
import { FORMAT_VERSION, type Manifest } from '../store/manifest.js';
import { readStoredIndex } from '../store/read.js';
import { IndexWriter } from '../store/write.js';
import { assertReplaceable } from '../store/index-dir.js';
import { acquireIndexLock } from '../store/lock.js';
import { asIndexWriteError } from '../store/write-error.js';
import type { ChunkRecord, DocumentRecord } from '../types.js';
import { TOOL_VERSION } from '../version.js';
import { listCorpus } from '../ingest/corpus.js';
import { resolveLimits } from '../ingest/limits.js';
import { readCorpusDocuments } from '../ingest/read-documents.js';
import { sourceUrlsOf } from '../ingest/fetch-manifest.js';
import { embedRows } from './embed-rows.js';
import { finishEmbedding, type FinishedEmbedding } from './finish-embedding.js';
import { LEXICAL_FIRST_MIN_CHUNKS, type IngestOptions, type IngestReport } from './ingest-options.js';
import { passageText } from './passage-text.js';
import { loadPrevious, type PreviousIndex } from './previous-index.js';
import { checkRemovals, indexedDocumentIds } from './prune.js';
import { settleVersionTitles, type VersionDocument } from './version-titles.js';

export type { IngestOptions, IngestReport } from './ingest-options.js';
export type { IngestPhase, IngestProgress } from './progress.js';

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
  const removed = checkRemovals({ ...removals, kept: new Set(documents.map((document) => document.id)) });
  const pages = documents.reduce((sum, document) => sum + (document.pageCount ?? 0), 0);
  const manifest: Omit<Manifest, 'files'> = {
    formatVersion: FORMAT_VERSION,
    tool: { name: 'mcdewey', version: TOOL_VERSION },
    chunker: { ...settings, version: CHUNKER_VERSION },
    lexical: LEXICAL_SETTINGS,
    embedder: null,
    corpusDir: corpus,
    ranking: rankingSettings(embedderKind(null), undefined),
    vectors: null,
    counts: {
      documents: documents.length,
      chunks: chunkCount,
      pages,
      vendors: new Set(documents.map((document) => document.vendor)).size,
      versions: new Set(documents.map((document) => `${document.vendor}/${document.version}`)).size,
    },
    documents: Object.fromEntries(documents.map((document) => [document.id, { contentHash: document.contentHash, chunks: document.chunkCount }])),
  };
  const report = { indexDir: target, documents: documents.length, processed, reused, removed, pages, chunks: chunkCount, skipped, ignored: listing.ignored };
  const seconds = () => (performance.now() - started) / 1000;

  const embedding = (options.embedder !== undefined || train !== undefined) && chunkCount > 0;
  // An interrupted lexical-first ingest of this very corpus: its published chunks are these, so it is finished in place.
  const unchangedPending = embedding && previous.pending && processed === 0 && removed === 0 && sameDocuments(previous, documents);
  const toEmbed = vectors.reduce((sum, vector) => sum + (vector ? 0 : 1), chunkCount - vectors.length);
  const lexicalFirst = unchangedPending || (embedding && (options.lexicalFirst ?? (!previous.hasVectors && toEmbed >= LEXICAL_FIRST_MIN_CHUNKS)));
  if (lexicalFirst) {
    let searchableAfter: number | undefined;
    if (unchangedPending) {
      await writer.abort();
    } else {
      const { onProgress: _onProgress, ...trainSettings } = train ?? {};
      const modelFolder = options.embedder ? await modelFolderRecord(options.embedder) : undefined;
      const pendingEmbedding = {
        since: new Date().toISOString(),
        ...(options.embedder ? { embedder: options.embedder.fingerprint } : { train: trainSettings }),
        ...(modelFolder ? { modelFolder } : {}),
      };
      progress({ phase: 'write', done: 0, total: 1 });
      await writer.commit({ manifest: { ...manifest, pendingEmbedding }, documents, lexical: lexicalBuilder.finish() });
      progress({ phase: 'write', done: 1, total: 1 });
      searchableAfter = seconds();
      options.onSearchable?.({ indexDir: target, chunks: chunkCount, seconds: searchableAfter });
    }
    committed = true;
    const stored = readStoredIndex(target);
    let finished: FinishedEmbedding;
    try {
      finished = await finishEmbedding(target, stored, { embedder: options.embedder, train, reused: (row) => vectors[row], onProgress: progress, onNotice: options.onNotice });
    } finally {
      stored.chunks.close();
    }
    return {
      ...report,
      embedded: finished.embedded,
      resumed: finished.resumed,
      ...(searchableAfter !== undefined ? { searchableAfter } : {}),
      embedder: finished.embedder,
      ...(finished.modelFolder ? { modelFolder: finished.modelFolder } : {}),
      ...(finished.trained ? { trained: { ...finished.trained, dir: join(target, BUNDLED_MODEL_DIR), reused: false } } : {}),
      seconds: seconds(),
    };
  }

  const chunks = await writer.appendedChunks();
  // The previous index's model when the corpus is unchanged, else a new one in a scratch folder (removed afterwards); the writer copies it into the index.
  const trained = train && chunkCount > 0 ? await prepareBundledModel(target, [...chunks.records()].map(passageText), train, options.onNotice) : undefined;
  if (trained) cleanups.push(() => trained.dispose());
  trained?.vectors?.forEach((row, i) => (vectors[i] = row));
  const embedder = trained?.embedder ?? options.embedder;
  const rows = embedder && chunkCount > 0 ? await embedRows(chunks, embedder, { reused: (row) => vectors[row], onProgress: (done, total) => progress({ phase: 'embed', done, total }) }) : undefined;
  progress({ phase: 'index', done: 0, total: chunkCount });
  const lexical = lexicalBuilder.finish();
  const vectorIndex = embedder && rows ? VectorIndex.build(rows.data, embedder.fingerprint.dimensions) : undefined;
  progress({ phase: 'index', done: chunkCount, total: chunkCount });
  // A model from a local folder: remembered, so that search finds it again without --model-dir.
  const modelFolder = vectorIndex && embedder && embedder === options.embedder ? await modelFolderRecord(embedder) : undefined;
  const fingerprint = vectorIndex && embedder ? embedder.fingerprint : null;

  progress({ phase: 'write', done: 0, total: 1 });
  await writer.commit({
    manifest: {
      ...manifest,
      embedder: fingerprint,
      ...(modelFolder ? { modelFolder } : {}),
      ranking: rankingSettings(embedderKind(fingerprint), undefined),
      vectors: vectorIndex ? vectorsEntry(vectorIndex) : null,
    },
    documents,
    lexical,
    vectors: vectorIndex,
    ...(trained && vectorIndex ? { folders: { [BUNDLED_MODEL_DIR]: trained.dir } } : {}),
  });
  committed = true;
  progress({ phase: 'write', done: 1, total: 1 });

  return {
    ...report,
    embedded: rows?.embedded ?? 0,
    embedder: fingerprint,
    ...(modelFolder ? { modelFolder: modelFolder.path } : {}),
    ...(trained && vectorIndex ? { trained: { modelId: trained.modelId, dir: join(target, BUNDLED_MODEL_DIR), stats: trained.stats, seconds: trained.seconds, reused: trained.reused } } : {}),
    seconds: seconds(),
  };
}

/** The documents are the previous index's, in the same order (so its rows are these rows). */
function sameDocuments(previous: PreviousIndex, documents: readonly DocumentRecord[]): boolean {
  if (previous.documents.size !== documents.length) return false;
  let i = 0;
  for (const [id, old] of previous.documents) {
    const document = documents[i++]!;
    if (document.id !== id || document.contentHash !== old.record.contentHash || document.chunkCount !== old.record.chunkCount) return false;
  }
  return true;
}

function chunkerSettings(requested: Partial<ChunkerSettings> | undefined, embedder: Pick<Embedder, 'maxTokens'> | undefined): ChunkerSettings {
  const settings = { ...DEFAULT_CHUNKER_SETTINGS, ...requested };
  // The token estimate errs high by up to about 2x, so half the model's window is a safe bound.
  if (embedder) settings.maxTokens = Math.min(settings.maxTokens, Math.floor(embedder.maxTokens / 2));
  return settings;
}
