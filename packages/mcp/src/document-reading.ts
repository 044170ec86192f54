import { McdeweyError, estimateTokens, pageRange, type ChunkRecord, type DocumentRecord, type Library } from '@mcdewey/core';
import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { answerTokens, prefixWithin } from './budget.js';
import { decodePositionCursor, encodePositionCursor, type CursorPosition } from './cursor.js';
import { chunkUri, documentLine, documentSummary, pageLabel, quoteSource, type DocumentOutput } from './format.js';
import { chunkLink, documentLink } from './resource-links.js';

/** What part of a document to read: all of it, a chunk range, a section (heading path) or a PDF page range. */
export type DocumentSelection =
  { kind: 'document' } | { kind: 'chunks'; from: number; to: number | undefined } | { kind: 'section'; heading: string } | { kind: 'pages'; from: number; to: number | undefined };

/** One part of a `read_document` answer: a chunk, or a piece of one when it alone is over the budget. */
export interface DocumentPartOutput {
  chunk_id: string;
  n: number;
  headings: string[];
  page?: number;
  page_end?: number;
  resource_uri: string;
  /** The text, quoted in `<source chunk_id=... page=...>` tags. */
  text: string;
  /** Set when the text starts inside the chunk: the character it starts at. */
  from_char?: number;
  /** Set when the chunk goes on past this part: the next call (with next_cursor) continues it. */
  continues?: true;
}

/** The answer of `read_document`. */
export interface DocumentReadingOutput {
  document: DocumentOutput;
  selection: string;
  /** Chunks the selection holds, over all calls. */
  selected_chunks: number;
  parts: DocumentPartOutput[];
  /** Chunk ids of the first and last part, and the PDF pages they cover. */
  covers?: { first_chunk_id: string; last_chunk_id: string; pages?: string };
  next_cursor?: string;
  max_tokens: number;
  estimated_tokens: number;
  notice?: string;
}

const invalid = (message: string, parameter: string) => new McdeweyError('INVALID_ARGUMENT', message, { details: { parameter } });

/** `"Backups > Restore"` → `['backups', 'restore']`: heading paths compare case- and space-insensitively. */
function headingPath(value: string): string[] {
  return value
    .split('>')
    .map((part) => part.replace(/\s+/g, ' ').trim().toLowerCase())
    .filter(Boolean);
}

/** True when `path` holds `wanted` as consecutive headings. */
function underHeadings(path: readonly string[], wanted: readonly string[]): boolean {
  const normal = path.map((heading) => heading.replace(/\s+/g, ' ').trim().toLowerCase());
  for (let start = 0; start + wanted.length <= normal.length; start++) if (wanted.every((part, i) => normal[start + i] === part)) return true;
  return false;
}

/** The distinct heading paths of a document, for telling an agent what sections exist. */
function sectionList(chunks: readonly ChunkRecord[], max = 25): string {
  const paths = [...new Set(chunks.map((chunk) => chunk.headings.map(documentLine).join(' > ')).filter(Boolean))];
  if (paths.length === 0) return 'the document has no headings; read it by chunk range instead';
  return `sections: ${paths
    .slice(0, max)
    .map((path) => `"${path}"`)
    .join(', ')}${paths.length > max ? `, … ${paths.length - max} more` : ''}`;
}

/**
 * The chunk ordinals a selection holds, in document order.
 * @throws McdeweyError `INVALID_ARGUMENT` naming the parameter, for a range outside the document,
 *   a page range of an unpaged document, or a section that does not exist (listing those that do).
 */
export function selectedOrdinals(library: Library, document: DocumentRecord, selection: DocumentSelection): number[] {
  const count = document.chunkCount;
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  switch (selection.kind) {
    case 'document':
      return range(0, count - 1);
    case 'chunks': {
      if (selection.from >= count) throw invalid(`from_chunk ${selection.from} is past the end of ${document.id}, which has ${count} chunks (0-${count - 1})`, 'from_chunk');
      const to = Math.min(selection.to ?? count - 1, count - 1);
      if (to < selection.from) throw invalid(`to_chunk ${selection.to} is before from_chunk ${selection.from}`, 'to_chunk');
      return range(selection.from, to);
    }
    case 'section': {
      const wanted = headingPath(selection.heading);
      if (wanted.length === 0) throw invalid('section must name a heading, e.g. "Restore" or "Backups > Restore"', 'section');
      const chunks = library.getDocument(document.id).chunks;
      const found = chunks.filter((chunk) => underHeadings(chunk.headings, wanted)).map((chunk) => chunk.n);
      if (found.length === 0) throw invalid(`no section "${documentLine(selection.heading)}" in ${document.id}; ${sectionList(chunks)}`, 'section');
      return found;
    }
    case 'pages': {
      if (document.pageCount === undefined) throw invalid(`${document.id} is ${document.format}, not a PDF: it has no pages; read it by section or chunk range`, 'from_page');
      const to = selection.to ?? selection.from;
      if (selection.from > document.pageCount) throw invalid(`from_page ${selection.from} is past the end of ${document.id}, which has ${document.pageCount} pages`, 'from_page');
      if (to < selection.from) throw invalid(`to_page ${to} is before from_page ${selection.from}`, 'to_page');
      const chunks = library.getDocument(document.id).chunks;
      return chunks.filter((chunk) => chunk.page !== undefined && chunk.page <= to && (chunk.pageEnd ?? chunk.page) >= selection.from).map((chunk) => chunk.n);
    }
  }
}

