import { availableModes, plural, type Library } from '@mcdewey/core';
import { SOURCE_NOTICE, pageLabel } from './format.js';
import { TOOL_LIMITS } from './tools/tool.js';

const MAX_VENDORS_SHOWN = 40;
const MAX_VERSIONS_SHOWN = 12;

/** An example chunk id to cite: a paged chunk when the index has one, so the example shows a page. */
function exampleCitation(library: Library): string {
  // The first chunk of a PDF document: its rows are read, not the whole index's.
  const pdf = library.documents.find((document) => document.pageCount !== undefined && document.chunkCount > 0);
  const candidates = pdf ? library.getDocument(pdf.id).chunks : library.chunkCount > 0 ? [library.chunkAt(0)] : [];
  const chunk = candidates.find((candidate) => candidate.page !== undefined && (candidate.pageEnd ?? candidate.page) === candidate.page) ?? candidates[0];
  if (!chunk) return '"vendor::version::group::doc::n"';
  const page = pageLabel(chunk.page, chunk.pageEnd);
  return `"${chunk.id}"${page ? ` (${chunk.source}, p. ${page})` : ` (${chunk.source})`}`;
}

/**
 * The server `instructions`: what this index holds (vendors, versions, counts), how to search,
 * fetch and cite. Built from the index at start-up, so an agent knows what it may ask for.
 */
export function buildInstructions(library: Library): string {
  const vendors = library.listVendors();
  const { counts } = library.manifest;
  const modes = availableModes(library);
  const lines: string[] = [
    `McDewey is a documentation library of vendor manuals cut into citable chunks. This index holds ${plural(counts.documents, 'document')} (${plural(counts.chunks, 'chunk')}${counts.pages ? `, ${plural(counts.pages, 'PDF page')}` : ''}) from ${plural(vendors.length, 'vendor')}.`,
    '',
    'Vendors and versions (documents per version):',
  ];
  for (const { vendor, versions } of vendors.slice(0, MAX_VENDORS_SHOWN)) {
    const shown = versions.slice(-MAX_VERSIONS_SHOWN).map((entry) => `${entry.version} (${entry.documents})`);
    const hidden = versions.length - shown.length;
    lines.push(`- ${vendor}: ${hidden > 0 ? `… ${hidden} older, ` : ''}${shown.join(', ')}`);
  }
  if (vendors.length > MAX_VENDORS_SHOWN) lines.push(`- … and ${vendors.length - MAX_VENDORS_SHOWN} more vendors (call list_vendors)`);
  lines.push(
    '',
    `Search modes available: ${modes.join(', ')}${modes.length > 1 ? ' (default hybrid: words and meaning)' : library.pendingEmbeddingNotice ? " (search is by words until the index's vectors are computed)" : ' (the index has no usable embedding model, so search is by words)'}.`,
    '',
    'How to work:',
    '1. search_docs with a question or key words; filter with vendor / version / group / doc when the user names them. Without a version filter every version is searched and each hit says its version.',
    '2. get_chunk with a chunk_id from the results to read the full text, with context > 0 for the neighbouring chunks. Snippets are too short to answer from.',
    '3. read_document for more than a chunk: a whole document, a chunk range, a section by heading ("Backups > Restore") or a PDF page range, one part per chunk with its chunk_id and page; next_cursor fetches the rest.',
    `4. Budgets: search_docs max_tokens caps its answer (snippets, then hits are trimmed; trimmed says what was left out); read_document answers stay within max_tokens (default ${TOOL_LIMITS.readTokens.default}). Sizes are estimated tokens.`,
    '5. list_vendors and list_documents (paginated with cursor) to browse what exists; documents and chunks are also resources (mcdewey://doc/{vendor}/{version}/{group}/{doc}, mcdewey://chunk/{chunk_id}), linked from results as resource_link items.',
    '',
    `How to cite: name the chunk_id of every chunk an answer relies on, with its page for PDFs and the source path, e.g. ${exampleCitation(library)}. Chunk ids are stable; say which version an answer applies to.`,
    '',
    SOURCE_NOTICE,
  );
  return lines.join('\n');
}
