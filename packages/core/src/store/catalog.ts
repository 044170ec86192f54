import { compareVersions } from '../display/version-order.js';
import type { VendorCatalog } from '../types.js';

/**
 * The vendors and their versions a library holds, for reading vendor and version names in
 * queries: vendors by name, versions in version order.
 */
export function vendorCatalogOf(documents: Iterable<{ vendor: string; version: string }>): VendorCatalog {
  const versions = new Map<string, Set<string>>();
  for (const { vendor, version } of documents) versions.set(vendor, (versions.get(vendor) ?? new Set()).add(version));
  return {
    vendors: [...versions].sort(([a], [b]) => a.localeCompare(b)).map(([vendor, set]) => ({ vendor, versions: [...set].sort(compareVersions) })),
  };
}
