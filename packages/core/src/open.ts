import { McdeweyError } from './errors.js';
import { describeFingerprint, fingerprintsMatch } from './embed/fingerprint.js';
import { resolveIndexEmbedder } from './embed/resolve.js';
import type { Embedder } from './embed/types.js';
import { Library } from './store/library.js';
import { readStoredIndex } from './store/read.js';

/** Options of `openIndex`. */
export interface OpenIndexOptions {
  /**
   * Embeds queries for semantic and hybrid search; it must be the model the index was built with.
   * `'auto'` loads that model (a model trained for the index from the index's own `model/` folder;
   * others from `modelDir`, `MCDEWEY_MODEL_DIR`, the cache or the network) and, when it cannot be
   * had, opens the index for lexical search with a notice. Default none: lexical.
   */
  embedder?: Embedder | 'auto' | undefined;
  /** With `embedder: 'auto'`: a local folder holding the index's model. */
  modelDir?: string | undefined;
  /** Load the lexical index (and vectors) now instead of on the first search. Default false. */
  warm?: boolean;
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
    ({ embedder, notice } = await resolveIndexEmbedder(stored.dir, expected.modelId, { modelDir: options.modelDir }));
  }
  if (embedder && expected && !fingerprintsMatch(expected, embedder.fingerprint)) {
    throw new McdeweyError(
      'EMBEDDER_MISMATCH',
      `Index ${stored.dir} was built with ${describeFingerprint(expected)}, not ${describeFingerprint(embedder.fingerprint)}; open it with --model ${expected.modelId} or re-ingest with the new model`,
      { details: { expected, actual: embedder.fingerprint } },
    );
  }
  const library = new Library(stored, expected ? embedder : undefined, notice);
  return options.warm ? library.warm() : library;
}
