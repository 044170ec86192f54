import type { DocumentRecord, VendorSummary } from '@mcdewey/core';
import { BROWSE_TITLE, documentsBody, errorNotice, versionsBody, vendorsBody } from '@mcdewey/pages';
import { SiteLinks } from '../links.js';
import { layout, type SiteContext } from './layout.js';

/** `browse/index.html`: every vendor with its versions. */
export function browseIndexPage(site: SiteContext, vendors: readonly VendorSummary[]): string {
  const root = '../';
  return layout(site, { root, title: BROWSE_TITLE, section: 'browse', kind: 'browse', body: vendorsBody(new SiteLinks(root), vendors) });
}

/** `browse/<vendor>/index.html`: the vendor's versions. */
export function browseVendorPage(site: SiteContext, vendor: VendorSummary): string {
  const root = '../../';
  return layout(site, { root, title: vendor.vendor, section: 'browse', kind: 'browse', body: versionsBody(new SiteLinks(root), vendor) });
}

/** `browse/<vendor>/<version>/index.html`: the version's documents by group. */
export function browseVersionPage(site: SiteContext, vendor: string, version: string, documents: readonly DocumentRecord[]): string {
  const root = '../../../';
  return layout(site, { root, title: `${vendor} ${version}`, section: 'browse', kind: 'browse', body: documentsBody(new SiteLinks(root), vendor, version, documents) });
}

/** `404.html`: links are absolute under the base path, since it is served at any URL. */
export function notFoundPage(site: SiteContext): string {
  return layout(site, {
    root: site.basePath,
    title: 'Not found',
    section: 'other',
    kind: 'error',
    body: errorNotice(new SiteLinks(site.basePath), 'Not found', 'There is no page at this address in the library.'),
  });
}
