/**
 * A count with its noun in the right number: `plural(1, 'file')` is "1 file", `plural(0, 'file')`
 * "0 files", `plural(2, 'query', 'queries')` "2 queries".
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
