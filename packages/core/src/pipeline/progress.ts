/** A step of ingest, for progress display. */
export type IngestPhase = 'read' | 'embed' | 'index' | 'write';

/** Progress of one phase: `done` of `total` units (documents, chunks). */
export interface IngestProgress {
  phase: IngestPhase;
  done: number;
  total: number;
  /** The file being read, in the `read` phase. */
  source?: string;
}
