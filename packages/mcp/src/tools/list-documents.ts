import type { SearchFilters } from '@mcdewey/core';
import * as z from 'zod';
import { decodeCursor, page } from '../cursor.js';
import { documentSummary } from '../format.js';
import { errorResult, ok } from './result.js';
import { boundedInteger, documentSchema, filterText, oneOf } from './schemas.js';
import { TOOL_LIMITS, type McdeweyTool, type ToolLibrary } from './tool.js';

const { documentsPage } = TOOL_LIMITS;

/** The arguments of `list_documents`; the vendor description lists this library's vendors. */
function inputSchema({ vendors }: ToolLibrary) {
  return z.strictObject({
    vendor: filterText('vendor')
      .optional()
      .describe(`Only this vendor.${oneOf(vendors, 'list_vendors')}`),
    version: filterText('version').optional().describe('Only this version.'),
    group: filterText('group').optional().describe('Only this document group.'),
    cursor: z.string({ error: 'cursor must be the next_cursor string of a previous call' }).max(1000).optional().describe('next_cursor from the previous page.'),
    limit: boundedInteger('limit', 1, documentsPage.max, documentsPage.default).describe(`Documents per page, 1-${documentsPage.max}. Default ${documentsPage.default}.`),
  });
}

const outputSchema = z.object({
  documents: z.array(documentSchema),
  total: z.number().int().describe('Documents matching the filters, over all pages.'),
  next_cursor: z.string().optional().describe('Pass as cursor to get the next page; absent on the last page.'),
});

/** `list_documents`: the documents matching vendor / version / group, a page at a time. */
export function listDocumentsTool(facts: ToolLibrary): McdeweyTool<ReturnType<typeof inputSchema>> {
  return {
    name: 'list_documents',
    title: 'List documents',
    description:
      'List documents (title, source path, format, chunk and page counts, first_chunk_id), optionally for one vendor / version / group, ' +
      `${documentsPage.default} per page by default. When next_cursor is present, call again with cursor set to it for the next page.`,
    inputSchema: inputSchema(facts),
    outputSchema,
    run(args, library) {
      const filters: SearchFilters = {};
      for (const key of ['vendor', 'version', 'group'] as const) if (args[key] !== undefined) filters[key] = args[key];
      const documents = library.listDocuments(filters);
      // A cursor is only valid for the listing (filters) that issued it.
      const scope = `documents:${filters.vendor ?? ''}:${filters.version ?? ''}:${filters.group ?? ''}`;
      let offset = 0;
      if (args.cursor !== undefined) {
        const decoded = decodeCursor(args.cursor, scope);
        if (decoded === undefined) {
          return errorResult('list_documents failed (INVALID_ARGUMENT): cursor is not a next_cursor of this listing (same vendor / version / group); omit it to start from the first page.');
        }
        offset = decoded;
      }
      const { items, nextCursor } = page(documents, offset, args.limit, scope);
      return ok({ documents: items.map(documentSummary), total: documents.length, ...(nextCursor ? { next_cursor: nextCursor } : {}) });
    },
  };
}
