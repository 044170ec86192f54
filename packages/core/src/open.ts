import { McdeweyError } from './errors.js';
import { describeFingerprint, fingerprintsMatch } from './embed/fingerprint.js';
import type { Embedder } from './embed/types.js';
import { Library } from './store/library.js';
import { readStoredIndex } from './store/read.js';

/** Options of `openIndex`. */
export interface OpenIndexOptions {
  /**
   * Embeds queries for semantic and hybrid search. It must be the model the index was built with.
   * Without one, search is lexical. Default none.
   */
  embedder?: Embedder | undefined;
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
  const { embedder } = options;
  const expected = stored.manifest.embedder;
  if (embedder && expected && !fingerprintsMatch(expected, embedder.fingerprint)) {
    throw new McdeweyError(
      'EMBEDDER_MISMATCH',
      `Index ${stored.dir} was built with ${describeFingerprint(expected)}, not ${describeFingerprint(embedder.fingerprint)}; open it with --model ${expected.modelId} or re-ingest with the new model`,
      { details: { expected, actual: embedder.fingerprint } },
    );
  }
  const library = new Library(stored, expected ? embedder : undefined);
  return options.warm ? library.warm() : library;
}
