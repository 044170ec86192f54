import { learnTitleSuffix, stripTitleSuffix } from '../ingest/title-suffix.js';
import type { ChunkRecord, DocumentRecord } from '../types.js';

/** The metadata key keeping the site-name suffix stripped from a document's title. */
export const TITLE_SUFFIX_KEY = 'titleSuffix';

/** One document of a version as it goes into the index: read now, or taken from the previous index. */
export interface VersionDocument {
  record: DocumentRecord;
  chunks: ChunkRecord[];
}

/**
 * Strips the site-name suffix the version's titles share ("… — Python 3.11.2 documentation",
 * see `learnTitleSuffix`) from every document and chunk title of one version. The suffix is kept
 * in the document's `metadata.titleSuffix`, so that a later ingest learns again from the full
 * titles when it reuses a document unchanged beside new ones. Returns the documents with their
 * records replaced (chunk records are changed in place).
 */
export function settleVersionTitles(documents: readonly VersionDocument[]): VersionDocument[] {
  const fullTitles = documents.map(({ record }) => record.title + (record.metadata[TITLE_SUFFIX_KEY] ?? ''));
  const suffix = learnTitleSuffix(fullTitles);
  return documents.map(({ record, chunks }, i) => {
    const full = fullTitles[i]!;
    const title = stripTitleSuffix(full, suffix);
    const { [TITLE_SUFFIX_KEY]: _previous, ...metadata } = record.metadata;
    if (title !== full) metadata[TITLE_SUFFIX_KEY] = full.slice(title.length);
    for (const chunk of chunks) chunk.title = title;
    return { record: { ...record, title, metadata }, chunks };
  });
}
