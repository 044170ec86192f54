import { SEARCH_LIMITS, search, type SearchFilters } from '@mcdewey/core';
import * as z from 'zod';
import { CHUNK_CARD_TOOL_META } from '../apps/chunk-card-app.js';
import { SOURCE_NOTICE, searchReading } from '../format.js';
import { searchAnswer } from '../search-budget.js';
import { ok } from './result.js';
import { boundedInteger, filterText, oneOf } from './schemas.js';
import { TOOL_LIMITS, type McdeweyTool, type ToolLibrary } from './tool.js';

const MODES = ['hybrid', 'lexical', 'semantic'] as const;

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
  page_label: z.string().optional().describe('The printed page ("23", "23–24") where the PDF numbers its pages unlike the physical page; cite it as "p. 23 (PDF page 29)".'),
  source: z.string().describe('Path of the source file in the corpus.'),
  source_url: z.string().optional().describe("View on vendor site: the URL of the chunk's section on the site the document was fetched from (fetched documents only)."),
  resource_uri: z.string(),
  snippet: z.string().describe('A short quoted passage, inside <source> tags.'),
  also_in: z
    .array(z.object({ chunk_id: z.string(), version: z.string() }))
    .optional()
    .describe('The same (or nearly the same) text in other versions.'),
  more_in_document: z
    .array(z.object({ chunk_id: z.string(), headings: z.array(z.string()), page: z.number().int().optional(), page_end: z.number().int().optional() }))
    .optional()
    .describe("Other matching chunks of this hit's document, best first; pass a chunk_id to get_chunk to read it."),
});

/** The arguments of a suggested retry: the input schema's fields, unchecked. */
const searchArgumentsSchema = z.object({
  query: z.string(),
  vendor: z.string().optional(),
  version: z.string().optional(),
  group: z.string().optional(),
  doc: z.string().optional(),
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
  mode: z.string().optional(),
  interpret: z.boolean().optional(),
  correct: z.boolean().optional(),
  max_tokens: z.number().int().optional(),
});

const DESCRIPTION =
  'Search vendor documentation (ranked by words and, when the index has vectors, by meaning) and get the best chunks: chunk_id, vendor, version, title, heading path, PDF page, source path, score and a short snippet. ' +
  'Use it first for any question about the indexed products; then call get_chunk on the most promising chunk_ids to read the full text (or read_document for a whole section or page range) before answering, and cite chunk_id and page. ' +
  'max_tokens caps the size of the answer (trimmed says what was left out). ' +
  'Without a version filter every version is searched and each hit is labelled with its version. ' +
  'total says how many results the query has; next_offset (when present) is the offset of the next page. ' +
  "Hits are one per document: the document's other matching chunks are listed under the hit (more_in_document), and the same passage in other versions under also_in. " +
  'A vendor or version named in the query ranks that vendor first (interpreted; interpret: false turns it off), and misspelt words are corrected from the index (interpreted.corrected; correct: false searches as typed). ' +
  'When no_strong_match is true the hits are only the closest passages: follow the suggestions (each retry is the arguments to call search_docs with) or say the documentation does not cover it. ' +
  SOURCE_NOTICE;

