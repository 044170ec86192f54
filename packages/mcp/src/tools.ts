import { SEARCH_LIMITS, availableModes, isMcdeweyError, search, type Library, type SearchFilters } from '@mcdewey/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { decodeCursor, page } from './cursor.js';
import { clientMessage } from './redact.js';
import { SOURCE_NOTICE, chunkCard, documentSummary, searchHit, searchReading } from './format.js';

/** Limits of the MCP tools (tighter than core's, to keep answers within an agent's context). */
export const TOOL_LIMITS = {
  /** `search_docs` limit: default and maximum. */
  searchLimit: { default: 5, max: 50 },
  /** `get_chunk` context: default and maximum neighbours on each side. */
  context: { default: 1, max: 10 },
  /** `list_documents` page size: default and maximum. */
  documentsPage: { default: 50, max: 200 },
} as const;

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

/** Called with an unexpected (non-McDewey) error of a tool, before the agent gets an error result. */
export type ToolErrorListener = (error: unknown, tool: string) => void;

/** A successful tool result: the structured content, and the same as JSON text for older clients. */
function ok(structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

/** A tool error the agent can act on: what was wrong and what is valid. The server keeps serving. */
export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

const HINTS: Partial<Record<string, string>> = {
  CHUNK_NOT_FOUND: 'Take chunk ids from search_docs results, or first_chunk_id from list_documents.',
  INVALID_CHUNK_ID: 'Take chunk ids from search_docs results, or first_chunk_id from list_documents.',
  EMBEDDER_MISMATCH: 'Retry with mode "lexical".',
  EMBEDDER_UNAVAILABLE: 'Retry with mode "lexical".',
};

/** What `guarded` needs besides the tool: the error listener and the folders to keep out of messages. */
interface GuardContext {
  onError: ToolErrorListener | undefined;
  /** The index folder: paths inside it are shown relative, any other absolute path not at all. */
  roots: readonly string[];
}

async function guarded(tool: string, context: GuardContext, run: () => Promise<CallToolResult> | CallToolResult): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    if (isMcdeweyError(error)) {
      const hint = HINTS[error.code];
      return errorResult(`${tool} failed (${error.code}): ${clientMessage(error, context.roots)}${hint ? `. ${hint}` : ''}`);
    }
    context.onError?.(error, tool);
    return errorResult(`${tool} failed with an internal error: ${clientMessage(error, context.roots)}. The server is still running; retry or report it.`);
  }
}

