import { McdeweyError, isMcdeweyError } from './errors.js';
import { describeFingerprint, fingerprintsMatch } from './embed/fingerprint.js';
import { resolveRecordedEmbedder, type ResolvedEmbedder } from './embed/resolve.js';
import { BUNDLED_MODEL_DIR } from './embed/trained/bundle.js';
import type { Embedder, EmbedderFingerprint } from './embed/types.js';
import { Library } from './store/library.js';
import { readStoredIndex, type StoredIndex } from './store/read.js';

/** Options of `openIndex`. */
export interface OpenIndexOptions {
  /**
   * Embeds queries for semantic and hybrid search; it must be the model the index was built with.
   * `'auto'` loads that model (a model trained for the index from the index's own `model/` folder;
   * others from `modelDir`, `MCDEWEY_MODEL_DIR`, the model folder the index was ingested with
   * when it still holds the same files, else the cache or the network) and, when it cannot be
   * had, opens the index for lexical search with a notice. Default none: lexical.
   */
  embedder?: Embedder | 'auto' | undefined;
  /**
   * With `embedder: 'auto'`: a local folder holding the index's model. Default
   * `MCDEWEY_MODEL_DIR`, else the folder recorded in the manifest at ingest (`modelFolder`).
   */
  modelDir?: string | undefined;
  /** Load the lexical index (and vectors) now instead of on the first search. Default false. */
  warm?: boolean;
  /**
   * Told when `vectors.hnsw` fails its checks and the graph is rebuilt in memory from
   * `vectors.f32` (the messages also collect in `library.notices`). Damaged rows or a damaged
   * bundled model leave the index lexical-only instead, reported like a missing model in
   * `library.embedderNotice` and in each search response's `notice`. Default: not told.
   */
  onNotice?: ((message: string) => void) | undefined;
}

/**
 * Opens an index directory written by `ingest`.
 * @throws McdeweyError `INDEX_NOT_FOUND`, `INDEX_FORMAT_UNSUPPORTED`, `INDEX_CORRUPT`, or
 *   `EMBEDDER_MISMATCH` when the embedder is not the one the index was built with.
 */
export async function openIndex(dir: string, options: OpenIndexOptions = {}): Promise<Library> {
  const stored = readStoredIndex(dir);
  const expected = stored.manifest.embedder;
  let embedder = options.embedder === 'auto' ? undefined : options.embedder;
  let notice: string | undefined;
  if (options.embedder === 'auto' && expected) {
    ({ embedder, notice } = await resolveCheckedEmbedder(stored, expected, options.modelDir));
  }
  if (embedder && expected && !fingerprintsMatch(expected, embedder.fingerprint)) {
    throw new McdeweyError(
      'EMBEDDER_MISMATCH',
      `Index ${stored.dir} was built with ${describeFingerprint(expected)}, not ${describeFingerprint(embedder.fingerprint)}; open it with --model ${expected.modelId} or re-ingest with the new model`,
      { details: { expected, actual: embedder.fingerprint } },
    );
  }
  const library = new Library(stored, expected ? embedder : undefined, notice, options.onNotice);
  return options.warm ? library.warm() : library;
}

/** Resolves the index's model, after checking the files of a model bundled in the index (native code loads them). */
async function resolveCheckedEmbedder(stored: StoredIndex, expected: EmbedderFingerprint, modelDir: string | undefined): Promise<ResolvedEmbedder> {
  try {
    stored.checkFolder(BUNDLED_MODEL_DIR);
  } catch (error) {
    if (!isMcdeweyError(error, 'INDEX_CORRUPT')) throw error;
    return {
      notice: `the index's model file ${error.details.file as string} is damaged (it does not match its checksum in manifest.json); re-run mcdewey ingest to repair it. Until then, search is lexical only.`,
    };
  }
  return resolveRecordedEmbedder(stored.dir, expected, stored.manifest.modelFolder, modelDir);
}
