import { compareVersions, currentLibrary, isMcdeweyError, leaseLibrary, plural, type Library, type LibrarySource } from '@mcdewey/core';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, ListResourcesRequestSchema, McpError, type Resource } from '@modelcontextprotocol/sdk/types.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { clientMessage } from './redact.js';
import { chunkCardText, chunkUri, documentLine, documentText, documentUri, pageLabel } from './format.js';

/** JSON-RPC error code the MCP specification gives to an unknown resource. */
export const RESOURCE_NOT_FOUND = -32002;

const MIME = 'text/markdown';
const RESOURCE_LIST_SCOPE = 'resources';

type Key = 'vendor' | 'version' | 'group' | 'doc';
const KEYS: readonly Key[] = ['vendor', 'version', 'group', 'doc'];

/** Completion of vendor / version / group / doc, narrowed by the values already chosen. */
export function completeKey(library: Library, key: Key, value: string, chosen: Record<string, string> = {}): string[] {
  const prefix = value.toLowerCase();
  const matches = new Set<string>();
  for (const document of library.documents) {
    if (!KEYS.every((other) => other === key || !chosen[other] || document[other] === chosen[other])) continue;
    if (document[key].startsWith(prefix)) matches.add(document[key]);
  }
  return [...matches].sort(compareVersions);
}

/**
 * Completion of a chunk id one `::` segment at a time: "" gives vendors ("acme::"), "acme::" gives
 * its versions, and so on down to whole chunk ids once the document is chosen.
 */
export function completeChunkId(library: Library, value: string): string[] {
  const parts = value.split('::');
  const partial = parts.pop() ?? '';
  const chosen = parts;
  if (chosen.length > 4) return [];
  const prefix = chosen.length ? `${chosen.join('::')}::` : '';
  if (chosen.length === 4) {
    const id = chosen.join('::');
    const document = library.documents.find((candidate) => candidate.id === id);
    if (!document) return [];
    const ids: string[] = [];
    for (let n = 0; n < document.chunkCount && ids.length < 100; n++) if (String(n).startsWith(partial)) ids.push(`${prefix}${n}`);
    return ids;
  }
  const key = KEYS[chosen.length]!;
  const narrowed = Object.fromEntries(chosen.map((part, index) => [KEYS[index]!, part]));
  return completeKey(library, key, partial, narrowed).map((next) => `${prefix}${next}::`);
}

/**
 * One page of the index's resources, documents first, then chunks in row order. Only the page's
 * chunks are read, so listing stays cheap however many chunks the index holds.
 */
function resourcePage(library: Library, offset: number, size: number): { items: Resource[]; nextCursor?: string } {
  const documents = library.documents.length;
  const total = documents + library.chunkCount;
  const end = Math.min(total, offset + size);
  const items: Resource[] = library.documents.slice(Math.min(offset, documents), Math.min(end, documents)).map((document) => ({
    uri: documentUri(document),
    name: document.id,
    title: documentLine(document.title),
    description: `${document.vendor} ${document.version} · ${document.group} · ${document.format}, ${plural(document.chunkCount, 'chunk')}${document.pageCount !== undefined ? `, ${plural(document.pageCount, 'page')}` : ''}`,
    mimeType: MIME,
  }));
  for (const chunk of library.chunkRecords(Math.max(0, offset - documents), Math.max(0, end - documents))) {
    const where = pageLabel(chunk.page, chunk.pageEnd);
    items.push({
      uri: chunkUri(chunk.id),
      name: chunk.id,
      title: [chunk.title, ...chunk.headings].map(documentLine).join(' > '),
      description: `${chunk.source}${where ? `, page ${where}` : ''}`,
      mimeType: MIME,
    });
  }
  return { items, ...(end < total ? { nextCursor: encodeCursor(RESOURCE_LIST_SCOPE, end) } : {}) };
}

function notFound(message: string): McpError {
  return new McpError(RESOURCE_NOT_FOUND, message);
}

/** An unexpected error as the client sees it: the SDK would send its message as it is, paths included. */
function internal(error: unknown, library: Library): McpError {
  return error instanceof McpError ? error : new McpError(ErrorCode.InternalError, `Internal error: ${clientMessage(error, [library.dir])}`);
}

