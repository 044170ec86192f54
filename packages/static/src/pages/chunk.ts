import { chunkCardPlaceholder } from '@mcdewey/pages';
import { SITE_FILES } from '../format.js';
import { SiteLinks } from '../links.js';
import { layout, type SiteContext } from './layout.js';

/**
 * `chunk.html?id=<chunk id>`: one page for every chunk card, filled in by the client (with the
 * shared card) from the chunk's data block. (A page per chunk would be tens of thousands of files
 * for a large corpus; every chunk also has a static anchor in its document's page.)
 */
export function chunkPage(site: SiteContext): string {
  return layout(site, {
    root: '',
    title: 'Chunk',
    section: 'other',
    kind: 'chunk',
    bodyClass: 'page-chunk',
    preload: [SITE_FILES.site, SITE_FILES.documents, SITE_FILES.duplicates],
    body: chunkCardPlaceholder(new SiteLinks('')),
  });
}
