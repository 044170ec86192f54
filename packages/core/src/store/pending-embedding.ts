import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbedderFingerprint } from '../embed/types.js';
import { isIndexLockHeld } from './lock.js';
import type { Manifest } from './manifest.js';

/**
 * The folder inside an index, still being embedded, where its vectors are kept until they land
 * (see `Manifest.pendingEmbedding`). The manifest does not list it: readers never look inside.
 */
export const PENDING_EMBEDDING_DIR = 'embedding';

/** File names inside {@link PENDING_EMBEDDING_DIR}. */
export const PENDING_FILES = {
  /** The model the rows are embedded with and the number of rows ({@link EmbeddingState}). */
  state: 'state.json',
  /** The rows embedded so far, in row order, as little-endian float32. */
  rows: 'vectors.f32',
  /** How many rows of `vectors.f32` are on disk for sure (written after they are flushed). */
  progress: 'progress.json',
  /** The model trained from the index's chunks, when that is how it is embedded. */
  model: 'model',
} as const;

/** What `embedding/state.json` holds, written once the model is known (trained, or loaded). */
export interface EmbeddingState {
  embedder: EmbedderFingerprint;
  /** Rows of the index, so vectors of another generation are never taken for these. */
  rows: number;
  /** Training statistics and seconds, when the model was trained for the index. */
  trained?: { stats: unknown; seconds: number };
}

/** The pending-embedding folder of the index at `indexDir`. */
export function pendingEmbeddingDir(indexDir: string): string {
  return join(indexDir, PENDING_EMBEDDING_DIR);
}

/** The state of an interrupted or running embedding of `indexDir`, or undefined when it has none readable. */
export function readEmbeddingState(indexDir: string): EmbeddingState | undefined {
  const state = readJson(join(pendingEmbeddingDir(indexDir), PENDING_FILES.state)) as Partial<EmbeddingState> | undefined;
  if (!state || typeof state.embedder?.modelId !== 'string' || !Number.isSafeInteger(state.rows)) return undefined;
  return state as EmbeddingState;
}

/** How many rows of `indexDir` are embedded and flushed so far (0 when none). */
export function readEmbeddedRows(indexDir: string): number {
  const progress = readJson(join(pendingEmbeddingDir(indexDir), PENDING_FILES.progress)) as { rows?: unknown } | undefined;
  const rows = progress?.rows;
  return typeof rows === 'number' && Number.isSafeInteger(rows) && rows >= 0 ? rows : 0;
}

/**
 * Why an index whose vectors have not landed searches lexically, for the search response's
 * notice: still being computed (with the rows done so far), or interrupted, with the command that
 * finishes it.
 */
export function pendingEmbeddingReason(indexDir: string, manifest: Manifest): string {
  const done = readEmbeddedRows(indexDir);
  const total = manifest.counts.chunks;
  const sofar = `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} chunks embedded so far`;
  if (isIndexLockHeld(indexDir)) return `the index's vectors are still being computed (${sofar}); semantic search starts when they land`;
  // Shown to every client: names the command, never the server's paths.
  return `embedding the index was interrupted (${sofar}); mcdewey embed --index <the index folder> finishes it`;
}

/** A reason read again at most every few seconds (search asks on every query). */
export class PendingEmbeddingReason {
  private last: { at: number; text: string } | undefined;
  constructor(private readonly compute: () => string) {}

  read(): string {
    const now = Date.now();
    if (!this.last || now - this.last.at > 2000) this.last = { at: now, text: this.compute() };
    return this.last.text;
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
