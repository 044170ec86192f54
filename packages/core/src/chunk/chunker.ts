import { createHash } from 'node:crypto';
import type { Block, ExtractedDocument } from '../types.js';
import type { ChunkRecord, DocumentKey } from '../types.js';
import { chunkId } from './ids.js';
import { CODE_SEPARATORS, joinedTokens, splitRange, type Range } from './split.js';
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
export const CHUNKER_VERSION = 4;

/** What is known of the document being chunked besides its extracted content. */
export interface ChunkSource extends DocumentKey {
  source: string;
  /** The URL the document was fetched from: chunks get `sourceUrl` (with their section's anchor). */
  sourceUrl?: string;
}

/** The document's extracted text (blocks joined by blank lines) and its chunks. */
export interface ChunkedDocument {
  text: string;
  chunks: ChunkRecord[];
}

interface Unit extends Range {
  isHeading: boolean;
  headings: string[];
  /** The anchor of the innermost heading above the unit that has one. */
  anchor: string | undefined;
  page: number | undefined;
  tokens: number;
  /** Index of the block this unit comes from, when that block is code (its pieces merge into one range). */
  codeBlock: number | undefined;
  /**
   * The first of several pieces of a block too long for one chunk that starts a chunk of its own
   * (false when it was cut short to share a chunk with the short lead just above it).
   */
  opensSplitBlock: boolean;
}

/**
 * Cuts an extracted document into chunks on its heading structure, each at most
 * `settings.maxTokens` estimated tokens. A code block is never split unless it alone exceeds the
 * bound (then at blank lines, else at line ends), and keeps its line breaks and indentation; the
 * record's `code` says where code sits in the chunk's text. A block too long for one chunk starts
 * a new chunk, so chunks start and end at block, paragraph or sentence ends when they can; only
 * a short lead above it (headings, a title line, an introducing sentence: at most half a chunk)
 * shares the chunk of its first piece. A chunk's text is exactly `text.slice(start, end)`.
 */
export function chunkDocument(document: ExtractedDocument, source: ChunkSource, settings: ChunkerSettings = DEFAULT_CHUNKER_SETTINGS): ChunkedDocument {
  const { text, units } = layOut(document.blocks, settings.maxTokens);
  const groups = groupUnits(text, units, settings.maxTokens);
  const chunks = groups.map((group, n) => toRecord(text, group, n, document, source));
  return { text, chunks };
}

function layOut(blocks: Block[], maxTokens: number): { text: string; units: Unit[] } {
  let text = '';
  const units: Unit[] = [];
  const headingStack: { level: number; text: string; anchor: string | undefined }[] = [];
  /**
   * Tokens of what the block's chunk already holds, as far as the grouping goes: the blocks since
   * the last heading that followed content or the last piece of a split block.
   */
  let leadTokens = 0;
  let leadHasContent = false;
  let previousPage: number | undefined;
  for (const [index, block] of blocks.entries()) {
    const isCode = block.kind === 'code';
    // Code keeps the indentation of its first line; only blank lines and trailing spaces go.
    const blockText = isCode ? block.text.replace(/^(?:[ \t]*\n)+/, '').trimEnd() : block.text.trim();
    if (!blockText.trim()) continue;
    if (text) text += '\n\n';
    const start = text.length;
    text += blockText;
    const isHeading = block.kind === 'heading';
    if (isHeading) {
      const level = block.level ?? 1;
      while (headingStack.length > 0 && headingStack[headingStack.length - 1]!.level >= level) headingStack.pop();
      headingStack.push({ level, text: blockText.replace(/\s+/g, ' '), anchor: block.anchor });
    }
    const headings = headingStack.map((heading) => heading.text);
    const anchor = headingStack.findLast((heading) => heading.anchor !== undefined)?.anchor;
    // Text on another PDF page is not a lead to share: a chunk's page range stays what a reader cites.
    if ((isHeading || block.page !== previousPage) && leadHasContent) [leadTokens, leadHasContent] = [0, false];
    previousPage = block.page;
    const { ranges, sharesLead } = isCode ? { ranges: codeRanges(text, start, maxTokens), sharesLead: false } : blockRanges(text, start, maxTokens, leadTokens);
    ranges.forEach((range, i) => {
      const codeBlock = isCode ? index : undefined;
      const tokens = estimateTokens(text.slice(range.start, range.end));
      units.push({ ...range, isHeading, headings, anchor, page: block.page, tokens, codeBlock, opensSplitBlock: i === 0 && ranges.length > 1 && !sharesLead });
      leadTokens = i === 0 && (ranges.length === 1 || sharesLead) ? leadTokens + tokens : tokens;
    });
    leadHasContent ||= !isHeading;
  }
  return { text, units };
}

/**
 * A prose block's ranges. When it must be split and the lead above it (headings, a title line)
 * is at most half a chunk, its first piece leaves room for that lead, so that a heading or a
 * title is not left alone in a chunk; `sharesLead` says so.
 */
