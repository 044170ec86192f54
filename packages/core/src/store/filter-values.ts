import { compareVersions } from '../display/version-order.js';

/** The keys a search filters on, in the order they are checked. */
export const FILTER_KEYS = ['vendor', 'version', 'group', 'doc'] as const;

/** One of {@link FILTER_KEYS}. */
export type FilterKey = (typeof FILTER_KEYS)[number];

/** A filter already checked: its key and the values asked for. */
export interface CheckedFilter {
  key: FilterKey;
  values: ReadonlySet<string>;
}

/** At most this many valid values are named in the message; the rest are counted. */
const NAMED_VALUES = 30;

/**
 * The one-line message for filter values the index does not hold, and the valid values it names:
 * those of the documents that pass the filters checked before it, so that `--vendor etcd
 * --version 99` lists etcd's versions rather than every vendor's; in version order.
 */
export function unknownFilterValues(
  key: FilterKey,
  unknown: readonly string[],
  documents: Iterable<Readonly<Record<FilterKey, string>>>,
  checked: readonly CheckedFilter[],
): { message: string; valid: string[] } {
  const within = new Set<string>();
  for (const document of documents) {
    if (checked.every(({ key: other, values }) => values.has(document[other]))) within.add(document[key]);
  }
  const valid = [...within].sort(compareVersions);
  const shown = valid.length > NAMED_VALUES ? `${valid.slice(0, NAMED_VALUES).join(', ')}, … (${valid.length} in all)` : valid.join(', ');
  const holder = checked.length === 0 ? 'the index' : checked.map(({ key: other, values }) => `${other} ${[...values].join(' or ')}`).join(' with ');
  return { message: `Unknown ${key} "${unknown.join('", "')}"; ${holder} has: ${shown}`, valid };
}
