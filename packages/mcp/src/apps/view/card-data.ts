/**
 * What the chunk card shows, read from a `get_chunk` or `search_docs` tool result. Runs in the
 * browser (inside the MCP App's iframe) and in Node tests; no DOM here.
 */

/** The fields of one chunk the card shows. */
export interface CardData {
  chunkId: string;
  /** `vendor::version::group::doc`, for the "View in doc context" link. */
  documentId: string;
  /** The chunk's ordinal in its document. */
  n: number;
  vendor: string;
  version: string;
  title: string;
  headings: string[];
  page?: number;
  pageEnd?: number;
  /** The printed page label (e.g. "xiv"), when the server sends one. */
  pageLabel?: string;
  source: string;
  /** The chunk's section on the vendor's site, for "View on vendor site" (fetched documents; http(s) only). */
  sourceUrl?: string;
  /** The chunk's text as written in the document (the `<source>` quote taken off). */
  text: string;
  /** True when `text` is only a search snippet, not the whole chunk. */
  snippet: boolean;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const int = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : undefined);

/**
 * The card of a tool result: `structuredContent.chunk` of `get_chunk`, or the first of
 * `structuredContent.results` of `search_docs` (its snippet as the text). Undefined when the result
 * is an error or holds no chunk.
 */
export function cardFromToolResult(result: unknown): CardData | undefined {
  if (!isObject(result) || result.isError === true) return undefined;
  const content = result.structuredContent;
  if (!isObject(content)) return undefined;
  if (isObject(content.chunk)) return cardFromChunk(content.chunk, str(content.chunk.text), false);
  if (Array.isArray(content.results) && isObject(content.results[0])) return cardFromChunk(content.results[0], str(content.results[0].snippet), true);
  return undefined;
}

function cardFromChunk(chunk: Fields, quoted: string | undefined, snippet: boolean): CardData | undefined {
  const chunkId = str(chunk.chunk_id);
  const source = str(chunk.source);
  if (chunkId === undefined || source === undefined || quoted === undefined) return undefined;
  const parts = chunkId.split('::');
  const n = int(chunk.n) ?? Number(parts.at(-1));
  const page = int(chunk.page);
  const pageEnd = int(chunk.page_end);
  const pageLabel = str(chunk.page_label);
  const sourceUrl = str(chunk.source_url);
  return {
    chunkId,
    documentId: parts.slice(0, -1).join('::'),
    n: Number.isInteger(n) ? n : 0,
    vendor: str(chunk.vendor) ?? parts[0] ?? '',
    version: str(chunk.version) ?? parts[1] ?? '',
    title: str(chunk.title) ?? '',
    headings: Array.isArray(chunk.headings) ? chunk.headings.filter((h): h is string => typeof h === 'string') : [],
    ...(page !== undefined ? { page } : {}),
    ...(pageEnd !== undefined && pageEnd !== page ? { pageEnd } : {}),
    ...(pageLabel ? { pageLabel } : {}),
    source,
    ...(sourceUrl !== undefined && /^https?:\/\//i.test(sourceUrl) ? { sourceUrl } : {}),
    text: unfence(unquoteSource(quoted)),
    snippet,
  };
}

/**
 * The text inside the server's `<source chunk_id="..." page="...">…</source>` quote, with the
 * quote's escaping of `<source` / `</source` look-alikes undone: the card shows the document's words.
 */
export function unquoteSource(quoted: string): string {
  const match = /^<source\b[^>]*>\n?([\s\S]*?)\n?<\/source>\s*$/.exec(quoted);
  const inner = match ? match[1]! : quoted;
  return inner.replace(/&lt;(\/?source)/gi, '<$1');
}

/**
 * The text with the Markdown fences the server sets around code (core's `fencedText`) taken off:
 * the card shows code in its own block already, as the document has it. A fence is a line of
 * three or more backticks closed by the same line.
 */
export function unfence(text: string): string {
  return text.replace(/(^|\n)(`{3,})\n([\s\S]*?)\n\2(?=\n|$)/g, '$1$3');
}

/** "27", "27–28" (en dash, as everywhere in McDewey), or "" for non-paged formats. */
export function pageRangeText(card: Pick<CardData, 'page' | 'pageEnd'>): string {
  if (card.page === undefined) return '';
  return card.pageEnd !== undefined && card.pageEnd !== card.page ? `${card.page}–${card.pageEnd}` : String(card.page);
}

/**
 * The page as the card's "page" row shows it, as core's `pageCitation` writes it on every other
 * surface: "p. 23 (PDF page 29)" when the printed label is known, else "p. 29" / "pp. 29–30".
 */
export function pageText(card: Pick<CardData, 'page' | 'pageEnd' | 'pageLabel'>): string {
  const range = pageRangeText(card);
  if (range === '') return '';
  const spread = range.includes('–');
  if (card.pageLabel === undefined || card.pageLabel === range) return `${spread ? 'pp.' : 'p.'} ${range}`;
  return `${card.pageLabel.includes('–') ? 'pp.' : 'p.'} ${card.pageLabel} (PDF ${spread ? 'pages' : 'page'} ${range})`;
}

/**
 * The web app's document view scrolled to the chunk (as `express/src/urls.ts` writes it):
 * `{base}/doc/{vendor::version::group::doc}?chunk=n#chunk-n`. Undefined without a base URL.
 */
export function contextUrl(publicUrl: string | undefined, card: Pick<CardData, 'documentId' | 'n'>): string | undefined {
  if (!publicUrl) return undefined;
  const base = publicUrl.replace(/\/+$/, '');
  const id = encodeURIComponent(card.documentId).replace(/%3A/gi, ':');
  return `${base}/doc/${id}?chunk=${card.n}#chunk-${card.n}`;
}
