import { McdeweyError } from '../errors.js';
import { FILTER_KEYS, unknownFilterValues, type CheckedFilter, type FilterKey } from './filter-values.js';
import type { SearchFilters } from '../types.js';

/** What filters look at: a document's vendor, version, group and doc. */
export type FilterableDocument = Readonly<Record<FilterKey, string>>;

/**
 * Checks filters against a library's documents and returns the predicate that applies them, and
 * whether any filter is set.
 * @throws McdeweyError `INVALID_ARGUMENT` naming a value no document holds and the valid ones
 *   (within the filters before it: an unknown version lists that vendor's versions).
 */
export function documentFilter(
  filters: SearchFilters,
  documents: readonly FilterableDocument[],
  valuesOf: (key: FilterKey) => ReadonlySet<string> = (key) => new Set(documents.map((document) => document[key])),
): { accepts: (document: FilterableDocument) => boolean; active: boolean } {
  const checked: CheckedFilter[] = [];
  for (const key of FILTER_KEYS) {
    const raw = filters[key];
    if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) continue;
    const values = new Set(Array.isArray(raw) ? raw : [raw]);
    const known = valuesOf(key);
    const unknown = [...values].filter((value) => !known.has(value));
    if (unknown.length > 0) {
      const { message, valid } = unknownFilterValues(key, unknown, documents, checked);
      throw new McdeweyError('INVALID_ARGUMENT', message, { details: { parameter: key, unknown, valid } });
    }
    checked.push({ key, values });
  }
  return { accepts: (document) => checked.every(({ key, values }) => values.has(document[key])), active: checked.length > 0 };
}
