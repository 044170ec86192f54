import type { Library } from '@mcdewey/core';
import * as z from 'zod';
import { readDocument, type DocumentSelection } from '../document-reading.js';
import { SOURCE_NOTICE } from '../format.js';
import { errorResult, ok } from './result.js';
import { boundedInteger, documentSchema } from './schemas.js';
import { TOOL_LIMITS, type McdeweyTool, type ToolLibrary } from './tool.js';

const { readTokens } = TOOL_LIMITS;

const ordinal = (name: string) =>
  z
    .number({ error: `${name} must be an integer of at least 0` })
    .int(`${name} must be an integer of at least 0`)
    .min(0, `${name} must be an integer of at least 0`);
const pageNumber = (name: string) =>
  z
    .number({ error: `${name} must be a page number (1 or more)` })
    .int(`${name} must be a page number (1 or more)`)
    .min(1, `${name} must be a page number (1 or more)`);

const inputSchema = z.strictObject({
  doc_id: z
    .string({ error: 'doc_id must be a string like vendor::version::group::doc' })
    .min(1, 'doc_id must be a non-empty string like vendor::version::group::doc')
    .max(400, 'doc_id is at most 400 characters')
    .describe('The document, vendor::version::group::doc: the doc_id of list_documents, or a chunk_id without its last ::n.'),
  from_chunk: ordinal('from_chunk').optional().describe('Read from this chunk (0-based n of chunk_id ...::n).'),
  to_chunk: ordinal('to_chunk').optional().describe('Read up to and including this chunk. Default: to the end.'),
  section: z
    .string({ error: 'section must be a string' })
    .min(1, 'section must name a heading')
    .max(500, 'section is at most 500 characters')
    .optional()
    .describe('Read the chunks under this heading ("Restore"), or heading path ("Backups > Restore"), as the headings of search results show it.'),
  from_page: pageNumber('from_page').optional().describe('PDFs: read the chunks on pages from this 1-based physical page.'),
  to_page: pageNumber('to_page').optional().describe('PDFs: up to and including this page. Default: from_page.'),
  max_tokens: boundedInteger('max_tokens', readTokens.min, readTokens.max, readTokens.default).describe(
    `Budget for this answer in tokens (estimated), ${readTokens.min}-${readTokens.max}. Default ${readTokens.default}. The rest comes with next_cursor.`,
  ),
  cursor: z.string({ error: 'cursor must be the next_cursor string of a previous call' }).max(1000).optional().describe('next_cursor from the previous call, with the same doc_id and selection.'),
});

const partSchema = z.object({
  chunk_id: z.string().describe('Cite this id for the text of the part.'),
  n: z.number().int(),
  headings: z.array(z.string()),
  page: z.number().int().optional(),
  page_end: z.number().int().optional(),
  resource_uri: z.string(),
  text: z.string().describe('The text, quoted inside <source> tags.'),
  from_char: z.number().int().optional().describe('The text starts at this character of the chunk (the rest of a chunk begun in the previous call).'),
  continues: z.literal(true).optional().describe('The chunk goes on in the next call.'),
});

const outputSchema = z.object({
  document: documentSchema,
  selection: z.string().describe('What was asked for, in words.'),
  selected_chunks: z.number().int().describe('Chunks in the selection, over all calls.'),
  parts: z.array(partSchema).describe('The text in document order, one part per chunk, each with its chunk_id and pages.'),
  covers: z.object({ first_chunk_id: z.string(), last_chunk_id: z.string(), pages: z.string().optional() }).optional(),
  next_cursor: z.string().optional().describe('Pass as cursor (with the same doc_id and selection) for the rest; absent when all is read.'),
  max_tokens: z.number().int(),
  estimated_tokens: z.number().int().describe('This answer, estimated like max_tokens.'),
  notice: z.string().optional(),
});

const DESCRIPTION =
  'Read more of a document than one chunk: the whole document, a chunk range (from_chunk / to_chunk), a section by heading (section) or, for PDFs, a page range (from_page / to_page). ' +
  'Text comes in parts, one per chunk, each labelled with its chunk_id and page so every sentence stays citable; an answer stays within max_tokens, and next_cursor fetches the rest. ' +
  'Use it after search_docs when an answer needs a whole section or procedure. ' +
  SOURCE_NOTICE;

/** The selection the arguments ask for, or a message naming the conflicting parameters. */
function selectionOf(args: z.output<typeof inputSchema>): DocumentSelection | string {
  const asked = [
    args.from_chunk !== undefined || args.to_chunk !== undefined ? 'from_chunk/to_chunk' : '',
    args.section !== undefined ? 'section' : '',
    args.from_page !== undefined || args.to_page !== undefined ? 'from_page/to_page' : '',
  ].filter(Boolean);
  if (asked.length > 1) return `give one of from_chunk/to_chunk, section or from_page/to_page, not ${asked.join(' and ')}`;
  if (args.section !== undefined) return { kind: 'section', heading: args.section };
  if (args.from_page !== undefined || args.to_page !== undefined) {
    if (args.from_page === undefined) return 'to_page needs from_page';
    return { kind: 'pages', from: args.from_page, to: args.to_page };
  }
  if (args.from_chunk !== undefined || args.to_chunk !== undefined) return { kind: 'chunks', from: args.from_chunk ?? 0, to: args.to_chunk };
  return { kind: 'document' };
}

/** The document of a doc_id, or of a chunk id given in its place. */
function documentOf(library: Library, docId: string) {
  const id = docId.trim();
  const found = library.documents.find((document) => document.id === id);
  if (found) return found;
  const asChunk = /^(.*)::(0|[1-9][0-9]*)$/.exec(id);
  const parent = asChunk ? library.documents.find((document) => document.id === asChunk[1]) : undefined;
  if (parent) return `"${id}" is a chunk id; its document is "${parent.id}": pass doc_id "${parent.id}" with from_chunk ${asChunk![2]} to read from that chunk`;
  return `no document "${id}" in the index; take doc_id from list_documents, or a chunk_id from search_docs without its last ::n`;
}

/** `read_document`: a document, chunk range, section or page range, a token budget at a time. */
export function readDocumentTool(_facts: ToolLibrary): McdeweyTool<typeof inputSchema> {
  return {
    name: 'read_document',
    title: 'Read a document, section or page range',
    description: DESCRIPTION,
    inputSchema,
    outputSchema,
    run(args, library) {
      const document = documentOf(library, args.doc_id);
      if (typeof document === 'string') return errorResult(`read_document failed (CHUNK_NOT_FOUND): ${document}.`);
      const selection = selectionOf(args);
      if (typeof selection === 'string') return errorResult(`read_document failed (INVALID_ARGUMENT): ${selection}.`);
      const { structured, links } = readDocument(library, document, { selection, maxTokens: args.max_tokens, ...(args.cursor !== undefined ? { cursor: args.cursor } : {}) });
      return ok(structured as unknown as Record<string, unknown>, links);
    },
  };
}
