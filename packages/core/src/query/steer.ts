import type { SearchFilters } from '../types.js';
import type { QueryInterpretation } from './interpret.js';

/**
 * The filters of the rows a query steers to: the caller's filters narrowed to the vendor (and
 * version) the query names. Undefined when the query names none, or when the caller's filters
 * already leave only that vendor and version, or exclude it (then steering has nothing to add).
 */
export function steeringFilters(filters: SearchFilters, interpretation: QueryInterpretation): SearchFilters | undefined {
  const { vendor, version } = interpretation;
  if (vendor === undefined) return undefined;
  const vendors = asList(filters.vendor);
  const versions = asList(filters.version);
  if (vendors && !vendors.includes(vendor)) return undefined;
  if (version !== undefined && versions && !versions.includes(version)) return undefined;
  const alreadyNarrow = vendors?.length === 1 && (version === undefined || versions?.length === 1);
  if (alreadyNarrow) return undefined;
  return { ...filters, vendor, ...(version !== undefined ? { version } : {}) };
}

function asList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}