/** How a selection reads in an answer. */
function describeSelection(selection: DocumentSelection): string {
  switch (selection.kind) {
    case 'document':
      return 'the whole document';
    case 'chunks':
      return `chunks ${selection.from}-${selection.to ?? 'end'}`;
    case 'section':
      return `section "${documentLine(selection.heading)}"`;
    case 'pages':
      return `pages ${selection.from}-${selection.to ?? selection.from}`;
  }
}

function part(chunk: ChunkRecord, from: number, to: number): DocumentPartOutput {
  const page = pageLabel(chunk.page, chunk.pageEnd);
  return {
    chunk_id: chunk.id,
    n: chunk.n,
    headings: chunk.headings.map(documentLine),
    ...(chunk.page !== undefined ? { page: chunk.page } : {}),
    ...(chunk.pageEnd !== undefined && chunk.pageEnd !== chunk.page ? { page_end: chunk.pageEnd } : {}),
    resource_uri: chunkUri(chunk.id),
    text: quoteSource(chunk.text.slice(from, to), chunk.id, page),
    ...(from > 0 ? { from_char: from } : {}),
    ...(to < chunk.text.length ? { continues: true as const } : {}),
  };
}

/** Options of {@link readDocument}. */
export interface ReadDocumentRequest {
  selection: DocumentSelection;
  maxTokens: number;
  cursor?: string;
}

/** A `read_document` answer: structured content and its resource links. */
export interface DocumentReading {
  structured: DocumentReadingOutput;
  links: ResourceLink[];
}

/**
 * Reads a selection of a document from the cursor's position (else its start) until the next chunk
 * would take the answer over `maxTokens` (estimated like `search_docs`). Whole chunks are returned;
 * only a chunk that alone does not fit is cut, at a space, and continued by the next call.
 * @throws McdeweyError `INVALID_ARGUMENT` for a cursor of another document or selection.
 */