/** One variable of a matched URI template (the SDK gives arrays for exploded variables). */
function variable(variables: Record<string, string | string[]>, name: string): string {
  const value = variables[name];
  return decodeURIComponent(Array.isArray(value) ? value.join(',') : (value ?? ''));
}

/** Runs `read` on the library `source` serves now, leased until it returns. */
function withLibrary<T>(source: LibrarySource, read: (library: Library) => T): T {
  const lease = leaseLibrary(source);
  try {
    return read(lease.library);
  } finally {
    lease.release();
  }
}

/**
 * Registers documents and chunks as resource templates (with completion) and replaces the SDK's
 * `resources/list` with a cursor-paginated listing of both, each answered from the library
 * `source` serves at the time.
 */
export function registerResources(server: McpServer, source: LibrarySource, pageSize: number): void {
  const library = () => currentLibrary(source);
  server.registerResource(
    'document',
    new ResourceTemplate('mcdewey://doc/{vendor}/{version}/{group}/{doc}', {
      list: undefined,
      complete: {
        vendor: (value, context) => completeKey(library(), 'vendor', value, context?.arguments),
        version: (value, context) => completeKey(library(), 'version', value, context?.arguments),
        group: (value, context) => completeKey(library(), 'group', value, context?.arguments),
        doc: (value, context) => completeKey(library(), 'doc', value, context?.arguments),
      },
    }),
    {
      title: 'Document',
      description: 'A whole document: its title, source, format and page count, then every chunk quoted in <source chunk_id=... page=...> tags.',
      mimeType: MIME,
    },
    (uri, variables) =>
      withLibrary(source, (library) => {
        const id = KEYS.map((key) => variable(variables, key)).join('::');
        let found;
        try {
          found = library.getDocument(id);
        } catch (error) {
          if (isMcdeweyError(error)) throw notFound(`Resource not found: ${uri.href} (no document ${id}); list documents with resources/list or the list_documents tool`);
          throw internal(error, library);
        }
        return { contents: [{ uri: uri.href, mimeType: MIME, text: documentText(found.document, found.chunks) }] };
      }),
  );

  server.registerResource(
    'chunk',
    new ResourceTemplate('mcdewey://chunk/{chunk_id}', {
      list: undefined,
      complete: { chunk_id: (value) => completeChunkId(library(), value) },
    }),
    {
      title: 'Chunk',
      description: 'One citable chunk: page, source, chunk_id, title and heading path, then its text quoted in <source> tags.',
      mimeType: MIME,
    },
    (uri, variables) =>
      withLibrary(source, (library) => {
        const id = variable(variables, 'chunk_id');
        try {
          return { contents: [{ uri: uri.href, mimeType: MIME, text: chunkCardText(library.getChunk(id)) }] };
        } catch (error) {
          if (isMcdeweyError(error, 'INVALID_CHUNK_ID')) throw new McpError(ErrorCode.InvalidParams, clientMessage(error, [library.dir]));
          if (isMcdeweyError(error, 'CHUNK_NOT_FOUND')) throw notFound(`Resource not found: ${uri.href}. ${clientMessage(error, [library.dir])}`);
          throw internal(error, library);
        }
      }),
  );

  // The SDK's listing calls every template's list callback and returns everything at once; an index
  // can hold a million chunks, so the listing is paginated here instead.
  server.server.setRequestHandler(ListResourcesRequestSchema, (request) => {
    const cursor = request.params?.cursor;
    let offset = 0;
    if (cursor !== undefined) {
      const decoded = decodeCursor(cursor, RESOURCE_LIST_SCOPE);
      if (decoded === undefined) throw new McpError(ErrorCode.InvalidParams, 'Invalid cursor: use the nextCursor of a previous resources/list result, or none for the first page');
      offset = decoded;
    }
    const { items, nextCursor } = withLibrary(source, (library) => resourcePage(library, offset, pageSize));
    return { resources: items, ...(nextCursor ? { nextCursor } : {}) };
  });
}
