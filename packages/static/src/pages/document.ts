import type { ChunkRecord, DocumentRecord } from '@mcdewey/core';
import { documentView, documentWindow, withVersion } from '@mcdewey/pages';
import { ORIGINALS_NOT_EXPORTED, originalFilePath } from '../format.js';
import { SiteLinks } from '../links.js';
import { layout, type SiteContext } from './layout.js';

/** The relative path from a document page (`doc/v/ver/g/d.html`) to the site root. */
export const DOCUMENT_ROOT = '../../../../';

/**
 * `doc/<vendor>/<version>/<group>/<doc>.html`: the shared document view. The target chunk is
 * marked by `:target` and by the client, which also fills the toolbar for it. A long document is
 * drawn from its start in part, as the web app draws it (`documentWindow`); the client draws the
 * part around a target chunk and the rest as the reader scrolls, from the site's chunk files.
 */
export function documentPage(site: SiteContext, document: DocumentRecord, chunks: readonly ChunkRecord[], hasOriginal: boolean): string {
  const root = DOCUMENT_ROOT;
  return layout(site, {
    root,
    title: withVersion(document.title, document),
    section: 'other',
    kind: 'document',
    bodyClass: 'page-document',
    body: documentView(new SiteLinks(root), {
      document,
      chunks,
      range: documentWindow(chunks.length),
      original: hasOriginal ? `${root}${originalFilePath(document.source)}` : undefined,
      originalUnavailable: hasOriginal ? undefined : ORIGINALS_NOT_EXPORTED,
    }),
  });
}
