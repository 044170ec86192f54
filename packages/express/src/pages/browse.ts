import type { DocumentRecord, VendorSummary } from '@mcdewey/core';
import { BROWSE_TITLE, documentsBody, versionsBody, vendorsBody } from '@mcdewey/pages';
import { layout, type PageContext } from './layout.js';

/** Every vendor with its versions. */
export function vendorsPage(context: PageContext, vendors: VendorSummary[]): string {
  return layout(context, { title: BROWSE_TITLE, section: 'browse', body: vendorsBody(context.urls, vendors) });
}

/** The versions of one vendor. */
export function versionsPage(context: PageContext, vendor: VendorSummary): string {
  return layout(context, { title: vendor.vendor, section: 'browse', body: versionsBody(context.urls, vendor) });
}

/** The documents of one vendor version, by group. */
export function documentsPage(context: PageContext, vendor: string, version: string, documents: DocumentRecord[]): string {
  return layout(context, { title: `${vendor} ${version}`, section: 'browse', body: documentsBody(context.urls, vendor, version, documents) });
}