function blockRanges(text: string, start: number, maxTokens: number, leadTokens: number): { ranges: Range[]; sharesLead: boolean } {
  const whole = { start, end: text.length };
  const ranges = splitRange(text, whole, maxTokens);
  if (ranges.length < 2 || leadTokens === 0 || leadTokens * 2 > maxTokens) return { ranges, sharesLead: false };
  const first = splitRange(text, whole, maxTokens - leadTokens)[0];
  return first ? { ranges: [first, ...splitRange(text, { start: first.end, end: text.length }, maxTokens)], sharesLead: true } : { ranges, sharesLead: false };
}

/**
 * A code block's ranges: the whole block when it fits, else pieces cut at blank lines or line
 * ends, each widened back to the start of its line so that indentation stays.
 */
function codeRanges(text: string, start: number, maxTokens: number): Range[] {
  const whole = { start, end: text.length };
  if (estimateTokens(text.slice(start)) <= maxTokens) return [whole];
  return splitRange(text, whole, maxTokens, CODE_SEPARATORS).map((range) => {
    let lineStart = range.start;
    while (lineStart > start && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
    return lineStart === start || text[lineStart - 1] === '\n' ? { start: lineStart, end: range.end } : range;
  });
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
    const startsSection = (unit.isHeading || unit.opensSplitBlock) && hasContent;
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

function toRecord(text: string, group: Unit[], n: number, document: Pick<ExtractedDocument, 'title' | 'pageLabels'>, source: ChunkSource): ChunkRecord {
  const first = group[0]!;
  const last = group[group.length - 1]!;
  const chunkText = text.slice(first.start, last.end);
  const pages = group.map((unit) => unit.page).filter((page): page is number => page !== undefined);
  // The heading path in force where the chunk's content starts, after its own leading headings.
  const contentStart = group.find((unit) => !unit.isHeading) ?? last;
  const headings = contentStart.headings;
  const record: ChunkRecord = {
    id: chunkId(source, n),
    vendor: source.vendor,
    version: source.version,
    group: source.group,
    doc: source.doc,
    n,
    source: source.source,
    title: document.title,
    headings: [...headings],
    text: chunkText,
    start: first.start,
    end: last.end,
    hash: createHash('sha256').update(chunkText).digest('hex').slice(0, 16),
  };
  const code = codeOffsets(group, first.start);
  if (code.length > 0) record.code = code;
  if (pages.length > 0) {
    record.page = Math.min(...pages);
    record.pageEnd = Math.max(...pages);
    Object.assign(record, printedPages(record.page, record.pageEnd, document.pageLabels));
  }
  if (source.sourceUrl !== undefined) record.sourceUrl = withFragment(source.sourceUrl, record.page !== undefined ? `page=${record.page}` : contentStart.anchor);
  return orderKeys(record);
}

/** `url` opened at `fragment` (a section id or `page=N`), replacing any fragment it had. */
function withFragment(url: string, fragment: string | undefined): string {
  const bare = url.replace(/#.*$/s, '');
  return fragment === undefined || fragment === '' ? bare : `${bare}#${fragment.startsWith('page=') ? fragment : encodeURIComponent(fragment)}`;
}

/** Where the group's code units sit in its text, pieces of one code block merged into one range. */
function codeOffsets(group: Unit[], chunkStart: number): [number, number][] {
  const offsets: [number, number][] = [];
  let lastBlock: number | undefined;
  for (const unit of group) {
    if (unit.codeBlock === undefined) continue;
    const previous = offsets[offsets.length - 1];
    if (previous && unit.codeBlock === lastBlock) previous[1] = unit.end - chunkStart;
    else offsets.push([unit.start - chunkStart, unit.end - chunkStart]);
    lastBlock = unit.codeBlock;
  }
  return offsets;
}

/** The printed labels of a chunk's first and last page, when the document's labels say something the numbers do not. */
function printedPages(page: number, pageEnd: number, labels: readonly string[] | undefined): Pick<ChunkRecord, 'pageLabel' | 'pageLabelEnd'> {
  const first = labels?.[page - 1];
  const last = labels?.[pageEnd - 1];
  if (first === undefined || last === undefined || (first === String(page) && last === String(pageEnd))) return {};
  return pageEnd === page ? { pageLabel: first } : { pageLabel: first, pageLabelEnd: last };
}

const KEY_ORDER: (keyof ChunkRecord)[] = [
  'id',
  'vendor',
  'version',
  'group',
  'doc',
  'n',
  'source',
  'title',
  'headings',
  'page',
  'pageEnd',
  'pageLabel',
  'pageLabelEnd',
  'start',
  'end',
  'hash',
  'code',
  'sourceUrl',
  'text',
];

/** Fixes the key order so that the same chunk always serialises to the same bytes. */
function orderKeys(record: ChunkRecord): ChunkRecord {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (record[key] !== undefined) ordered[key] = record[key];
  return ordered as unknown as ChunkRecord;
}
