import { createHash } from 'node:crypto';
import type { Block, ExtractedDocument } from '../ingest/types.js';
import type { ChunkRecord, DocumentKey } from '../types.js';
import { chunkId } from './ids.js';
import { joinedTokens, splitRange, type Range } from './split.js';
import { estimateTokens } from './tokens.js';

/** How documents are cut into chunks; recorded in the manifest. */
export interface ChunkerSettings {
  /**
   * Upper bound of a chunk in estimated tokens. The estimate errs high, so the default of 256
   * keeps a chunk inside a 512-token embedding window. Default 256.
   */
  maxTokens: number;
}

/** The chunker's defaults. */
export const DEFAULT_CHUNKER_SETTINGS: ChunkerSettings = { maxTokens: 256 };

/** Bump when a reader or the chunking changes, so incremental ingest re-reads every document. */
export const CHUNKER_VERSION = 2;

/** What is known of the document being chunked besides its extracted content. */
export interface ChunkSource extends DocumentKey {
  source: string;
}

/** The document's extracted text (blocks joined by blank lines) and its chunks. */
export interface ChunkedDocument {
  text: string;
  chunks: ChunkRecord[];
}

interface Unit extends Range {
  isHeading: boolean;
  headings: string[];
  page: number | undefined;
  tokens: number;
}

/**
 * Cuts an extracted document into chunks on its heading structure, each at most
 * `settings.maxTokens` estimated tokens, never splitting a code block or table row when a
 * coarser boundary fits. A chunk's text is exactly `text.slice(start, end)`.
 */
export function chunkDocument(document: ExtractedDocument, source: ChunkSource, settings: ChunkerSettings = DEFAULT_CHUNKER_SETTINGS): ChunkedDocument {
  const { text, units } = layOut(document.blocks, settings.maxTokens);
  const groups = groupUnits(text, units, settings.maxTokens);
  const chunks = groups.map((group, n) => toRecord(text, group, n, document.title, source));
  return { text, chunks };
}

function layOut(blocks: Block[], maxTokens: number): { text: string; units: Unit[] } {
  let text = '';
  const units: Unit[] = [];
  const headingStack: { level: number; text: string }[] = [];
  for (const block of blocks) {
    const blockText = block.text.trim();
    if (!blockText) continue;
    if (text) text += '\n\n';
    const start = text.length;
    text += blockText;
    const isHeading = block.kind === 'heading';
    if (isHeading) {
      const level = block.level ?? 1;
      while (headingStack.length > 0 && headingStack[headingStack.length - 1]!.level >= level) headingStack.pop();
      headingStack.push({ level, text: blockText.replace(/\s+/g, ' ') });
    }
    const headings = headingStack.map((heading) => heading.text);
    for (const range of splitRange(text, { start, end: text.length }, maxTokens)) {
      units.push({ ...range, isHeading, headings, page: block.page, tokens: estimateTokens(text.slice(range.start, range.end)) });
    }
  }
  return { text, units };
}

function groupUnits(text: string, units: Unit[], maxTokens: number): Unit[][] {
  const groups: Unit[][] = [];
  let current: Unit[] = [];
  let tokens = 0;
  let hasContent = false;
  const flush = () => {
    if (current.length > 0) groups.push(current);
    current = [];
    tokens = 0;
    hasContent = false;
  };
  for (const unit of units) {
    const startsSection = unit.isHeading && hasContent;
    const joined = current.length > 0 ? joinedTokens(text, { start: current[0]!.start, end: current[current.length - 1]!.end }, tokens, unit, unit.tokens) : unit.tokens;
    if (startsSection || joined > maxTokens) {
      flush();
      tokens = unit.tokens;
    } else {
      tokens = joined;
    }
    current.push(unit);
    if (!unit.isHeading) hasContent = true;
  }
  flush();
  return groups;
}

function toRecord(text: string, group: Unit[], n: number, title: string, source: ChunkSource): ChunkRecord {
  const first = group[0]!;
  const last = group[group.length - 1]!;
  const chunkText = text.slice(first.start, last.end);
  const pages = group.map((unit) => unit.page).filter((page): page is number => page !== undefined);
  // The heading path in force where the chunk's content starts, after its own leading headings.
  const headings = (group.find((unit) => !unit.isHeading) ?? last).headings;
  const record: ChunkRecord = {
    id: chunkId(source, n),
    vendor: source.vendor,
    version: source.version,
    group: source.group,
    doc: source.doc,
    n,
    source: source.source,
    title,
    headings: [...headings],
    text: chunkText,
    start: first.start,
    end: last.end,
    hash: createHash('sha256').update(chunkText).digest('hex').slice(0, 16),
  };
  if (pages.length > 0) {
    record.page = Math.min(...pages);
    record.pageEnd = Math.max(...pages);
  }
  return orderKeys(record);
}

const KEY_ORDER: (keyof ChunkRecord)[] = ['id', 'vendor', 'version', 'group', 'doc', 'n', 'source', 'title', 'headings', 'page', 'pageEnd', 'start', 'end', 'hash', 'text'];

/** Fixes the key order so that the same chunk always serialises to the same bytes. */
function orderKeys(record: ChunkRecord): ChunkRecord {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (record[key] !== undefined) ordered[key] = record[key];
  return ordered as unknown as ChunkRecord;
}
