import { McdeweyError } from '../errors.js';

/** Per-field postings: for term t, rows[offsets[t]..offsets[t+1]) hold the rows, tfs their term counts. */
export interface FieldPostings {
  offsets: Uint32Array;
  rows: Uint32Array;
  tfs: Uint16Array;
  /** Per row: the field's length (number of distinct raw tokens, as minisearch counts it). */
  lengths: Uint32Array;
  averageLength: number;
}

/** The whole inverted index: sorted terms and one postings table per field. */
export interface PostingsData {
  rowCount: number;
  terms: string[];
  fields: FieldPostings[];
}

const MAGIC = 'MCDLEX01';

/** Serialises postings into one little-endian binary blob with 8-byte aligned sections. */
export function encodePostings(data: PostingsData): Uint8Array {
  const termsBlob = new TextEncoder().encode(data.terms.join('\n'));
  const sections: ArrayBufferView[] = [termsBlob];
  for (const field of data.fields) sections.push(field.offsets, field.rows, field.tfs, field.lengths);
  const headerWords = 4 + data.fields.length * 2;
  const header = new DataView(new ArrayBuffer(8 + headerWords * 8));
  MAGIC.split('').forEach((char, i) => header.setUint8(i, char.charCodeAt(0)));
  let at = 8;
  for (const value of [data.rowCount, data.terms.length, data.fields.length, termsBlob.byteLength]) {
    header.setFloat64(at, value, true);
    at += 8;
  }
  for (const field of data.fields) {
    header.setFloat64(at, field.rows.length, true);
    header.setFloat64(at + 8, field.averageLength, true);
    at += 16;
  }
  const total = [header, ...sections].reduce((sum, part) => sum + align(part.byteLength), 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of [header, ...sections]) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += align(part.byteLength);
  }
  return out;
}

/**
 * Reads a blob written by `encodePostings` without copying the arrays (views on the buffer).
 * @throws McdeweyError `INDEX_CORRUPT` when the blob is not a McDewey lexical index.
 */
export function decodePostings(bytes: Uint8Array, path: string): PostingsData {
  // Typed-array views need aligned offsets; a pooled or sliced Buffer may not be aligned.
  const buffer = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const magic = String.fromCharCode(...buffer.subarray(0, 8));
  if (magic !== MAGIC) throw new McdeweyError('INDEX_CORRUPT', `${path} is not a McDewey lexical index (bad header)`, { details: { path } });
  const [rowCount, termCount, fieldCount, termsBytes] = [8, 16, 24, 32].map((at) => view.getFloat64(at, true)) as [number, number, number, number];
  const fieldHeaders = Array.from({ length: fieldCount }, (_, i) => ({ postings: view.getFloat64(40 + i * 16, true), averageLength: view.getFloat64(48 + i * 16, true) }));
  let offset = align(8 + (4 + fieldCount * 2) * 8);
  const take = <T>(make: (offset: number) => T, bytesLength: number): T => {
    if (offset + bytesLength > buffer.byteLength) throw new McdeweyError('INDEX_CORRUPT', `${path} is truncated`, { details: { path } });
    const value = make(buffer.byteOffset + offset);
    offset += align(bytesLength);
    return value;
  };
  const termsText = new TextDecoder().decode(take((at) => new Uint8Array(buffer.buffer, at, termsBytes), termsBytes));
  const terms = termCount === 0 ? [] : termsText.split('\n');
  const fields = fieldHeaders.map(({ postings, averageLength }) => ({
    offsets: take((at) => new Uint32Array(buffer.buffer, at, termCount + 1), (termCount + 1) * 4),
    rows: take((at) => new Uint32Array(buffer.buffer, at, postings), postings * 4),
    tfs: take((at) => new Uint16Array(buffer.buffer, at, postings), postings * 2),
    lengths: take((at) => new Uint32Array(buffer.buffer, at, rowCount), rowCount * 4),
    averageLength,
  }));
  return { rowCount, terms, fields };
}

function align(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
