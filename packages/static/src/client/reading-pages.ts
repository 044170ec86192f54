/** The chunk card and the document view: copy buttons, the toolbar and the query's words marked. */
import { chunkCard, chunkPageTitle, documentSpan, documentToolbar, documentWindow, errorNotice, queryHighlighter, type ChunkRange, type Highlighter, type ViewChunk } from '@mcdewey/pages';
import { copyButtons, documentParts } from '@mcdewey/pages/client';
import { ORIGINALS_NOT_EXPORTED, originalFilePath } from '../format.js';
import { documentKeyOf, el, library, links, put } from './site.js';

export async function initChunk(): Promise<void> {
  const view = document.querySelector<HTMLElement>('#chunk-view')!;
  const params = new URLSearchParams(location.search);
  const id = params.get('id') ?? '';
  const query = params.get('q') ?? undefined;
  const siteName = document.title.split(' · ').pop() ?? '';
  try {
    const lib = await library();
    const row = lib.rowOf(id);
    const chunk = await lib.chunkAt(row);
    const docEntry = lib.documentOfRow(row);
    const [, , , , , , , hasOriginal] = lib.table.documents[docEntry.index]!;
    const pdf = hasOriginal && /\.pdf$/i.test(chunk.source);
    document.title = `${chunkPageTitle(chunk)} · ${siteName}`;
    put(
      view,
      chunkCard(links, {
        chunk,
        chunkCount: docEntry.chunkCount,
        previousId: chunk.n > 0 ? `${docEntry.id}::${chunk.n - 1}` : undefined,
        nextId: chunk.n + 1 < docEntry.chunkCount ? `${docEntry.id}::${chunk.n + 1}` : undefined,
        originalAt: pdf ? (page) => `${links.root}${originalFilePath(chunk.source)}#page=${page}` : undefined,
        originalUnavailable: /\.pdf$/i.test(chunk.source) && !hasOriginal ? ORIGINALS_NOT_EXPORTED : undefined,
        citationUrl: new URL(links.chunk(chunk.id), location.href).href,
        query,
        highlighter: queryHighlighter(query, lib.normalize),
      }),
    );
    copyButtons(view);
  } catch (error) {
    document.title = `Not found · ${siteName}`;
    put(view, errorNotice(links, 'Chunk not found', error instanceof Error ? error.message : String(error)));
  }
}

// ---------------------------------------------------------------------------------------------
// Document view

export function initDocument(): void {
  const toolbar = document.querySelector<HTMLElement>('#doc-toolbar');
  const article = document.querySelector<HTMLElement>('article.document');
  if (!toolbar || !article) return;
  const total = Number(toolbar.dataset['chunks'] ?? 0);
  const pdf = toolbar.dataset['pdf'];
  const query = new URLSearchParams(location.search).get('q') ?? undefined;
  if (query) void markDocument(query);
  const original = toolbar.innerHTML;
  const firstId = article.querySelector<HTMLElement>('.doc-chunk')?.dataset['id'] ?? '';
  const parts = longDocument(article, firstId, total, query);
  const update = () => {
    for (const marked of Array.from(document.querySelectorAll('.doc-chunk.is-target'))) {
      marked.classList.remove('is-target');
      marked.removeAttribute('aria-current');
    }
    const match = /^#chunk-(\d+)$/.exec(location.hash);
    const target = match ? document.getElementById(`chunk-${match[1]}`) : null;
    if (match && !target && Number(match[1]) < total) {
      // A chunk of a long document not drawn yet: draw the part around it, then mark it.
      void parts.drawAround(Number(match[1])).then(() => {
        if (document.getElementById(`chunk-${match[1]}`)) update();
      });
      return;
    }
    if (!match || !target) {
      toolbar.setAttribute('aria-label', 'Chunks');
      toolbar.innerHTML = original;
      return;
    }
    target.classList.add('is-target');
    target.setAttribute('aria-current', 'location');
    const id = target.dataset['id'] ?? '';
    const page = target.dataset['page'] === undefined ? undefined : Number(target.dataset['page']);
    const pageEnd = target.dataset['pageEnd'] === undefined ? undefined : Number(target.dataset['pageEnd']);
    const { pageLabel, pageLabelEnd } = target.dataset;
    toolbar.setAttribute('aria-label', 'Current chunk');
    put(toolbar, documentToolbar(links, { document: documentKeyOf(id), chunkCount: total, target: { id, n: Number(match[1]), page, pageEnd, pageLabel, pageLabelEnd }, pdf, query }));
    parts.centre();
  };
  window.addEventListener('hashchange', update);
  update();
}

