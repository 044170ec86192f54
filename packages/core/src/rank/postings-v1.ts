import type { PostingsData, PostingsV2 } from './postings.js';
import { maxImpacts } from './postings-bounds.js';
import { type BlobReader, corrupt } from './postings-blob.js';
import { ByteTermDictionary, StringTermDictionary, sortByCodePoints } from './term-dictionary.js';

/** Magic of format v1 (McDewey 0.1): terms joined by newlines in JavaScript string order, no bounds. */
export const MAGIC_V1 = 'MCDLEX01';

/**
 * Reads a v1 blob: header words rowCount, termCount, fieldCount, termBytes and per field its
 * posting count and average length; sections the newline-joined terms, then per field offsets,
 * rows, tfs and lengths. The terms are decoded to strings; the arrays are views.
 */
export function decodePostingsV1(reader: BlobReader, path: string): PostingsData {
  const [rowCount, termCount, fieldCount, termBytes] = reader.words(4) as [number, number, number, number];
  const fieldWords = reader.words(fieldCount * 2, (i) => i % 2 === 1);
  reader.endHeader();
  const text = new TextDecoder().decode(reader.take(Uint8Array, 1, termBytes));
  const terms = termCount === 0 ? [] : text.split('\n');
  if (terms.length !== termCount) throw corrupt(path, 'has a corrupt term dictionary');
  const fields = Array.from({ length: fieldCount }, (_, f) => ({
    offsets: reader.take(Uint32Array, 4, termCount + 1),
    rows: reader.take(Uint32Array, 4, fieldWords[f * 2]!),
    tfs: reader.take(Uint16Array, 2, fieldWords[f * 2]!),
    lengths: reader.take(Uint32Array, 4, rowCount),
    averageLength: fieldWords[f * 2 + 1]!,
    maxImpacts: null,
  }));
  return { rowCount, dictionary: new StringTermDictionary(terms), fields, bounds: null };
}

/**
 * Rewrites postings of any dictionary into the v2 shape: terms re-sorted by UTF-8 bytes, each
 * term's postings moved along, impact bounds computed for `k` and `b`. Copies everything.
 */
export function upgradePostings(data: PostingsData, k: number, b: number): PostingsV2 {
  const { dictionary } = data;
  const positions = new Map<string, number>();
  const terms = Array.from({ length: dictionary.size }, (_, position) => {
    const term = dictionary.term(position);
    positions.set(term, position);
    return term;
  });
  const order = sortByCodePoints(terms).map((term) => positions.get(term)!);
  const fields = data.fields.map((field) => {
    const offsets = new Uint32Array(order.length + 1);
    order.forEach((old, i) => (offsets[i + 1] = offsets[i]! + field.offsets[old + 1]! - field.offsets[old]!));
    const rows = new Uint32Array(field.rows.length);
    const tfs = new Uint16Array(field.tfs.length);
    order.forEach((old, i) => {
      rows.set(field.rows.subarray(field.offsets[old], field.offsets[old + 1]), offsets[i]);
      tfs.set(field.tfs.subarray(field.offsets[old], field.offsets[old + 1]), offsets[i]);
    });
    const moved = { offsets, rows, tfs, lengths: field.lengths.slice(), averageLength: field.averageLength };
    return { ...moved, maxImpacts: maxImpacts(moved, k, b) };
  });
  return { rowCount: data.rowCount, dictionary: ByteTermDictionary.fromSortedTerms(terms), fields, bounds: { k, b } };
}
