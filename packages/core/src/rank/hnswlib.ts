import { createRequire } from 'node:module';
import { McdeweyError } from '../errors.js';

/** The hnswlib-node module. */
export type Hnswlib = typeof import('hnswlib-node');
/** An hnswlib graph. */
export type HierarchicalNSW = InstanceType<Hnswlib['HierarchicalNSW']>;

const nodeRequire = createRequire(import.meta.url);
let hnswlib: Hnswlib | undefined;

/**
 * hnswlib-node is a native addon: loaded on first use, not when core is imported.
 * @throws McdeweyError `VECTOR_INDEX_UNAVAILABLE` when it cannot be loaded (not installed, or not
 *   built for this platform / Node version).
 */
export function loadHnswlib(): Hnswlib {
  if (!hnswlib) {
    try {
      hnswlib = nodeRequire('hnswlib-node') as Hnswlib;
    } catch (error) {
      throw new McdeweyError(
        'VECTOR_INDEX_UNAVAILABLE',
        `Cannot load hnswlib-node, the native addon behind vector search (${error instanceof Error ? error.message : String(error)}); ` +
          'reinstall it so that its native build runs (npm rebuild hnswlib-node). Lexical search still works: search with mode lexical, or ingest without an embedding model',
        { cause: error },
      );
    }
  }
  return hnswlib;
}
