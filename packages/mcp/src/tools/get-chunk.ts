import * as z from 'zod';
import { CHUNK_CARD_TOOL_META } from '../apps/chunk-card-app.js';
import { SOURCE_NOTICE, chunkCard, documentSummary } from '../format.js';
import { ok } from './result.js';
import { boundedInteger, cardSchema, documentSchema } from './schemas.js';
import { TOOL_LIMITS, type McdeweyTool, type ToolLibrary } from './tool.js';

const { context } = TOOL_LIMITS;

const inputSchema = z.strictObject({
  chunk_id: z
    .string({ error: 'chunk_id must be a string like vendor::version::group::doc::n' })
    .min(1, 'chunk_id must be a non-empty string like vendor::version::group::doc::n')
    .max(500, 'chunk_id is at most 500 characters')
    .describe('The chunk id, vendor::version::group::doc::n (n is 0-based).'),
  context: boundedInteger('context', 0, context.max, context.default).describe(`Neighbouring chunks to include on each side, 0-${context.max}. Default ${context.default}.`),
});

const outputSchema = z.object({
  chunk: cardSchema,
  before: z.array(cardSchema).describe('Chunks just before, in document order.'),
  after: z.array(cardSchema).describe('Chunks just after, in document order.'),
  document: documentSchema,
});

/** `get_chunk`: one chunk's card and text with its neighbours, like "view in doc context". */
export function getChunkTool(_facts: ToolLibrary): McdeweyTool<typeof inputSchema> {
  return {
    name: 'get_chunk',
    title: 'Read a chunk in its document context',
    description:
      'Fetch one chunk by chunk_id (from search_docs or list_documents): its card (page, source, chunk_id, title, heading path) and full text, ' +
      'with up to `context` neighbouring chunks before and after from the same document, like "view in doc context". ' +
      'Read chunks this way before answering; cite chunk_id and page. ' +
      SOURCE_NOTICE,
    inputSchema,
    outputSchema,
    _meta: CHUNK_CARD_TOOL_META,
    run(args, library) {
      const found = library.getChunkInContext(args.chunk_id.trim(), args.context);
      return ok({
        chunk: chunkCard(found.chunk),
        before: found.before.map(chunkCard),
        after: found.after.map(chunkCard),
        document: documentSummary(found.document),
      });
    },
  };
}