export function readDocument(library: Library, document: DocumentRecord, request: ReadDocumentRequest): DocumentReading {
  const { selection, maxTokens } = request;
  const ordinals = selectedOrdinals(library, document, selection);
  const scope = `read:${document.id}:${JSON.stringify(selection)}`;
  let position: CursorPosition = { item: 0, char: 0 };
  if (request.cursor !== undefined) {
    const decoded = decodePositionCursor(request.cursor, scope);
    if (decoded === undefined || decoded.item >= ordinals.length) {
      throw invalid('cursor is not a next_cursor of this document and selection; pass the same doc_id and selection as the call that returned it, or omit cursor to start at the beginning', 'cursor');
    }
    position = decoded;
  }
  const firstRow = library.rowOf(`${document.id}::0`) ?? 0;
  const docLink = documentLink(document);
  const base: DocumentReadingOutput = {
    document: documentSummary(document),
    selection: describeSelection(selection),
    selected_chunks: ordinals.length,
    parts: [],
    // Placeholders about as long as the real values, for a first estimate; the whole is checked below.
    covers: {
      first_chunk_id: `${document.id}::${document.chunkCount}`,
      last_chunk_id: `${document.id}::${document.chunkCount}`,
      ...(document.pageCount ? { pages: `${document.pageCount}-${document.pageCount}` } : {}),
    },
    next_cursor: encodePositionCursor(scope, { item: ordinals.length, char: 10 ** 7 }),
    max_tokens: maxTokens,
    estimated_tokens: maxTokens,
    notice: noticeFor(ordinals.length, { item: 0, char: 1 }),
  };
  let used = answerTokens(base, [docLink]);
  const pieces: Piece[] = [];
  for (let item = position.item; item < ordinals.length; item++) {
    const chunk = library.chunkAt(firstRow + ordinals[item]!);
    const from = item === position.item ? Math.min(position.char, chunk.text.length) : 0;
    const piece: Piece = { chunk, item, from, to: chunk.text.length };
    const cost = pieceTokens(piece) + 1;
    if (used + cost <= maxTokens) {
      pieces.push(piece);
      used += cost;
      continue;
    }
    if (pieces.length === 0) {
      // Not even this one chunk fits: send as much of it as does, and continue it next time.
      const room = maxTokens - used - pieceTokens({ ...piece, to: from }) - 1;
      pieces.push({ ...piece, to: cutAt(chunk.text, from, room) });
    }
    break;
  }
  const render = (): DocumentReading => {
    const parts = pieces.map((piece) => part(piece.chunk, piece.from, piece.to));
    const links = [...pieces.map((piece, i) => pieceLink(piece, parts[i]!)), docLink];
    const structured = finish(base, parts, ordinals.length, nextPosition(pieces, ordinals.length), scope);
    structured.estimated_tokens = answerTokens(structured, links);
    return { structured, links };
  };
  // The pieces' estimates add up to about the whole's, not exactly: check the whole, and give back
  // the last part (or, of a single cut chunk, some more of its text) until it fits.
  let result = render();
  for (let attempt = 0; result.structured.estimated_tokens > maxTokens && attempt < 20; attempt++) {
    const over = result.structured.estimated_tokens - maxTokens;
    if (pieces.length > 1) pieces.pop();
    else if (pieces.length === 1) {
      const only = pieces[0]!;
      const shown = estimateTokens(only.chunk.text.slice(only.from, only.to));
      if (shown <= 1) break;
      only.to = cutAt(only.chunk.text, only.from, shown - over - 1);
    } else break;
    result = render();
  }
  return result;
}

/** A chunk's text from `from` to `to`, as one part of an answer; `item` is its place in the selection. */
interface Piece {
  chunk: ChunkRecord;
  item: number;
  from: number;
  to: number;
}

function pieceLink(piece: Piece, output: DocumentPartOutput): ResourceLink {
  return chunkLink({ ...output, title: piece.chunk.title, source: piece.chunk.source });
}

function pieceTokens(piece: Piece): number {
  const output = part(piece.chunk, piece.from, piece.to);
  return answerTokens(output, [pieceLink(piece, output)]);
}

/** Where `text` from `from` is cut to keep about `tokens` estimated tokens: at a space, at least one character on. */
function cutAt(text: string, from: number, tokens: number): number {
  return Math.min(text.length, from + Math.max(1, prefixWithin(text.slice(from), Math.max(1, tokens)).length));
}

/** Where the next call starts: inside the last piece's chunk when it was cut, else the next selected chunk; undefined at the end. */
function nextPosition(pieces: readonly Piece[], selected: number): CursorPosition | undefined {
  const last = pieces.at(-1);
  if (!last) return undefined;
  if (last.to < last.chunk.text.length) return { item: last.item, char: last.to };
  return last.item + 1 < selected ? { item: last.item + 1, char: 0 } : undefined;
}

function noticeFor(selected: number, next: CursorPosition): string {
  const left = `${selected - next.item} of ${selected} selected chunks left${next.char > 0 ? ' (the first of them in part)' : ''}`;
  return `${left}: call read_document again with cursor set to next_cursor, the same doc_id and selection.`;
}

/** The answer: `base` with the parts, what they cover, and the cursor and notice when more is left. */
function finish(base: DocumentReadingOutput, parts: DocumentPartOutput[], selected: number, next: CursorPosition | undefined, scope: string): DocumentReadingOutput {
  const { next_cursor: _cursor, notice: _notice, covers: _covers, ...rest } = base;
  const first = parts[0];
  const last = parts.at(-1);
  const paged = parts.filter((p) => p.page !== undefined);
  const covered = paged.length ? pageRange({ page: Math.min(...paged.map((p) => p.page!)), pageEnd: Math.max(...paged.map((p) => p.page_end ?? p.page!)) }) : undefined;
  return {
    ...rest,
    parts,
    ...(first && last ? { covers: { first_chunk_id: first.chunk_id, last_chunk_id: last.chunk_id, ...(covered ? { pages: covered } : {}) } } : {}),
    ...(next ? { next_cursor: encodePositionCursor(scope, next) } : {}),
    ...(next ? { notice: noticeFor(selected, next) } : {}),
  };
}
