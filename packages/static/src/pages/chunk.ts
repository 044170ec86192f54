import { SITE_FILES } from '../format.js';
import { html } from '../html.js';
import { layout, type SiteContext } from './layout.js';

/**
 * `chunk.html?id=<chunk id>`: one page for every chunk card, filled in by the client from the
 * chunk's data block. (A page per chunk would be tens of thousands of files for a large corpus;
 * every chunk also has a static anchor in its document's page, which works without JavaScript.)
 */
export function chunkPage(site: SiteContext): string {
  return layout(site, {
    root: '',
    title: 'Chunk',
    section: 'other',
    kind: 'chunk',
    bodyClass: 'page-chunk',
    preload: [SITE_FILES.site, SITE_FILES.documents, SITE_FILES.duplicates],
    body: html`<div id="chunk-view" aria-live="polite"><p class="muted">Loading the chunk…</p></div>
<noscript><p class="notice">The chunk card needs JavaScript. Every chunk can be read in its document from <a href="browse/index.html">Browse</a>.</p></noscript>`,
  });
}
