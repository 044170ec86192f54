import { count, isObject, oneOf, optional, positive, shape, text, texts, described } from './shape-rules.js';

/**
 * The fields of the records in `documents.jsonl` and `chunks.jsonl` that readers and adapters
 * use, with their types. The checksums catch damage in an index that has them; these checks catch
 * it in one written before them (a flipped byte that still parses as JSON) and in a hand-edited one.
 */
const KEY_FIELDS = { vendor: text, version: text, group: text, doc: text };

/** `[start, end)` pairs of whole numbers, as a chunk's `code` offsets. */
const offsetPairs = described(
  (value) => Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every((n) => Number.isSafeInteger(n) && n >= 0) && pair[0] <= pair[1]),
  'a list of [start, end] offsets',
);

const documentRecord = shape({
  id: text,
  ...KEY_FIELDS,
  source: text,
  title: text,
  format: oneOf('pdf', 'html', 'markdown', 'text'),
  contentHash: text,
  bytes: count,
  chunkCount: count,
  pageCount: optional(count),
  metadata: described(isObject, 'an object'),
  sourceUrl: optional(text),
});

const chunkRecord = shape({
  id: text,
  ...KEY_FIELDS,
  n: count,
  source: text,
  title: text,
  headings: texts,
  page: optional(positive),
  pageEnd: optional(positive),
  pageLabel: optional(text),
  pageLabelEnd: optional(text),
  text,
  start: count,
  end: count,
  hash: text,
  code: optional(offsetPairs),
  sourceUrl: optional(text),
});

/** What is wrong with a document record read back from an index (`chunkCount must be a whole number, not "x"`), or undefined. */
export function documentRecordProblem(value: unknown): string | undefined {
  return documentRecord(value, '');
}

/** What is wrong with a chunk record read back from an index, or undefined. */
export function chunkRecordProblem(value: unknown): string | undefined {
  return chunkRecord(value, '');
}
