import { html, type SafeHtml } from './html.js';

/**
 * "↗ View on vendor site", linking a fetched chunk to its section on the vendor's site (its
 * `sourceUrl`), or nothing for a chunk that was not fetched. Only http(s) URLs become links.
 */
export function vendorSiteLink(sourceUrl: string | undefined, className?: string): SafeHtml | '' {
  if (sourceUrl === undefined || !/^https?:\/\//i.test(sourceUrl)) return '';
  return html`<a${className ? html` class="${className}"` : ''} href="${sourceUrl}" rel="external noopener noreferrer"><span aria-hidden="true">↗</span> View on vendor site</a>`;
}
