import { McdeweyError } from '@mcdewey/core';
import { RESOURCE_MIME_TYPE, RESOURCE_URI_META_KEY, registerAppResource } from '@modelcontextprotocol/ext-apps/server';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { normalizePublicUrl } from '../public-url.js';
import { chunkCardHtml } from './chunk-card-html.js';

/** The URI of the chunk card MCP App (the `io.modelcontextprotocol/ui` extension). */
export const CHUNK_CARD_URI = 'ui://mcdewey/chunk-card.html';

/**
 * The `_meta` a tool declares to have its result shown as the chunk card: `ui.resourceUri`, and the
 * older flat `ui/resourceUri` key for hosts that read only that (as ext-apps' `registerAppTool` does).
 * Clients without MCP Apps ignore it; the text and structured content are unchanged.
 */
export const CHUNK_CARD_TOOL_META = { ui: { resourceUri: CHUNK_CARD_URI }, [RESOURCE_URI_META_KEY]: CHUNK_CARD_URI } as const;

/**
 * Checks the web app's public base URL (`publicUrl` option): an absolute http(s) URL without query
 * or fragment. Returns it without a trailing slash, or undefined when not given.
 */
export function checkPublicUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return normalizePublicUrl(value);
  } catch (error) {
    throw new McdeweyError('INVALID_ARGUMENT', `publicUrl ${(error as Error).message}`);
  }
}

/**
 * Registers the chunk card as a `ui://` resource (`text/html;profile=mcp-app`): one self-contained
 * HTML page that renders the result of `get_chunk` or `search_docs` (its top hit) like the web
 * app's card, with "View in doc context" linking to `publicUrl` when given. The page is built on
 * the first read.
 */
export function registerChunkCardApp(server: McpServer, options: { publicUrl?: string | undefined }): void {
  registerAppResource(
    server,
    'chunk_card',
    CHUNK_CARD_URI,
    {
      title: 'Chunk card',
      description: 'The chunk card (page, source, chunk_id, title, section, text, "View in doc context") shown next to get_chunk and search_docs results by clients that support MCP Apps.',
      mimeType: RESOURCE_MIME_TYPE,
      _meta: { ui: { prefersBorder: true } },
    },
    async (uri) => ({
      contents: [{ uri: uri.href, mimeType: RESOURCE_MIME_TYPE, text: await chunkCardHtml(options), _meta: { ui: { prefersBorder: true } } }],
    }),
  );
}
