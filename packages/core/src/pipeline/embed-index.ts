import { join, resolve } from 'node:path';
import { McdeweyError } from '../errors.js';
import { describeFingerprint } from '../embed/fingerprint.js';
import { resolveRecordedEmbedder } from '../embed/resolve.js';
import { BUNDLED_MODEL_DIR } from '../embed/trained/bundle.js';
import type { TrainEmbedderOptions, TrainStats } from '../embed/trained/train.js';
import type { Embedder, EmbedderFingerprint } from '../embed/types.js';
import { assertReplaceable } from '../store/index-dir.js';
import { acquireIndexLock } from '../store/lock.js';
import type { PendingEmbedding } from '../store/manifest.js';
import { indexExists, readStoredIndex } from '../store/read.js';
import { asIndexWriteError } from '../store/write-error.js';
import { finishEmbedding } from './finish-embedding.js';
import type { IngestProgress } from './progress.js';

/** Options of {@link embedIndex}. */
export interface EmbedIndexOptions {
  /**
   * Embeds with this model. Default: the model the index is being embedded with (a model trained
   * from its chunks, or the one `ingest` was given, loaded from `modelDir`, the folder recorded at
   * ingest or the cache).
   */
  embedder?: Embedder | undefined;
  /** A local folder holding the index's model. Default `MCDEWEY_MODEL_DIR`, else the recorded folder. */
  modelDir?: string | undefined;
  /**
   * For an index ingested without vectors (not pending) and no `embedder`: train a model from its
   * chunks (`true`, or training settings). Training progress goes to `onProgress` of these options.
   * Default false: such an index needs an `embedder`.
   */
  trainEmbedder?: boolean | TrainEmbedderOptions | undefined;
  onProgress?: ((progress: IngestProgress) => void) | undefined;
  onNotice?: ((message: string) => void) | undefined;
  /** Least time between two checkpoints of the rows embedded (what a killed run keeps). Default 1000 ms. */
  checkpointMs?: number | undefined;
}

/** What {@link embedIndex} did. */
export interface EmbedIndexReport {
  indexDir: string;
  chunks: number;
  /** True when the index had its vectors already: nothing was done. */
  alreadyEmbedded: boolean;
  /** Chunks embedded by this run. */
  embedded: number;
  /** Chunks an interrupted run had embedded (kept). */
  resumed: number;
  embedder: EmbedderFingerprint | null;
  modelFolder?: string;
  /** The model trained for the index, bundled in `dir`. */
  trained?: { modelId: string; dir: string; stats: TrainStats; seconds: number };
  seconds: number;
}

/**
 * Embeds an index that was published before its vectors (`ingest`'s `lexicalFirst`, killed or
 * still to finish) or ingested without them, resuming where an interrupted run stopped, and lands
 * the vectors in it: readers that watch the index (a `LiveLibrary`) pick them up. Search stays
 * lexical, with a notice saying why, until then.
 * @throws McdeweyError `INDEX_NOT_FOUND`, `INDEX_LOCKED` (an ingest is embedding it now),
 *   `EMBEDDER_UNAVAILABLE` when the index's model cannot be loaded, `INVALID_ARGUMENT` for a
 *   lexical index and no model, or `INDEX_WRITE_FAILED`.
 */
export async function embedIndex(indexDir: string, options: EmbedIndexOptions = {}): Promise<EmbedIndexReport> {
  const started = performance.now();
  const target = resolve(indexDir);
  try {
    assertReplaceable(target);
    // Refused before the lock file (and a folder for it) is made beside a path that holds no index.
    if (!indexExists(target)) readStoredIndex(target);
    const lock = await acquireIndexLock(target);
    try {
      const stored = readStoredIndex(target);
      try {
        const base = { indexDir: target, chunks: stored.chunks.count };
        if (stored.manifest.vectors !== null) {
          return { ...base, alreadyEmbedded: true, embedded: 0, resumed: 0, embedder: stored.manifest.embedder, seconds: (performance.now() - started) / 1000 };
        }
        if (stored.dir !== target) throw new McdeweyError('INDEX_NOT_FOUND', `No McDewey index at ${target} (only its previous generation); run mcdewey ingest first`, { details: { dir: target } });
        const model = await chooseModel(target, stored.manifest.pendingEmbedding, options);
        try {
          const finished = await finishEmbedding(target, stored, { ...model, onProgress: options.onProgress, onNotice: options.onNotice, checkpointMs: options.checkpointMs });
          return {
            ...base,
            alreadyEmbedded: false,
            embedded: finished.embedded,
            resumed: finished.resumed,
            embedder: finished.embedder,
            ...(finished.modelFolder ? { modelFolder: finished.modelFolder } : {}),
            ...(finished.trained ? { trained: { ...finished.trained, dir: join(target, BUNDLED_MODEL_DIR) } } : {}),
            seconds: (performance.now() - started) / 1000,
          };
        } finally {
          if (model.embedder !== options.embedder) await model.embedder?.dispose?.();
        }
      } finally {
        stored.chunks.close();
      }
    } finally {
      await lock.release();
    }
  } catch (error) {
    throw asIndexWriteError(target, error);
  }
}

/** The model to embed with: the one given, the pending one's (loaded, or trained again), or a trained one for a lexical index. */
async function chooseModel(dir: string, pending: PendingEmbedding | undefined, options: EmbedIndexOptions): Promise<{ embedder?: Embedder; train?: TrainEmbedderOptions }> {
  const trainOptions = typeof options.trainEmbedder === 'object' ? options.trainEmbedder : {};
  if (options.embedder) return { embedder: options.embedder };
  if (pending?.train) return { train: { ...pending.train, onProgress: trainOptions.onProgress } };
  if (pending?.embedder) {
    const expected = pending.embedder;
    const resolved = await resolveRecordedEmbedder(dir, expected, pending.modelFolder, options.modelDir);
    if (resolved.embedder) return { embedder: resolved.embedder };
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Cannot embed ${dir} with ${describeFingerprint(expected)}: ${resolved.notice ?? 'the model could not be loaded'}`, {
      details: { dir, modelId: expected.modelId },
    });
  }
  if (options.trainEmbedder) return { train: trainOptions };
  throw new McdeweyError('INVALID_ARGUMENT', `Index ${dir} was ingested without vectors; give an embedding model (--model or --model-dir) or let one be trained from its chunks`, {
    details: { parameter: 'embedder', dir },
  });
}
