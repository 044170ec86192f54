import type { ChunkRecord, DocumentRecord } from '@mcdewey/core';
import { documentSpan, documentView, withVersion, type ChunkRange, type DocumentViewData, type Highlighter } from '@mcdewey/pages';
import { layout, type PageContext } from './layout.js';

/** What the document view of the web app draws. */
export interface DocumentPageData {
  document: DocumentRecord;
  chunks: readonly ChunkRecord[];
  /** The chunk to mark (`?chunk=N`). */
  target: number | undefined;
  /** The chunks drawn (a long document is drawn in part; the script loads the rest). */
  range: ChunkRange;
  servesFiles: boolean;
  /** Why the original PDF is not linked, when it is not. */
  originalUnavailable?: string | undefined;
  query?: string | undefined;
  highlighter?: Highlighter | undefined;
}

/** The document view, the target chunk (`?chunk=N`) marked; the original linked when it is a PDF the app serves. */
export function documentPage(context: PageContext, data: DocumentPageData): string {
  const { document } = data;
  return layout(context, {
    title: withVersion(document.title, document),
    section: 'other',
    bodyClass: 'page-document',
    query: data.query,
    body: documentView(context.urls, viewData(context, data)),
  });
}

/** The next part of a long document (`?part=before|after&from=&to=`), for the script to insert. */
export function documentPart(context: PageContext, data: DocumentPageData, side: 'before' | 'after'): string {
  return documentSpan(context.urls, viewData(context, data), data.range, { before: side === 'before', after: side === 'after' }).value;
}

function viewData(context: PageContext, data: DocumentPageData): DocumentViewData {
  const { document } = data;
  return {
    document,
    chunks: data.chunks,
    target: data.target,
    range: data.range,
    query: data.query,
    highlighter: data.highlighter,
    rangeLink: (from) => context.urls.documentFrom(document, from, data.query),
    original: data.servesFiles && document.format === 'pdf' ? context.urls.file(document) : undefined,
    originalUnavailable: data.originalUnavailable,
  };
}
