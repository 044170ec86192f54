import type { VendorSummary } from '@mcdewey/core';
import { searchPageBody } from '@mcdewey/pages';
import { SITE_FILES } from '../format.js';
import { SiteLinks } from '../links.js';
import { layout, type SiteContext } from './layout.js';

/** Filter values offered on the search form. */
export interface SearchFormValues {
  vendors: VendorSummary[];
  /** Groups with the vendors that have them. */
  groups: { group: string; vendors: string[] }[];
}

/** The maximum query length (core's `SEARCH_LIMITS.maxQueryLength`; the client's engine checks it too). */
const MAX_QUERY_LENGTH = 1000;

/**
 * `index.html`: the shared search page with the form drawn here (so the page is complete before
 * any script runs) and the introduction in the results region; the client fills in the results.
 */
export function searchPage(site: SiteContext, values: SearchFormValues): string {
  const links = new SiteLinks('');
  return layout(site, {
    root: '',
    title: site.name,
    section: 'search',
    kind: 'search',
    bodyClass: 'page-search',
    preload: [SITE_FILES.site, SITE_FILES.documents, SITE_FILES.duplicates],
    body: searchPageBody(
      links,
      {
        action: links.home(),
        values: { q: '', vendor: '', version: '', group: '', mode: '' },
        vendors: values.vendors,
        groups: values.groups,
        modes: site.model ? ['hybrid', 'lexical', 'semantic'] : ['lexical'],
        maxQueryLength: MAX_QUERY_LENGTH,
        searchRuns: 'browser',
        model: site.model,
      },
      { outcome: { kind: 'empty' }, searchAgain: (changes) => links.search(changes), vendors: values.vendors, stats: site.stats, searchRuns: 'browser' },
    ),
  });
}