/**
 * A long document is drawn in part (`documentWindow`), as the web app draws it: the parts above
 * and below are drawn here with the shared `documentSpan` from the chunks of the site's chunk
 * files as they near the viewport, and a link to a chunk not drawn redraws the part around it.
 */
function longDocument(article: HTMLElement, firstId: string, total: number, query: string | undefined) {
  const key = documentKeyOf(firstId);
  const documentId = firstId.split('::').slice(0, 4).join('::');
  const highlighter = query ? library().then((lib) => queryHighlighter(query, lib.normalize)) : Promise.resolve(undefined);
  /** The chunks `[from, to)` of the document (and the one before, which names the section going on), by ordinal. */
  const chunksOf = async (from: number, to: number): Promise<(ViewChunk | undefined)[]> => {
    const lib = await library();
    const entry = lib.getDocument(documentId);
    const chunks: (ViewChunk | undefined)[] = Array.from({ length: total }, () => undefined);
    if (!entry) return chunks;
    const first = Math.max(0, from - 1);
    const loaded = await Promise.all(Array.from({ length: to - first }, (_, i) => lib.chunkAt(entry.firstRow + first + i)));
    loaded.forEach((chunk, i) => (chunks[first + i] = chunk));
    return chunks;
  };
  const span = async (range: ChunkRange, sides: { before: boolean; after: boolean }): Promise<DocumentFragment> => {
    const chunks = await chunksOf(range.from, range.to);
    const template = document.createElement('template');
    template.innerHTML = documentSpan(links, { document: key, chunks, query, highlighter: await highlighter }, range, sides).value;
    return template.content;
  };
  const parts = documentParts((part) => span(part, { before: part.side === 'before', after: part.side === 'after' }));
  return {
    async drawAround(n: number): Promise<void> {
      article.replaceChildren(await span(documentWindow(total, { target: n }), { before: true, after: true }));
      parts.watch();
    },
    centre(): void {
      const target = document.querySelector('.doc-chunk.is-target');
      if (target) requestAnimationFrame(() => target.scrollIntoView({ block: 'center' }));
    },
  };
}

/**
 * The document page is drawn once for every reader: the query that led here (`?q=`) is marked by
 * this script, with the library's own normaliser (what search matched), and carried on its links.
 */
export async function markDocument(query: string): Promise<void> {
  const lib = await library();
  const highlighter = queryHighlighter(query, lib.normalize);
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('.doc-gutter a'))) {
    const url = new URL(link.href);
    url.searchParams.set('q', query);
    link.href = url.href;
  }
  if (!highlighter) return;
  for (const text of Array.from(document.querySelectorAll('.document .chunk-text'))) markText(text, highlighter);
}

/** Wraps the highlighter's words in the text nodes under `root` in `<mark>` (text stays text). */
export function markText(root: Element, highlighter: Highlighter): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  for (const node of nodes) {
    const text = node.data;
    const ranges = highlighter.ranges(text);
    if (ranges.length === 0) continue;
    const parts: (Node | string)[] = [];
    let cursor = 0;
    for (const [from, to] of ranges) {
      parts.push(text.slice(cursor, from), el('mark', {}, text.slice(from, to)));
      cursor = to;
    }
    parts.push(text.slice(cursor));
    node.replaceWith(...parts);
  }
}

// ---------------------------------------------------------------------------------------------
// Every page

/** "/" and Ctrl-K (⌘K) focus the search box: the search page's, or the header's on every other page. */
