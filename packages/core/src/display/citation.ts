import { pageCitation, type PageSpan } from './page-range.js';

/** The fields of a chunk a citation names. */
export interface CitableChunk extends PageSpan {
  id: string;
  vendor: string;
  version: string;
  title: string;
  headings: readonly string[];
  source: string;
}

/**
 * A chunk's citation as one line, the same on every surface (the "Copy citation" button of the web
 * app and static site, `mcdewey show --citation`, MCP `get_chunk`): vendor and version, document
 * title, section, printed and physical page, chunk id, and the chunk's URL when there is one (else
 * the source file in the corpus). Parts are separated by " · ":
 * `acme v2 · Widget Guide · Install › Linux · p. 23 (PDF page 29) · acme::v2::guides::guide::7 · https://…`.
 */
export function citationLine(chunk: CitableChunk, url?: string): string {
  const section = chunk.headings.filter((heading) => heading !== chunk.title).join(' › ');
  return [`${chunk.vendor} ${chunk.version}`, chunk.title, section, pageCitation(chunk), chunk.id, url ?? chunk.source]
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter((part) => part !== '')
    .join(' · ');
}