/** The arguments of `search_docs`; the filter descriptions list this library's values. */
function inputSchema({ vendors, versions, groups, modes }: ToolLibrary) {
  const { searchLimit, searchTokens } = TOOL_LIMITS;
  const { maxQueryLength } = SEARCH_LIMITS;
  return z.strictObject({
    query: z
      .string({ error: 'query must be a string' })
      .min(1, `query must be a non-empty string of at most ${maxQueryLength} characters`)
      .max(maxQueryLength, `query must be at most ${maxQueryLength} characters`)
      .describe('What to look for: a question or key words, e.g. "restore an etcd snapshot".'),
    vendor: filterText('vendor')
      .optional()
      .describe(`Only this vendor.${oneOf(vendors, 'list_vendors')}`),
    version: filterText('version')
      .optional()
      .describe(`Only this version (of the vendor).${oneOf(versions, 'list_vendors')}`),
    group: filterText('group')
      .optional()
      .describe(`Only this document group.${oneOf(groups, 'list_documents')}`),
    doc: filterText('doc').optional().describe('Only this document slug (the doc field of list_documents).'),
    limit: boundedInteger('limit', 1, searchLimit.max, searchLimit.default).describe(`Number of results, 1-${searchLimit.max}. Default ${searchLimit.default}.`),
    offset: boundedInteger('offset', 0, SEARCH_LIMITS.maxOffset, 0).describe(
      'Results to skip: pass the next_offset of an answer (with the same query, filters and limit) for the next page. Default 0.',
    ),
    mode: z
      .enum(MODES, { error: 'mode must be one of hybrid, lexical, semantic' })
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
    max_tokens: z
      .number({ error: `max_tokens must be an integer from ${searchTokens.min} to ${searchTokens.max}` })
      .int(`max_tokens must be an integer from ${searchTokens.min} to ${searchTokens.max}`)
      .min(searchTokens.min, `max_tokens must be an integer from ${searchTokens.min} to ${searchTokens.max}`)
      .max(searchTokens.max, `max_tokens must be an integer from ${searchTokens.min} to ${searchTokens.max}`)
      .optional()
      .describe(
        'Budget for the whole answer in tokens (estimated). Over it, snippets are shortened, then the per-hit lists and then the last results left out, as `trimmed` says. Default: no budget.',
      ),
  });
}

const outputSchema = z.object({
  query: z.string(),
  mode: z.enum(MODES).describe('The ranking actually used.'),
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
  total: z.number().int().describe('How many results the query has on all pages (one per document or PDF place); an estimate when total_exact is false.'),
  total_exact: z.boolean().describe('False when total is an estimate (near-identical passages of other versions may fold into fewer results).'),
  offset: z.number().int().describe('Results skipped before these.'),
  next_offset: z.number().int().optional().describe('Call search_docs again with offset: next_offset (same query, filters and limit) for the next results; absent on the last page.'),
  results: z.array(hitSchema),
  trimmed: z
    .object({
      max_tokens: z.number().int(),
      estimated_tokens: z.number().int(),
      results_left_out: z.number().int(),
      snippets_shortened: z.boolean(),
      lists_left_out: z.boolean(),
      message: z.string(),
    })
    .optional()
    .describe('Present when the answer was trimmed to fit max_tokens: what was left out.'),
});

/** `search_docs`: ranked chunks for a query, one hit per document, with how the query was read. */
export function searchDocsTool(facts: ToolLibrary): McdeweyTool<ReturnType<typeof inputSchema>> {
  return {
    name: 'search_docs',
    title: 'Search the documentation',
    description: DESCRIPTION,
    inputSchema: inputSchema(facts),
    outputSchema,
    _meta: CHUNK_CARD_TOOL_META,
    async run(args, library) {
      const filters: SearchFilters = {};
      for (const key of ['vendor', 'version', 'group', 'doc'] as const) if (args[key] !== undefined) filters[key] = args[key];
      const response = await search(library, args.query, {
        limit: args.limit,
        offset: args.offset,
        filters,
        ...(args.mode ? { mode: args.mode } : {}),
        ...(args.interpret !== undefined ? { interpret: args.interpret } : {}),
        ...(args.correct !== undefined ? { correct: args.correct } : {}),
      });
      const notice = response.notice ?? (response.results.length === 0 ? 'Nothing matched. Try other or fewer words, or drop a filter.' : undefined);
      const head = {
        query: response.query,
        mode: response.mode,
        ...(notice ? { notice } : {}),
        ...(response.embedder ? { embedder: response.embedder } : {}),
        ...searchReading(response, args),
        total: response.total,
        total_exact: response.totalExact,
        offset: response.offset,
        ...(response.next !== undefined ? { next_offset: response.next } : {}),
      };
      const { structured, links } = searchAnswer(head, response.results, args.max_tokens);
      // Results trimmed to fit max_tokens come on the next page rather than never.
      const left = (structured.trimmed as { results_left_out?: number } | undefined)?.results_left_out ?? 0;
      if (left > 0) structured.next_offset = response.offset + response.results.length - left;
      return ok(structured, links);
    },
  };
}
