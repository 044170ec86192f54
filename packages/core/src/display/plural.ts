/**
 * A count with its noun in the right number: `plural(1, 'file')` is "1 file", `plural(0, 'file')`
 * "0 files", `plural(2, 'query', 'queries')` "2 queries".
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * A search's total as surfaces say it: "no results", "1 result", "2,009 results", or for an
 * estimate (`totalExact: false`) "about 2,009 results".
 */
export function resultTotal(response: { total: number; totalExact: boolean }): string {
  if (response.total === 0) return 'no results';
  const counted = `${response.total.toLocaleString('en-US')} ${response.total === 1 ? 'result' : 'results'}`;
  return response.totalExact ? counted : `about ${counted}`;
}
