import { availableModes, leaseLibrary, scopedSource, type DocumentRecord, type Library, type LibrarySource, type SearchMode, type VendorSummary } from '@mcdewey/core';
import type { Request, RequestHandler } from 'express';

/**
 * One generation of the served library, as the request's principal may see it (a vendor-scoped
 * view with auth), with what the pages show of it: worked out once per generation and view.
 */
export interface ServedLibrary {
  library: Library;
  generation: number;
  vendors: VendorSummary[];
  modes: SearchMode[];
  stats: { documents: number; chunks: number; vendors: number };
  /** Documents by their corpus path, for serving originals. */
  bySource: Map<string, DocumentRecord>;
}

/** The response header naming the generation of the index that answered (see `LiveLibrary`). */
export const GENERATION_HEADER = 'McDewey-Generation';

const views = new WeakMap<Library, ServedLibrary>();
const leased = new WeakMap<Request, ServedLibrary>();

function viewOf(library: Library, generation: number): ServedLibrary {
  let view = views.get(library);
  if (view === undefined) {
    const vendors = library.listVendors();
    // The manifest's counts: a scoped view's are those of its vendors only.
    const { documents, chunks } = library.manifest.counts;
    view = {
      library,
      generation,
      vendors,
      modes: availableModes(library),
      stats: { documents, chunks, vendors: vendors.length },
      bySource: new Map(library.documents.map((document) => [document.source, document])),
    };
    views.set(library, view);
  }
  return view;
}

/**
 * Leases the library `source` serves for each request until its response closes, so that a swap
 * (`LiveLibrary`) never pulls the index from under a request in flight, and takes the view of it
 * the request may see (`vendorsOf`: the principal's vendors, with auth); `servedOf` gives it, and
 * the `McDewey-Generation` response header names its generation.
 */
export function leasePerRequest(source: LibrarySource, vendorsOf: (request: Request) => 'all' | readonly string[]): RequestHandler {
  return (request, response, next) => {
    if (!leased.has(request)) {
      const lease = leaseLibrary(scopedSource(source, vendorsOf(request)));
      leased.set(request, viewOf(lease.library, lease.generation));
      response.setHeader(GENERATION_HEADER, String(lease.generation));
      response.once('close', () => lease.release());
    }
    next();
  };
}

/** The library leased for this request by `leasePerRequest`, if it ran. */
export function leasedOf(request: Request): ServedLibrary | undefined {
  return leased.get(request);
}

/** The library leased for this request by `leasePerRequest`. */
export function servedOf(request: Request): ServedLibrary {
  const view = leased.get(request);
  if (view === undefined) throw new Error('mcdewey: no library leased for this request (leasePerRequest must run first)');
  return view;
}
