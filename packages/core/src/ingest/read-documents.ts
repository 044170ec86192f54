import { createHash } from 'node:crypto';
import type { ChunkerSettings } from '../chunk/chunker.js';
import { documentId } from '../chunk/ids.js';
import { isMcdeweyError } from '../errors.js';
import type { ChunkRecord, DocumentRecord } from '../types.js';
import { readCorpusFile, type CorpusFile } from './corpus.js';
import type { IngestLimits } from './limits.js';
import { DocumentReaderPool } from './reader-pool.js';

/** What became of one listed file, in listing order. */
export type DocumentOutcome =
  | { status: 'read'; file: CorpusFile; record: DocumentRecord; chunks: ChunkRecord[] }
  /** `isUnchanged` said the previous index has this very content: not read again. */
  | { status: 'unchanged'; file: CorpusFile; contentHash: string }
  | { status: 'skipped'; file: CorpusFile; reason: string };

/** Options of `readCorpusDocuments`. */
export interface ReadCorpusDocumentsOptions {
  limits: IngestLimits;
  settings: ChunkerSettings;
  /** True when a file with this content hash need not be read again. Default: never. */
  isUnchanged?: (file: CorpusFile, contentHash: string) => boolean;
  /** The URL a file was fetched from (the fetch manifest's), when it was. Default: none. */
  sourceUrlOf?: (file: CorpusFile) => string | undefined;
  /** Called as each file starts being read, in listing order. */
  onStart?: (index: number, file: CorpusFile) => void;
}

/**
 * Reads and chunks a corpus's listed files, yielding one outcome per file in listing order. Each
 * file's bytes come through `readCorpusFile` (inside the corpus, within `limits.maxFileBytes`) and
 * each document is read in a worker of a `DocumentReaderPool` (time and heap limits), the next
 * documents being read while the caller handles the current one. A file that cannot be read, or
 * exceeds a limit, is an outcome `skipped` with its reason; any other error is thrown.
 */
export async function* readCorpusDocuments(corpusDir: string, files: readonly CorpusFile[], options: ReadCorpusDocumentsOptions): AsyncGenerator<DocumentOutcome> {
  const readers = new DocumentReaderPool(options.limits);
  const outcomes: Promise<DocumentOutcome>[] = [];
  const startUpTo = (end: number): void => {
    for (let i = outcomes.length; i < Math.min(end, files.length); i++) {
      options.onStart?.(i, files[i]!);
      const outcome = readOne(corpusDir, files[i]!, readers, options);
      outcome.catch(() => {}); // awaited in order below; this only keeps an early failure from counting as unhandled
      outcomes.push(outcome);
    }
  };
  try {
    for (let i = 0; i < files.length; i++) {
      startUpTo(i + 1 + readers.size);
      const outcome = await outcomes[i]!;
      delete outcomes[i];
      yield outcome;
    }
  } finally {
    await readers.close();
  }
}

async function readOne(corpusDir: string, file: CorpusFile, readers: DocumentReaderPool, options: ReadCorpusDocumentsOptions): Promise<DocumentOutcome> {
  try {
    const bytes = await readCorpusFile(corpusDir, file.source, options.limits);
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    if (options.isUnchanged?.(file, contentHash)) return { status: 'unchanged', file, contentHash };
    const sourceUrl = options.sourceUrlOf?.(file);
    const source = { vendor: file.vendor, version: file.version, group: file.group, doc: file.doc, source: file.source, ...(sourceUrl !== undefined ? { sourceUrl } : {}) };
    const { document, chunks } = await readers.read({ bytes, file: source, settings: options.settings });
    const record: DocumentRecord = {
      id: documentId(file),
      vendor: file.vendor,
      version: file.version,
      group: file.group,
      doc: file.doc,
      source: file.source,
      title: document.title,
      format: document.format,
      contentHash,
      bytes: bytes.byteLength,
      chunkCount: chunks.length,
      ...(document.pageCount !== undefined ? { pageCount: document.pageCount } : {}),
      metadata: document.metadata,
      ...(sourceUrl !== undefined ? { sourceUrl } : {}),
    };
    return { status: 'read', file, record, chunks };
  } catch (error) {
    if (!isMcdeweyError(error, 'UNREADABLE_DOCUMENT') && !isMcdeweyError(error, 'OUTSIDE_CORPUS')) throw error;
    return { status: 'skipped', file, reason: error.message.replace(`${file.source}: `, '') };
  }
}
