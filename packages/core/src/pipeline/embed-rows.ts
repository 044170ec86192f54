import { mkdir, open, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintsMatch } from '../embed/fingerprint.js';
import type { Embedder } from '../embed/types.js';
import { fromLittleEndianBytes, littleEndianBytes } from '../rank/vector-files.js';
import { writeFileAtomically } from '../store/atomic-file.js';
import type { ChunkStore } from '../store/chunk-store.js';
import { PENDING_FILES, pendingEmbeddingDir, readEmbeddedRows, readEmbeddingState, type EmbeddingState } from '../store/pending-embedding.js';
import { passageText } from './passage-text.js';

/** Chunks embedded per call to the model. */
const BATCH_SIZE = 32;

/** Progress of embedding: rows embedded by this run of the rows it has to embed. */
type EmbedRowsProgress = (done: number, total: number) => void;

/** Options of {@link embedRows}. */
export interface EmbedRowsOptions {
  /** The vector of a row already known (an unchanged document's, from the previous index), if any. */
  reused?: ((row: number) => Float32Array | undefined) | undefined;
  onProgress?: EmbedRowsProgress | undefined;
  /**
   * Keep the rows in `embedding/` inside this published index as they are made, so that a killed
   * run resumes where it stopped. Default: rows are kept in memory only (a staging directory,
   * removed when the run dies, gains nothing from them).
   */
  resumable?: { indexDir: string; trained?: EmbeddingState['trained']; checkpointMs?: number | undefined } | undefined;
}

/** The rows of an index, all embedded. */
export interface EmbeddedRows {
  /** Every row's vector, back to back, in row order. */
  data: Float32Array;
  /** Rows embedded by this run. */
  embedded: number;
  /** Rows an interrupted run had embedded already (kept). */
  resumed: number;
}

/**
 * Embeds every chunk in row order, taking known rows from `reused`. With `resumable`, each batch's
 * vectors are appended to `embedding/vectors.f32` inside the index and each checkpoint records how
 * many rows are flushed: killed at any point, the next call with the same model keeps those rows
 * and embeds only the rest; with another model (or another generation's rows) it starts over.
 */
export async function embedRows(chunks: ChunkStore, embedder: Embedder, options: EmbedRowsOptions = {}): Promise<EmbeddedRows> {
  const dims = embedder.fingerprint.dimensions;
  const total = chunks.count;
  const data = new Float32Array(total * dims);
  const sink = options.resumable ? await openRowFile(options.resumable, embedder, total, data) : undefined;
  const kept = sink?.kept ?? 0;
  const reused = options.reused ?? (() => undefined);
  let toEmbed = 0;
  for (let row = kept; row < total; row++) if (!reused(row)) toEmbed++;
  const progress = options.onProgress ?? (() => {});
  progress(0, toEmbed);

  let done = 0;
  let start = kept;
  try {
    let batch: { row: number; text: string }[] = [];
    const flush = async (end: number) => {
      if (batch.length > 0) {
        const vectors = await embedder.embedPassages(batch.map((item) => item.text));
        batch.forEach((item, i) => data.set(vectors[i]!, item.row * dims));
        done += batch.length;
        batch = [];
      }
      await sink?.append(data.subarray(start * dims, end * dims), end);
      start = end;
      progress(done, toEmbed);
    };
    let row = kept;
    for (const chunk of chunks.records(kept, total)) {
      const known = reused(row);
      if (known) data.set(known, row * dims);
      else batch.push({ row, text: passageText(chunk) });
      row++;
      if (batch.length === BATCH_SIZE) await flush(row);
    }
    if (row > start) await flush(row);
    await sink?.checkpoint(total);
  } catch (error) {
    // The model failed (or the disk did): the rows written so far are kept for the next run.
    await sink?.checkpoint(start).catch(() => {});
    throw error;
  } finally {
    await sink?.close();
  }
  return { data, embedded: done, resumed: kept };
}

/** `embedding/vectors.f32` of a published index, open for appending rows, and the rows it already held (read into `data`). */
async function openRowFile(resumable: NonNullable<EmbedRowsOptions['resumable']>, embedder: Embedder, total: number, data: Float32Array) {
  const { indexDir } = resumable;
  const dir = pendingEmbeddingDir(indexDir);
  const rowsPath = join(dir, PENDING_FILES.rows);
  const state: EmbeddingState = { embedder: embedder.fingerprint, rows: total, ...(resumable.trained ? { trained: resumable.trained } : {}) };
  const kept = await keptRows(indexDir, rowsPath, state);
  const dims = embedder.fingerprint.dimensions;
  if (kept > 0) data.set(fromLittleEndianBytes(readFileSync(rowsPath).subarray(0, kept * dims * 4)));
  const file = await open(rowsPath, 'a');
  const checkpointMs = resumable.checkpointMs ?? 1000;
  let lastCheckpoint = performance.now();
  const checkpoint = async (rows: number) => {
    await file.sync();
    await writeJsonAtomically(join(dir, PENDING_FILES.progress), { rows });
    lastCheckpoint = performance.now();
  };
  return {
    kept,
    /** Appends the rows up to row `end` (exclusive), checkpointing when the last checkpoint is old enough. */
    async append(rows: Float32Array, end: number) {
      await file.writeFile(littleEndianBytes(rows));
      if (performance.now() - lastCheckpoint >= checkpointMs) await checkpoint(end);
    },
    checkpoint,
    close: () => file.close(),
  };
}

/**
 * The rows an interrupted run left that this one can keep: as many as its last checkpoint counted
 * (and the file holds), when it embedded the same rows with the same model. The file is cut back to
 * them; anything else found is removed and the state written afresh.
 */
async function keptRows(indexDir: string, rowsPath: string, state: EmbeddingState): Promise<number> {
  const dir = pendingEmbeddingDir(indexDir);
  const previous = readEmbeddingState(indexDir);
  if (previous && previous.rows === state.rows && fingerprintsMatch(previous.embedder, state.embedder)) {
    const rowBytes = state.embedder.dimensions * 4;
    const onDisk = await stat(rowsPath).then(
      (info) => Math.floor(info.size / rowBytes),
      () => 0,
    );
    const kept = Math.min(readEmbeddedRows(indexDir), onDisk, state.rows);
    await truncate(rowsPath, kept * rowBytes).catch(() => writeFile(rowsPath, ''));
    // A trained model's state carries its statistics, which a resumed run does not have.
    if (!state.trained && previous.trained) state.trained = previous.trained;
    await writeJsonAtomically(join(dir, PENDING_FILES.state), state);
    return kept;
  }
  await mkdir(dir, { recursive: true });
  await rm(rowsPath, { force: true });
  await rm(join(dir, PENDING_FILES.progress), { force: true });
  await writeJsonAtomically(join(dir, PENDING_FILES.state), state);
  await writeFile(rowsPath, '');
  return 0;
}

function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  return writeFileAtomically(path, `${JSON.stringify(value)}\n`);
}
