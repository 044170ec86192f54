import { McdeweyError } from '../errors.js';
import { BlobReader, MAGIC_BYTES, blobParts, corrupt } from './postings-blob.js';
import { MAGIC_V1, decodePostingsV1 } from './postings-v1.js';
import { ByteTermDictionary, type TermDictionary } from './term-dictionary.js';

/** Per-field postings: for term t, rows[offsets[t]..offsets[t+1]) hold the rows (ascending), tfs their term counts. */
export interface FieldPostings {
  offsets: Uint32Array;
  rows: Uint32Array;
  tfs: Uint16Array;
  /** Per row: the field's length (number of distinct raw tokens, as minisearch counts it). */
  lengths: Uint32Array;
  averageLength: number;
  /**
   * Per term: an upper bound of `tf*(k+1)/(tf + k*norm)` over its postings, for the `k` and `b`
   * of `PostingsData.bounds`; null when the blob had none (format v1).
   */
  maxImpacts: Float32Array | null;
}

/** The whole inverted index: the term dictionary and one postings table per field. */
export interface PostingsData {
  rowCount: number;
  dictionary: TermDictionary;
  fields: FieldPostings[];
  /** The BM25 `k` and `b` the fields' `maxImpacts` were computed with; null when they have none. */
  bounds: { k: number; b: number } | null;
}

/** Postings in the shape format v2 stores. */
export interface PostingsV2 extends PostingsData {
  dictionary: ByteTermDictionary;
  fields: (FieldPostings & { maxImpacts: Float32Array })[];
  bounds: { k: number; b: number };
}

const MAGIC_V2 = 'MCDLEX02';

/** True when the postings can be written as they are (built, or read from a v2 blob). */
export function isPostingsV2(data: PostingsData): data is PostingsV2 {
  return data.dictionary instanceof ByteTermDictionary && data.bounds !== null && data.fields.every((field) => field.maxImpacts !== null);
}

/**
 * Serialises postings as format v2, as the consecutive parts of a little-endian blob with 8-byte
 * aligned sections (views on the postings, not copies).
 *
 * Header: `MCDLEX02`, then Float64 words rowCount, termCount, fieldCount, termBytes, k, b (the
 * BM25 parameters of the bounds), and per field its posting count and average length.
 * Sections: the terms as one UTF-8 blob sorted by bytes (Uint8 × termBytes), their start
 * offsets (Uint32 × termCount+1), then per field offsets (Uint32 × termCount+1), rows
 * (Uint32 × postings), tfs (Uint16 × postings), lengths (Uint32 × rowCount) and max impacts
 * (Float32 × termCount).
 */
export function encodePostings(data: PostingsV2): Uint8Array[] {
  const { dictionary, fields, bounds } = data;
  const words = [data.rowCount, dictionary.size, fields.length, dictionary.blob.byteLength, bounds.k, bounds.b];
  for (const field of fields) words.push(field.rows.length, field.averageLength);
  const sections: ArrayBufferView[] = [dictionary.blob, dictionary.offsets];
  for (const field of fields) sections.push(field.offsets, field.rows, field.tfs, field.lengths, field.maxImpacts);
  return blobParts(MAGIC_V2, words, sections);
}

/**
 * Reads a blob written by `encodePostings` (v2) or by McDewey 0.1 (v1) as views on its bytes.
 * @throws McdeweyError `INDEX_CORRUPT` when the blob is not a McDewey lexical index or is cut
 *   short; `INDEX_FORMAT_UNSUPPORTED` for a lexical format newer than this version reads.
 */
export function decodePostings(bytes: Uint8Array, path: string): PostingsData {
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC_BYTES));
  if (magic === MAGIC_V2) return decodeV2(new BlobReader(bytes, path), path);
  if (magic === MAGIC_V1) return decodePostingsV1(new BlobReader(bytes, path), path);
  if (magic.startsWith('MCDLEX')) {
    throw new McdeweyError('INDEX_FORMAT_UNSUPPORTED', `${path} is a lexical index format (${magic}) newer than this McDewey reads; upgrade McDewey`, { details: { path } });
  }
  throw new McdeweyError('INDEX_CORRUPT', `${path} is not a McDewey lexical index (bad header)`, { details: { path } });
}

function decodeV2(reader: BlobReader, path: string): PostingsV2 {
  const [rowCount, termCount, fieldCount, termBytes, k, b] = reader.words(6, (i) => i >= 4) as [number, number, number, number, number, number];
  const fieldWords = reader.words(fieldCount * 2, (i) => i % 2 === 1);
  reader.endHeader();
  const dictionary = new ByteTermDictionary(reader.take(Uint8Array, 1, termBytes), reader.take(Uint32Array, 4, termCount + 1));
  if (dictionary.offsets[termCount] !== termBytes) throw corrupt(path, 'has a corrupt term dictionary');
  const fields = Array.from({ length: fieldCount }, (_, f) => {
    const postings = fieldWords[f * 2]!;
    const field = {
      offsets: reader.take(Uint32Array, 4, termCount + 1),
      rows: reader.take(Uint32Array, 4, postings),
      tfs: reader.take(Uint16Array, 2, postings),
      lengths: reader.take(Uint32Array, 4, rowCount),
      averageLength: fieldWords[f * 2 + 1]!,
      maxImpacts: reader.take(Float32Array, 4, termCount),
    };
    if (field.offsets[termCount] !== postings) throw corrupt(path, 'has corrupt postings offsets');
    return field;
  });
  return { rowCount, dictionary, fields, bounds: { k, b } };
}