/** "One of: a, b, c." for short value lists, else a pointer to the listing tool. */
function oneOf(values: readonly string[], tool: string): string {
  if (values.length === 0) return '';
  return values.length <= 30 ? ` One of: ${values.join(', ')}.` : ` ${values.length} values; see ${tool}.`;
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

const filterText = (name: string) => z.string({ error: `${name} must be a string` }).min(1, `${name} must not be empty`).max(200, `${name} is at most 200 characters`);

const hitSchema = z.object({
  chunk_id: z.string().describe('Citable id vendor::version::group::doc::n; pass it to get_chunk.'),
  score: z.number(),
  vendor: z.string(),
  version: z.string(),
  group: z.string(),
  doc: z.string(),
  title: z.string().describe('Document title.'),
  headings: z.array(z.string()).describe('Heading path above the chunk, outermost first.'),
  page: z.number().int().optional().describe('1-based PDF page the chunk starts on (PDFs only).'),
  page_end: z.number().int().optional().describe('PDF page the chunk ends on, when it spans pages.'),
  source: z.string().describe('Path of the source file in the corpus.'),
  resource_uri: z.string(),
  snippet: z.string().describe('A short quoted passage, inside <source> tags.'),
  also_in: z.array(z.object({ chunk_id: z.string(), version: z.string() })).optional().describe('The same (or nearly the same) text in other versions.'),
  more_in_document: z
    .array(z.object({ chunk_id: z.string(), headings: z.array(z.string()), page: z.number().int().optional(), page_end: z.number().int().optional() }))
    .optional()
    .describe("Other matching chunks of this hit's document, best first; pass a chunk_id to get_chunk to read it."),
});

const searchArgumentsSchema = z.object({
  query: z.string(),
  vendor: z.string().optional(),
  version: z.string().optional(),
  group: z.string().optional(),
  doc: z.string().optional(),
  limit: z.number().int().optional(),
  mode: z.string().optional(),
  interpret: z.boolean().optional(),
  correct: z.boolean().optional(),
});

const cardSchema = z.object({
  chunk_id: z.string(),
  n: z.number().int().describe('0-based ordinal of the chunk in its document.'),
  vendor: z.string(),
  version: z.string(),
  group: z.string(),
  doc: z.string(),
  title: z.string(),
  headings: z.array(z.string()),
  page: z.number().int().optional(),
  page_end: z.number().int().optional(),
  source: z.string(),
  resource_uri: z.string(),
  text: z.string().describe('The chunk text, quoted inside <source> tags.'),
});

const documentSchema = z.object({
  doc_id: z.string(),
  vendor: z.string(),
  version: z.string(),
  group: z.string(),
  doc: z.string(),
  title: z.string(),
  source: z.string(),
  format: z.string(),
  chunks: z.number().int(),
  pages: z.number().int().optional(),
  first_chunk_id: z.string().describe('Pass to get_chunk to start reading the document.'),
  resource_uri: z.string(),
});

/** Registers `search_docs`, `get_chunk`, `list_vendors` and `list_documents` on `server`. */
export function registerTools(server: McpServer, library: Library, onError?: ToolErrorListener): void {
  const vendors = distinct(library.documents.map((d) => d.vendor));
  const versions = distinct(library.documents.map((d) => d.version));
  const groups = distinct(library.documents.map((d) => d.group));
  const modes = availableModes(library);
  const { searchLimit, context, documentsPage } = TOOL_LIMITS;
  const guard: GuardContext = { onError, roots: [library.dir] };

  server.registerTool(
    'search_docs',
    {
      title: 'Search the documentation',
      description:
        'Search vendor documentation (ranked by words and, when the index has vectors, by meaning) and get the best chunks: chunk_id, vendor, version, title, heading path, PDF page, source path, score and a short snippet. ' +
        'Use it first for any question about the indexed products; then call get_chunk on the most promising chunk_ids to read the full text before answering, and cite chunk_id and page. ' +
        'Without a version filter every version is searched and each hit is labelled with its version. ' +
        "Hits are one per document: the document's other matching chunks are listed under the hit (more_in_document), and the same passage in other versions under also_in. " +
        'A vendor or version named in the query ranks that vendor first (interpreted; interpret: false turns it off), and misspelt words are corrected from the index (interpreted.corrected; correct: false searches as typed). ' +
        'When no_strong_match is true the hits are only the closest passages: follow the suggestions (each retry is the arguments to call search_docs with) or say the documentation does not cover it. ' +
        SOURCE_NOTICE,
      inputSchema: z.strictObject({
        query: z
          .string({ error: 'query must be a string' })
          .min(1, `query must be a non-empty string of at most ${SEARCH_LIMITS.maxQueryLength} characters`)
          .max(SEARCH_LIMITS.maxQueryLength, `query must be at most ${SEARCH_LIMITS.maxQueryLength} characters`)
          .describe('What to look for: a question or key words, e.g. "restore an etcd snapshot".'),
        vendor: filterText('vendor').optional().describe(`Only this vendor.${oneOf(vendors, 'list_vendors')}`),
        version: filterText('version').optional().describe(`Only this version (of the vendor).${oneOf(versions, 'list_vendors')}`),
        group: filterText('group').optional().describe(`Only this document group.${oneOf(groups, 'list_documents')}`),
        doc: filterText('doc').optional().describe('Only this document slug (the doc field of list_documents).'),
        limit: z
          .number({ error: `limit must be an integer from 1 to ${searchLimit.max}` })
          .int(`limit must be an integer from 1 to ${searchLimit.max}`)
          .min(1, `limit must be an integer from 1 to ${searchLimit.max}`)
          .max(searchLimit.max, `limit must be an integer from 1 to ${searchLimit.max}`)
          .default(searchLimit.default)
          .describe(`Number of results, 1-${searchLimit.max}. Default ${searchLimit.default}.`),
        mode: z
          .enum(['hybrid', 'lexical', 'semantic'], { error: 'mode must be one of hybrid, lexical, semantic' })
          .optional()
          .describe(`Ranking. Available on this index: ${modes.join(', ')}. Default: ${modes[0]}.`),
        interpret: z
          .boolean({ error: 'interpret must be true or false' })
          .optional()
          .describe('Read vendor and version names in the query ("postgres 17") and rank their chunks first; nothing is filtered out. Default true.'),
        correct: z
          .boolean({ error: 'correct must be true or false' })
          .optional()
          .describe('Replace query words the index does not know by its closest words (reported in interpreted.corrections). Default true; false searches the query as typed.'),
      }),
      outputSchema: z.object({
        query: z.string(),
        mode: z.enum(['hybrid', 'lexical', 'semantic']).describe('The ranking actually used.'),
        notice: z.string().optional().describe('Why the requested mode was not used, or why nothing was found.'),
        embedder: z.string().optional(),
        interpreted: z
          .object({
            vendor: z.string().optional(),
            version: z.string().optional(),
            corrected: z.string().optional().describe('The query as searched, when words were corrected.'),
            corrections: z.array(z.object({ from: z.string(), to: z.string() })).optional(),
          })
          .optional()
          .describe('What the query was read as: the vendor/version it names (ranked first) and spelling corrections.'),
        no_strong_match: z.literal(true).optional().describe('Even the best hits fall below the match floor: they are the closest passages, not answers.'),
        suggestions: z.array(z.object({ message: z.string(), retry: searchArgumentsSchema.optional().describe('Arguments to call search_docs with.') })).optional(),
        guidance: z.string().optional().describe('How the query was read and what to do about a weak match, in words.'),
        results: z.array(hitSchema),
      }),
      annotations: { title: 'Search the documentation', ...READ_ONLY },
    },
    (args) =>
      guarded('search_docs', guard, async () => {
        const filters: SearchFilters = {};
        for (const key of ['vendor', 'version', 'group', 'doc'] as const) if (args[key] !== undefined) filters[key] = args[key];
        const response = await search(library, args.query, {
          limit: args.limit,
          filters,
          ...(args.mode ? { mode: args.mode } : {}),
          ...(args.interpret !== undefined ? { interpret: args.interpret } : {}),
          ...(args.correct !== undefined ? { correct: args.correct } : {}),
        });
        const notice =
          response.notice ?? (response.results.length === 0 ? 'Nothing matched. Try other or fewer words, or drop a filter.' : undefined);
        return ok({
          query: response.query,
          mode: response.mode,
          ...(notice ? { notice } : {}),
          ...(response.embedder ? { embedder: response.embedder } : {}),
          ...searchReading(response, args),
          results: response.results.map(searchHit),
        });
      }),
  );

  server.registerTool(
    'get_chunk',
    {
      title: 'Read a chunk in its document context',
      description:
        'Fetch one chunk by chunk_id (from search_docs or list_documents): its card (page, source, chunk_id, title, heading path) and full text, ' +
        'with up to `context` neighbouring chunks before and after from the same document, like "view in doc context". ' +
        'Read chunks this way before answering; cite chunk_id and page. ' +
        SOURCE_NOTICE,
      inputSchema: z.strictObject({
        chunk_id: z
          .string({ error: 'chunk_id must be a string like vendor::version::group::doc::n' })
          .min(1, 'chunk_id must be a non-empty string like vendor::version::group::doc::n')
          .max(500, 'chunk_id is at most 500 characters')
          .describe('The chunk id, vendor::version::group::doc::n (n is 0-based).'),
        context: z
          .number({ error: `context must be an integer from 0 to ${context.max}` })
          .int(`context must be an integer from 0 to ${context.max}`)
          .min(0, `context must be an integer from 0 to ${context.max}`)
          .max(context.max, `context must be an integer from 0 to ${context.max}`)
          .default(context.default)
          .describe(`Neighbouring chunks to include on each side, 0-${context.max}. Default ${context.default}.`),
      }),
      outputSchema: z.object({
        chunk: cardSchema,
        before: z.array(cardSchema).describe('Chunks just before, in document order.'),
        after: z.array(cardSchema).describe('Chunks just after, in document order.'),
        document: documentSchema,
      }),
      annotations: { title: 'Read a chunk in its document context', ...READ_ONLY },
    },
    (args) =>
      guarded('get_chunk', guard, () => {
        const found = library.getChunkInContext(args.chunk_id.trim(), args.context);
        return ok({
          chunk: chunkCard(found.chunk),
          before: found.before.map(chunkCard),
          after: found.after.map(chunkCard),
          document: documentSummary(found.document),
        });
      }),
  );

  server.registerTool(
    'list_vendors',
    {
      title: 'List vendors and versions',
      description:
        'List every vendor in the library with its versions and the number of documents and chunks in each. Use it to learn valid vendor / version filter values.',
      inputSchema: z.strictObject({}),
      outputSchema: z.object({
        vendors: z.array(
          z.object({
            vendor: z.string(),
            documents: z.number().int(),
            chunks: z.number().int(),
            versions: z.array(z.object({ version: z.string(), documents: z.number().int(), chunks: z.number().int() })),
          }),
        ),
        totals: z.object({ vendors: z.number().int(), versions: z.number().int(), documents: z.number().int(), chunks: z.number().int() }),
      }),
      annotations: { title: 'List vendors and versions', ...READ_ONLY },
    },
    () =>
      guarded('list_vendors', guard, () => {
        const listed = library.listVendors().map(({ vendor, versions: vs }) => ({
          vendor,
          documents: vs.reduce((sum, v) => sum + v.documents, 0),
          chunks: vs.reduce((sum, v) => sum + v.chunks, 0),
          versions: vs,
        }));
        return ok({
          vendors: listed,
          totals: {
            vendors: listed.length,
            versions: listed.reduce((sum, v) => sum + v.versions.length, 0),
            documents: listed.reduce((sum, v) => sum + v.documents, 0),
            chunks: listed.reduce((sum, v) => sum + v.chunks, 0),
          },
        });
      }),
  );

  server.registerTool(
    'list_documents',
    {
      title: 'List documents',
      description:
        'List documents (title, source path, format, chunk and page counts, first_chunk_id), optionally for one vendor / version / group, ' +
        `${documentsPage.default} per page by default. When next_cursor is present, call again with cursor set to it for the next page.`,
      inputSchema: z.strictObject({
        vendor: filterText('vendor').optional().describe(`Only this vendor.${oneOf(vendors, 'list_vendors')}`),
        version: filterText('version').optional().describe('Only this version.'),
        group: filterText('group').optional().describe('Only this document group.'),
        cursor: z.string({ error: 'cursor must be the next_cursor string of a previous call' }).max(1000).optional().describe('next_cursor from the previous page.'),
        limit: z
          .number({ error: `limit must be an integer from 1 to ${documentsPage.max}` })
          .int(`limit must be an integer from 1 to ${documentsPage.max}`)
          .min(1, `limit must be an integer from 1 to ${documentsPage.max}`)
          .max(documentsPage.max, `limit must be an integer from 1 to ${documentsPage.max}`)
          .default(documentsPage.default)
          .describe(`Documents per page, 1-${documentsPage.max}. Default ${documentsPage.default}.`),
      }),
      outputSchema: z.object({
        documents: z.array(documentSchema),
        total: z.number().int().describe('Documents matching the filters, over all pages.'),
        next_cursor: z.string().optional().describe('Pass as cursor to get the next page; absent on the last page.'),
      }),
      annotations: { title: 'List documents', ...READ_ONLY },
    },
    (args) =>
      guarded('list_documents', guard, () => {
        const filters: SearchFilters = {};
        for (const key of ['vendor', 'version', 'group'] as const) if (args[key] !== undefined) filters[key] = args[key];
        const documents = library.listDocuments(filters);
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
      }),
  );
}
