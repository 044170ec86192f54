import { chunkDocument, type ChunkerSettings, type ChunkSource } from '../chunk/chunker.js';
import type { ChunkRecord } from '../types.js';
import type { IngestLimits } from './limits.js';
import { readDocument } from './read.js';
import type { ExtractedDocument } from '../types.js';

/** One document to read and chunk: what ingest hands a reader worker. */
export interface DocumentJob {
  bytes: Uint8Array;
  file: ChunkSource;
  settings: ChunkerSettings;
  limits: IngestLimits;
}

/** A read and chunked document: what the worker hands back (the blocks stay behind). */
export interface DocumentJobResult {
  document: Omit<ExtractedDocument, 'blocks'>;
  chunks: ChunkRecord[];
}

/** Reads and chunks one document. Runs in a reader worker during ingest. */
export async function runDocumentJob(job: DocumentJob): Promise<DocumentJobResult> {
  const extracted = await readDocument(job.bytes, job.file.source, { limits: job.limits });
  const { chunks } = chunkDocument(extracted, job.file, job.settings);
  const { blocks: _blocks, ...document } = extracted;
  return { document, chunks };
}
