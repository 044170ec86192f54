import { availableModes, compareVersions, currentLibrary, type LibrarySource } from '@mcdewey/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { getChunkTool } from './get-chunk.js';
import { listDocumentsTool } from './list-documents.js';
import { listVendorsTool } from './list-vendors.js';
import { readDocumentTool } from './read-document.js';
import type { ToolErrorListener } from './result.js';
import { searchDocsTool } from './search-docs.js';
import { registerTool, type ToolLibrary } from './tool.js';

export { TOOL_LIMITS } from './tool.js';
export type { ToolErrorListener } from './result.js';

const distinct = (values: Iterable<string>): string[] => [...new Set(values)].sort(compareVersions);

/**
 * Registers `search_docs`, `get_chunk`, `read_document`, `list_vendors` and `list_documents` on
 * `server`; their descriptions name the values of the library served now.
 */
export function registerTools(server: McpServer, source: LibrarySource, onError?: ToolErrorListener): void {
  const library = currentLibrary(source);
  const facts: ToolLibrary = {
    vendors: distinct(library.documents.map((d) => d.vendor)),
    versions: distinct(library.documents.map((d) => d.version)),
    groups: distinct(library.documents.map((d) => d.group)),
    modes: availableModes(library),
  };
  const guard = { onError, roots: [library.dir] };
  registerTool(server, searchDocsTool(facts), guard, source);
  registerTool(server, getChunkTool(facts), guard, source);
  registerTool(server, readDocumentTool(facts), guard, source);
  registerTool(server, listVendorsTool(facts), guard, source);
  registerTool(server, listDocumentsTool(facts), guard, source);
}
