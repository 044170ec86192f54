import { TOOL_VERSION, currentLibrary, type Library, type LibrarySource } from '@mcdewey/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { checkPublicUrl, registerChunkCardApp } from './apps/chunk-card-app.js';
import { buildInstructions } from './instructions.js';
import { registerPrompts } from './prompts.js';
import { clientMessage } from './redact.js';
import { registerResources } from './resources.js';
import { registerTools } from './tools/index.js';

/** Options of `createMcpServer`. Every field is optional. */
export interface McpServerOptions {
  /** Server name reported to clients in `initialize`. Default `'mcdewey'`. */
  name?: string;
  /** Resources per page of `resources/list`, 1..1000. Default 100. */
  resourcePageSize?: number;
  /**
   * Called with an unexpected (non-McDewey) error thrown inside a tool, after which the agent gets
   * an `isError` result and the server keeps serving. Default: the error is also sent to the client
   * as an MCP `error` log message, and nothing else.
   */
  onError?: (error: unknown, tool: string) => void;
  /**
   * The web app's public base URL (where `mcdewey serve` or the Express router is reachable, with
   * its mount path, e.g. `https://docs.example.com/docs`). The chunk card MCP App then links each
   * chunk to its document view there ("View in doc context"). Default: none, and the card has no link.
   */
  publicUrl?: string;
}

const instructionsCache = new WeakMap<Library, string>();

/**
 * Creates an MCP server over an open McDewey index, ready to `connect` to any transport:
 * tools `search_docs`, `get_chunk`, `list_vendors`, `list_documents`; documents and chunks as
 * resources (`mcdewey://doc/{vendor}/{version}/{group}/{doc}`, `mcdewey://chunk/{chunk_id}`) with
 * completion and a paginated listing; the prompt `answer_from_docs`; logging; and `instructions`
 * that say what the index holds and how to cite it.
 *
 * One server serves one connection; create one per session (the HTTP handler does). Given a
 * `LiveLibrary`, every call is answered from the generation served at the time (the instructions
 * and the filter values in tool descriptions are those of the generation served at creation).
 */
export function createMcpServer(source: LibrarySource, options: McpServerOptions = {}): McpServer {
  const library = currentLibrary(source);
  const pageSize = options.resourcePageSize ?? 100;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new RangeError(`resourcePageSize must be an integer from 1 to 1000, got ${pageSize}`);
  }
  const publicUrl = checkPublicUrl(options.publicUrl);
  let instructions = instructionsCache.get(library);
  if (instructions === undefined) {
    instructions = buildInstructions(library);
    instructionsCache.set(library, instructions);
  }
  const server = new McpServer(
    { name: options.name ?? 'mcdewey', title: 'McDewey documentation library', version: TOOL_VERSION },
    { capabilities: { logging: {}, tools: {}, resources: {}, prompts: {}, completions: {} }, instructions },
  );
  const onError = (error: unknown, tool: string) => {
    options.onError?.(error, tool);
    if (server.isConnected()) {
      const data = { tool, error: clientMessage(error, [currentLibrary(source).dir]) };
      server.sendLoggingMessage({ level: 'error', logger: 'mcdewey', data }).catch(() => {});
    }
  };
  registerTools(server, source, onError);
  registerResources(server, source, pageSize);
  registerChunkCardApp(server, { publicUrl });
  registerPrompts(server, source);
  return server;
}
