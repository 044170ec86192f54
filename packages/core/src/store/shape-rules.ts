/**
 * Small type checks for JSON read back from an index (the manifest, document and chunk records),
 * so that a damaged or hand-edited file is reported with the field at fault instead of failing
 * later as a TypeError somewhere in search.
 */

/** Describes what is wrong with a value (`undefined` when nothing is), for one field. */
export type Rule = (value: unknown, field: string) => string | undefined;

/** A rule from a test and what the value must be (`field must be a string, not 3`). */
export const described =
  (test: (value: unknown) => boolean, what: string): Rule =>
  (value, field) =>
    test(value) ? undefined : `${field} ${value === undefined ? 'is missing' : `must be ${what}, not ${JSON.stringify(value) ?? typeof value}`}`;

export const text = described((value) => typeof value === 'string', 'a string');
export const flag = described((value) => typeof value === 'boolean', 'true or false');
export const finite = described((value) => typeof value === 'number' && Number.isFinite(value), 'a number');
export const count = described((value) => Number.isSafeInteger(value) && (value as number) >= 0, 'a whole number');
export const positive = described((value) => Number.isSafeInteger(value) && (value as number) > 0, 'a positive whole number');
export const texts = described((value) => Array.isArray(value) && value.every((item) => typeof item === 'string'), 'a list of strings');

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One of the given strings. */
export const oneOf = (...values: readonly string[]): Rule => described((value) => typeof value === 'string' && values.includes(value), `one of ${values.join(', ')}`);

/** An object with these fields (others are allowed). */
export function shape(fields: Record<string, Rule>): Rule {
  // Listed once: an index opens by checking thousands of records against the same shape.
  const entries = Object.entries(fields);
  return (value, field) => {
    if (!isObject(value)) return described(isObject, 'an object')(value, field === '' ? 'the record' : field);
    for (const [key, rule] of entries) {
      const problem = rule(value[key], field === '' ? key : `${field}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

/** An object whose every value follows `rule` (and every key `keyRule`, when given). */
export function recordOf(rule: Rule, keyRule?: Rule): Rule {
  return (value, field) => {
    if (!isObject(value)) return described(isObject, 'an object')(value, field);
    for (const [key, entry] of Object.entries(value)) {
      const problem = keyRule?.(key, `${field} key`) ?? rule(entry, `${field}["${key}"]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

export const optional =
  (rule: Rule): Rule =>
  (value, field) =>
    value === undefined ? undefined : rule(value, field);
export const nullable =
  (rule: Rule): Rule =>
  (value, field) =>
    value === null ? undefined : rule(value, field);
