import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintsMatch } from '../embed/fingerprint.js';
import { embedderKind } from '../embed/kind.js';
import { modelFolderRecord } from '../embed/model-folder.js';
import { BUNDLED_MODEL_DIR, loadTrainedModelFolder } from '../embed/trained/bundle.js';
import { isTrainedModelId } from '../embed/trained/model-id.js';
import { trainEmbeddingModel, writeTrainedModel, type TrainEmbedderOptions, type TrainStats } from '../embed/trained/train.js';
import type { Embedder, EmbedderFingerprint } from '../embed/types.js';
import { rankingSettings } from '../rank/ranking-settings.js';
import { VectorIndex } from '../rank/vectors.js';
import { landVectors, replaceManifest } from '../store/land-vectors.js';
import { PENDING_FILES, pendingEmbeddingDir, readEmbeddingState } from '../store/pending-embedding.js';
import type { StoredIndex } from '../store/read.js';
import { unlessTooLittleText } from './bundled-model.js';
import { embedRows } from './embed-rows.js';
import { passageText } from './passage-text.js';
import type { IngestProgress } from './progress.js';

/** Options of {@link finishEmbedding}: the model (given, or trained from the index's chunks). */
export interface FinishEmbeddingOptions {
  /** Embeds with this model. */
  embedder?: Embedder | undefined;
  /** Without `embedder`: trains a model from the index's chunks (or takes the one an interrupted run trained). */
  train?: TrainEmbedderOptions | undefined;
  /** The vector of a row already known (an unchanged document's, from the previous index). */
  reused?: ((row: number) => Float32Array | undefined) | undefined;
  onProgress?: ((progress: IngestProgress) => void) | undefined;
  onNotice?: ((message: string) => void) | undefined;
  /** Least time between two checkpoints of the rows embedded. Default 1000 ms. */
  checkpointMs?: number | undefined;
}

/** What {@link finishEmbedding} did. */
export interface FinishedEmbedding {
  /** The model the vectors were made with; null when there was too little text to train one (the index stays lexical). */
  embedder: EmbedderFingerprint | null;
  /** Rows embedded by this run. */
  embedded: number;
  /** Rows an interrupted run had embedded (kept). */
  resumed: number;
  /** The local model folder the index now remembers. */
  modelFolder?: string;
  /** The model trained for the index: its id, training statistics and seconds (0 when an interrupted run had trained it). */
  trained?: { modelId: string; stats: TrainStats; seconds: number };
}

/**
 * Embeds the chunks of the generation `stored` (at `dir`, published without its vectors) and
 * lands them: the rows go to `embedding/` inside it as they are made (so a killed run resumes
 * where it stopped), then the HNSW graph is built and the manifest replaced by one listing the
 * vectors (and the trained model, bundled as `model/`). The caller holds the index's lock.
 */
export async function finishEmbedding(dir: string, stored: StoredIndex, options: FinishEmbeddingOptions): Promise<FinishedEmbedding> {
  const progress = options.onProgress ?? (() => {});
  const model: TrainedOrGiven | undefined = options.embedder ? { embedder: options.embedder } : await trainedModel(dir, stored, options.train ?? {}, options.onNotice);
  if (!model) {
    // Too little text to train on: the index is lexical-only, and says so no longer as pending.
    const { pendingEmbedding: _pending, ...lexical } = stored.manifest;
    await replaceManifest(dir, lexical);
    await rm(pendingEmbeddingDir(dir), { recursive: true, force: true });
    return { embedder: null, embedded: 0, resumed: 0 };
  }
  try {
    const { embedder } = model;
    const rows = await embedRows(stored.chunks, embedder, {
      reused: options.reused,
      resumable: { indexDir: dir, trained: model.trained, checkpointMs: options.checkpointMs },
      onProgress: (done, total) => progress({ phase: 'embed', done, total }),
    });
    const count = stored.chunks.count;
    progress({ phase: 'index', done: 0, total: count });
    const vectors = VectorIndex.build(rows.data, embedder.fingerprint.dimensions);
    progress({ phase: 'index', done: count, total: count });
    progress({ phase: 'write', done: 0, total: 1 });
    const modelFolder = model.trained ? undefined : await modelFolderRecord(embedder);
    await landVectors(dir, stored.manifest, {
      embedder: embedder.fingerprint,
      vectors,
      ranking: rankingSettings(embedderKind(embedder.fingerprint), undefined),
      modelFolder,
      ...(model.trained ? { folders: { [BUNDLED_MODEL_DIR]: join(pendingEmbeddingDir(dir), PENDING_FILES.model) } } : {}),
    });
    progress({ phase: 'write', done: 1, total: 1 });
    return {
      embedder: embedder.fingerprint,
      embedded: rows.embedded,
      resumed: rows.resumed,
      ...(modelFolder ? { modelFolder: modelFolder.path } : {}),
      ...(model.trained ? { trained: { modelId: embedder.fingerprint.modelId, ...model.trained } } : {}),
    };
  } finally {
    if (!options.embedder) await model.embedder.dispose?.();
  }
}

/** The model to embed with, and its training statistics when it was trained for the index. */
interface TrainedOrGiven {
  embedder: Embedder;
  trained?: { stats: TrainStats; seconds: number };
}

/**
 * The model trained from the index's chunks: the one an interrupted run trained and kept in
 * `embedding/model`, else a new one, written there first. Undefined (and a notice) when the
 * chunks hold too little text to train on.
 */
async function trainedModel(dir: string, stored: StoredIndex, train: TrainEmbedderOptions, onNotice: ((message: string) => void) | undefined): Promise<TrainedOrGiven | undefined> {
  const folder = join(pendingEmbeddingDir(dir), PENDING_FILES.model);
  const state = readEmbeddingState(dir);
  if (state?.trained && isTrainedModelId(state.embedder.modelId) && existsSync(folder)) {
    const embedder = await loadTrainedModelFolder(folder);
    if (fingerprintsMatch(embedder.fingerprint, state.embedder)) return { embedder, trained: { stats: state.trained.stats as TrainStats, seconds: 0 } };
    await embedder.dispose?.();
  }
  const started = performance.now();
  const model = await unlessTooLittleText(() => trainEmbeddingModel([...stored.chunks.records()].map(passageText), train), onNotice);
  if (!model) return undefined;
  const written = `${folder}.tmp`;
  await rm(written, { recursive: true, force: true });
  await rm(folder, { recursive: true, force: true });
  await mkdir(pendingEmbeddingDir(dir), { recursive: true });
  await writeTrainedModel(written, model);
  await rename(written, folder);
  return { embedder: await loadTrainedModelFolder(folder), trained: { stats: model.stats, seconds: (performance.now() - started) / 1000 } };
}
