import { modelFolderFingerprint } from '../embed/model-folder.js';
import { isMcdeweyError } from '../errors.js';
import { indexExists, readStoredIndex, type StoredIndex } from './read.js';

/** The model folder an index remembers from its ingest. */
export interface RememberedModelFolder {
  /** The folder, absolute. */
  path: string;
  /** True when it still holds the files it held at ingest; false when it has moved or changed. */
  unchanged: boolean;
}

/**
 * The local model folder an index was ingested with (`modelFolder` in its manifest) and whether
 * it still holds the same files, so that a re-ingest without `--model-dir` keeps the index's
 * model. Undefined when there is no readable index at `indexDir` or it remembers no folder.
 */
export async function rememberedModelFolder(indexDir: string): Promise<RememberedModelFolder | undefined> {
  if (!indexExists(indexDir)) return undefined;
  let stored: StoredIndex;
  try {
    stored = readStoredIndex(indexDir);
  } catch (error) {
    // A damaged index is ingest's to report (and repair), not this question's.
    if (isMcdeweyError(error)) return undefined;
    throw error;
  }
  try {
    // An index still being embedded remembers the folder of the model it is being embedded with.
    const { pendingEmbedding } = stored.manifest;
    const modelFolder = stored.manifest.modelFolder ?? pendingEmbedding?.modelFolder;
    const embedder = stored.manifest.embedder ?? pendingEmbedding?.embedder;
    if (!modelFolder || !embedder) return undefined;
    const fingerprint = await modelFolderFingerprint(modelFolder.path, embedder.dtype);
    return { path: modelFolder.path, unchanged: fingerprint === modelFolder.fingerprint };
  } finally {
    stored.chunks.close();
  }
}
