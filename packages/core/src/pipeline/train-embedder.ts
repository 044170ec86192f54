import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_CHUNKER_SETTINGS, type ChunkerSettings } from '../chunk/chunker.js';
import { listCorpus } from '../ingest/corpus.js';
import { resolveLimits } from '../ingest/limits.js';
import { passageText } from './passage-text.js';
import { readCorpusDocuments } from '../ingest/read-documents.js';
import { INDEX_FILES } from '../store/manifest.js';
import { readStoredIndex } from '../store/read.js';
import type { ChunkRecord } from '../types.js';
import { TRAINED_MAX_TOKENS } from '../embed/trained/model-id.js';
import { trainEmbeddingModel, writeTrainedModel, type TrainEmbedderOptions, type TrainStats } from '../embed/trained/train.js';

/** Options of {@link trainEmbedder}. */
export interface TrainEmbedderFromCorpusOptions extends TrainEmbedderOptions {
  /** Chunk size, as for ingest. Default `{ maxTokens: 256 }` (what ingest uses with a trained model). */
  chunker?: Partial<ChunkerSettings>;
  /** Called for each document read (before training starts). */
  onRead?: ((done: number, total: number, source: string) => void) | undefined;
}

/** What {@link trainEmbedder} made. */
export interface TrainEmbedderReport {
  /** The model id (`mcdewey-trained/<hash>`), as an index built with it records it. */
  modelId: string;
  /** The model folder (absolute). */
  dir: string;
  dims: number;
  /** Chunks the model was trained on. */
  chunks: number;
  /** Size of the model folder's files. */
  bytes: number;
  stats: TrainStats;
  /** Reading and chunking, then training and writing, in seconds. */
  readSeconds: number;
  trainSeconds: number;
}

/**
 * Trains an embedding model from a corpus folder (read and chunked as ingest does) or from an
 * existing index directory's chunks, and writes it to `outDir` as a transformers.js model folder
 * (`--model-dir` takes it). Unreadable documents are passed over, as ingest does.
 * @throws McdeweyError `CORPUS_NOT_FOUND`, `INVALID_ARGUMENT` (too little text, bad settings).
 */
export async function trainEmbedder(source: string, outDir: string, options: TrainEmbedderFromCorpusOptions = {}): Promise<TrainEmbedderReport> {
  const started = performance.now();
  const dir = resolve(source);
  const chunks = (await isIndexDir(dir)) ? readIndexChunks(dir) : await readCorpusChunks(dir, options);
  const read = performance.now();
  const model = trainEmbeddingModel(chunks.map(passageText), options);
  const target = await writeTrainedModel(outDir, model);
  return {
    modelId: model.name,
    dir: target,
    dims: model.dims,
    chunks: chunks.length,
    bytes: await folderBytes(target),
    stats: model.stats,
    readSeconds: (read - started) / 1000,
    trainSeconds: (performance.now() - read) / 1000,
  };
}

async function isIndexDir(dir: string): Promise<boolean> {
  return (await stat(join(dir, INDEX_FILES.manifest)).catch(() => undefined))?.isFile() ?? false;
}

async function readCorpusChunks(corpusDir: string, options: TrainEmbedderFromCorpusOptions): Promise<ChunkRecord[]> {
  const settings: ChunkerSettings = { ...DEFAULT_CHUNKER_SETTINGS, ...options.chunker };
  settings.maxTokens = Math.min(settings.maxTokens, Math.floor(TRAINED_MAX_TOKENS / 2));
  const listing = listCorpus(corpusDir);
  const chunks: ChunkRecord[] = [];
  // Read as ingest reads: inside the corpus only, each document in a worker within the default limits.
  const documents = readCorpusDocuments(corpusDir, listing.files, {
    limits: resolveLimits(),
    settings,
    onStart: (i, file) => options.onRead?.(i, listing.files.length, file.source),
  });
  for await (const outcome of documents) if (outcome.status === 'read') chunks.push(...outcome.chunks);
  options.onRead?.(listing.files.length, listing.files.length, '');
  return chunks;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** Every chunk of an index directory. */
function readIndexChunks(dir: string): ChunkRecord[] {
  const { chunks } = readStoredIndex(dir);
  try {
    return [...chunks.records()];
  } finally {
    chunks.close();
  }
}
