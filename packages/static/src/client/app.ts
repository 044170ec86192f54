/**
 * The site's one script: the search page, the chunk card and the document view's toolbar.
 * It gives every page what the web app's script does: "/" and Ctrl-K to the search box, results
 * as you type and as filters change, keyboard moves through results, the query's words marked on
 * the card and in the document, and the browse filter. Everything it loads comes from the site (same origin, relative to the site root); the page's
 * Content-Security-Policy forbids anything else. Results, chunk cards and the toolbar are drawn
 * by the shared renderers of `@mcdewey/pages`, which escape every value from the index.
 */
import { body } from './site.js';
import { initSearch } from './search-page.js';
import { initChunk, initDocument } from './reading-pages.js';
import { browseFilter } from '@mcdewey/pages/client';
import { siteSearchKeys } from './page-keys.js';

siteSearchKeys();
switch (body.dataset['page']) {
  case 'search':
    initSearch();
    break;
  case 'chunk':
    void initChunk();
    break;
  case 'document':
    initDocument();
    break;
  case 'browse':
    browseFilter();
    break;
  default:
    break;
}
