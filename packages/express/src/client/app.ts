// McDewey progressive enhancement: every page works without this script.
// It adds live results while typing, keyboard navigation of results, "/" and Ctrl-K to the
// search box on every page, copy buttons, the browse filter, and in the document view centres the
// target chunk and loads the rest of a long document as you scroll. The behaviour the static
// site shares comes from `@mcdewey/pages/client`; what is here asks this server for HTML.
import { browseFilter, copyButtons, resultKeys, searchKeys } from '@mcdewey/pages/client';
import { loadDocumentParts } from './document-parts.js';
import { liveSearch } from './live-search.js';

const form = document.querySelector<HTMLFormElement>('form[data-live]');
const region = document.getElementById('results');
if (form && region) {
  const { input, cancelPending } = liveSearch(form, region);
  resultKeys(input, region, cancelPending);
}
searchKeys();
browseFilter();
copyButtons();
loadDocumentParts();
