import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { chunkUri, documentLine, documentUri, pageLabel } from './format.js';

const MIME = 'text/markdown';

/** What a chunk link needs: the chunk's id, document, heading path and pages. */
export interface LinkedChunk {
  chunk_id: string;
  title: string;
  headings: readonly string[];
  page?: number;
  page_end?: number;
  source: string;
}

/** A `resource_link` content item to a chunk (`mcdewey://chunk/{chunk_id}`), for clients that fetch or show resources. */
export function chunkLink(chunk: LinkedChunk): ResourceLink {
  const page = pageLabel(chunk.page, chunk.page_end);
  return {
    type: 'resource_link',
    uri: chunkUri(chunk.chunk_id),
    name: chunk.chunk_id,
    title: [chunk.title, ...chunk.headings].map(documentLine).join(' > '),
    description: `${chunk.source}${page ? `, page ${page}` : ''}`,
    mimeType: MIME,
  };
}

/** A `resource_link` content item to a whole document (`mcdewey://doc/...`). */
export function documentLink(document: { vendor: string; version: string; group: string; doc: string; title: string; source: string }): ResourceLink {
  return {
    type: 'resource_link',
    uri: documentUri(document),
    name: [document.vendor, document.version, document.group, document.doc].join('::'),
    title: documentLine(document.title),
    description: document.source,
    mimeType: MIME,
  };
}

/** Links to every chunk given, each followed by its document's link the first time that document appears. */
export function chunkAndDocumentLinks(chunks: readonly (LinkedChunk & { vendor: string; version: string; group: string; doc: string })[]): ResourceLink[] {
  const links: ResourceLink[] = [];
  const documents = new Set<string>();
  for (const chunk of chunks) {
    links.push(chunkLink(chunk));
    const document = documentLink(chunk);
    if (!documents.has(document.uri)) {
      documents.add(document.uri);
      links.push(document);
    }
  }
  return links;
}
