/**
 * @mcdewey/fetch — mirror a vendor's documentation site into a McDewey corpus.
 *
 * ```ts
 * import { fetchSite } from '@mcdewey/fetch';
 * const report = await fetchSite('https://docs.example.com/v2/', { corpusDir: 'corpus', vendor: 'example', version: 'v2' });
 * console.log(report.added, report.changed, report.missing);
 * ```
 */
export { fetchSite, FETCH_DEFAULTS } from './fetch-site.js';
export type { FetchIssue, FetchProgress, FetchReport, FetchSiteOptions } from './types.js';
