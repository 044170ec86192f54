/** Every error McDewey raises on purpose carries one of these codes. */
export type McdeweyErrorCode =
  | 'INDEX_NOT_FOUND'
  | 'INDEX_CORRUPT'
  | 'INDEX_FORMAT_UNSUPPORTED'
  /** Ingest would replace or remove a folder that is not an index (and not empty). */
  | 'NOT_AN_INDEX'
  /** Another ingest (or rollback) holds the index's lock file. */
  | 'INDEX_LOCKED'
  /** The index could not be written (disk full, read-only, no permission, a file in the way). */
  | 'INDEX_WRITE_FAILED'
  /** Ingest would drop most (or all) of an index's documents without `prune`. */
  | 'PRUNE_REQUIRED'
  | 'CORPUS_NOT_FOUND'
  /** A corpus path (or the symlink it is) leads outside the corpus folder. */
  | 'OUTSIDE_CORPUS'
  | 'UNREADABLE_DOCUMENT'
  | 'CHUNK_NOT_FOUND'
  | 'INVALID_CHUNK_ID'
  | 'INVALID_ARGUMENT'
  | 'EMBEDDER_MISMATCH'
  | 'EMBEDDER_UNAVAILABLE'
  /** The native addon behind vector search (hnswlib-node) cannot be loaded; lexical search still works. */
  | 'VECTOR_INDEX_UNAVAILABLE'
  /** An exported static site's own search ranks a query differently from core's search. */
  | 'SITE_RANKING_MISMATCH'
  | 'MODEL_NOT_FOUND'
  /** A server cannot listen where it was asked to (the port is in use, no permission, no such address). */
  | 'LISTEN_FAILED'
  /** `fetchSite` cannot crawl its start URL (no answer, an HTTP error, robots.txt refuses it). */
  | 'FETCH_FAILED'
  /**
   * A filter names a vendor outside a scoped view's vendors (`scopedLibrary`): whether or not the
   * vendor exists, so the refusal tells nothing about what else the index holds.
   */
  | 'VENDOR_NOT_ALLOWED';

/**
 * The one error class of McDewey. `code` tells callers what went wrong without parsing the
 * message; `cause` keeps the underlying error when there is one.
 */
export class McdeweyError extends Error {
  readonly code: McdeweyErrorCode;
  /** Extra structured facts (a path, a parameter name, the expected value). */
  readonly details: Record<string, unknown>;

  constructor(code: McdeweyErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'McdeweyError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a McdeweyError, optionally with the given code. */
export function isMcdeweyError(error: unknown, code?: McdeweyErrorCode): error is McdeweyError {
  return error instanceof McdeweyError && (code === undefined || error.code === code);
}
