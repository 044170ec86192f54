import type { ChunkInContext } from '@mcdewey/core';
import { chunkCard, chunkPageTitle, type Highlighter } from '@mcdewey/pages';
import { layout, type PageContext } from './layout.js';

/** The chunk page: the shared chunk card, with the original PDF when the app serves files. */
export function chunkPage(
  context: PageContext,
  data: ChunkInContext & { servesFiles: boolean; originalUnavailable?: string | undefined; citationUrl?: string | undefined; query?: string | undefined; highlighter?: Highlighter | undefined },
): string {
  const { urls } = context;
  const { chunk, document, before, after } = data;
  const pdf = data.servesFiles && document.format === 'pdf';
  return layout(context, {
    title: chunkPageTitle(chunk),
    section: 'other',
    bodyClass: 'page-chunk',
    query: data.query,
    body: chunkCard(urls, {
      query: data.query,
      highlighter: data.highlighter,
      chunk,
      chunkCount: document.chunkCount,
      previousId: before.at(-1)?.id,
      nextId: after[0]?.id,
      originalAt: pdf ? (page) => urls.file(document, page) : undefined,
      originalUnavailable: data.originalUnavailable,
      citationUrl: data.citationUrl,
    }),
  });
}
