/**
 * `@mcdewey/pages/client`: the pages' behaviour in the browser, the same on the web app and the
 * static site (each bundles it into its page script): "/" and Ctrl-K to the search box, the
 * keyboard through results, "More results" in place, the browse filter and the copy buttons. Every
 * page works without it.
 */
export { searchKeys } from './client/search-keys.js';
export { resultKeys } from './client/result-keys.js';
export { browseFilter } from './client/browse-filter.js';
export { copyButtons } from './client/copy-buttons.js';
export { appendResults } from './client/more-results.js';
export { documentParts, type DocumentPart } from './client/document-parts.js';
