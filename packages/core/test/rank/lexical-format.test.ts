import { describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { LexicalIndex } from '../../src/rank/lexical.js';
import { TOKEN_SEPARATOR, normalizeTerm } from '../../src/rank/terms.js';
import type { ChunkRecord } from '../../src/types.js';

function chunk(row: number, title: string, headings: string[], text: string): ChunkRecord {
  return { id: `v::1::g::d${row}::0`, vendor: 'v', version: '1', group: 'g', doc: `d${row}`, n: 0, source: `v/1/g/d${row}.md`, title, headings, text, start: 0, end: text.length, hash: String(row) };
}

// U+FB01 (ﬁ) sorts after the surrogate pairs of U+20000 in UTF-16 but before them in UTF-8.
const CHUNKS = [
  chunk(0, 'Backups', ['Restore'], 'restore a snapshot of the café'),
  chunk(1, 'Lua', [], 'string length operator straße'),
  chunk(2, '東京 guide', ['𠀀𠀁 names'], 'ﬁx the café in 東京 😀 etcd'),
  chunk(3, 'Straße', ['Café'], 'etcd etcd snapshot ﬁx'),
];
const QUERIES = ['restoring snapshots', 'café', 'straße', '東京', '𠀀𠀁', 'ﬁx etcd', 'café😀', 'lua string café 東京', 'zzzz'];

/** McDewey 0.1's writer (format v1), kept here to produce the blobs users have on disk. */
function encodeV1(chunks: ChunkRecord[]): Uint8Array {
  const values = chunks.map((c) => [c.title, c.headings.join(' / '), c.text]);
  const termCounts = (value: string) => {
    const tfs = new Map<string, number>();
    for (const token of value.split(TOKEN_SEPARATOR)) {
      const term = normalizeTerm(token);
      if (term) tfs.set(term, (tfs.get(term) ?? 0) + 1);
    }
    return tfs;
  };
  const counts = values.map((fields) => fields.map(termCounts));
  const terms = [...new Set(counts.flatMap((fields) => fields.flatMap((tfs) => [...tfs.keys()])))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const termsBlob = new TextEncoder().encode(terms.join('\n'));
  const sections: ArrayBufferView[] = [termsBlob];
  const header = [chunks.length, terms.length, 3, termsBlob.byteLength];
  for (let f = 0; f < 3; f++) {
    const offsets = new Uint32Array(terms.length + 1);
    const rows: number[] = [];
    const tfs: number[] = [];
    terms.forEach((term, t) => {
      counts.forEach((fields, row) => {
        const tf = fields[f]!.get(term);
        if (tf) {
          rows.push(row);
          tfs.push(tf);
        }
      });
      offsets[t + 1] = rows.length;
    });
    const lengths = Uint32Array.from(values, (fields) => new Set(fields[f]!.split(TOKEN_SEPARATOR)).size);
    header.push(rows.length, lengths.reduce((sum, length) => sum + length, 0) / chunks.length);
    sections.push(offsets, Uint32Array.from(rows), Uint16Array.from(tfs), lengths);
  }
  const align = (n: number) => Math.ceil(n / 8) * 8;
  const parts = [new Uint8Array(8 + header.length * 8), ...sections];
  const view = new DataView(parts[0]!.buffer);
  'MCDLEX01'.split('').forEach((char, i) => view.setUint8(i, char.charCodeAt(0)));
  header.forEach((word, i) => view.setFloat64(8 + i * 8, word, true));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + align(part.byteLength), 0));
  let at = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += align(part.byteLength);
  }
  return out;
}

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('lexical.bin', () => {
  const built = LexicalIndex.build(CHUNKS);
  const bytes = built.toBytes();

  it('is format v2 and round-trips, also from an unaligned buffer', () => {
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('MCDLEX02');
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    for (const copy of [LexicalIndex.fromBytes(bytes, 'x'), LexicalIndex.fromBytes(shifted.subarray(3), 'x')]) {
      expect(copy.termCount).toBe(built.termCount);
      for (const query of QUERIES) expect(copy.search(query)).toEqual(built.search(query));
      expect(copy.toBytes()).toEqual(bytes);
    }
  });

  it('finds non-ASCII terms in the byte dictionary', () => {
    expect(built.search('café').map((hit) => hit.row)).toEqual([3, 0, 2]);
    expect(
      built
        .search('straße')
        .map((hit) => hit.row)
        .sort(),
    ).toEqual([1, 3]);
    expect(built.search('東京').map((hit) => hit.row)).toEqual([2]);
    expect(built.search('𠀀𠀁').map((hit) => hit.row)).toEqual([2]);
    expect(
      built
        .search('ﬁx')
        .map((hit) => hit.row)
        .sort(),
    ).toEqual([2, 3]);
    // Emoji are symbols, i.e. separators: the query still finds its word.
    expect(built.search('café😀')).toEqual(built.search('café'));
  });

  it('reads v1 blobs and searches them the same, and writes them back as v2', () => {
    const v1 = LexicalIndex.fromBytes(encodeV1(CHUNKS), 'old/lexical.bin');
    expect(v1.termCount).toBe(built.termCount);
    for (const query of QUERIES) expect(v1.search(query, undefined, 3)).toEqual(built.search(query, undefined, 3));
    expect(v1.toBytes()).toEqual(bytes);
  });

  it('refuses a bad header, an unknown version and truncated bytes with INDEX_CORRUPT or INDEX_FORMAT_UNSUPPORTED', () => {
    const bad = errorOf(() => LexicalIndex.fromBytes(new Uint8Array(64), '/x/lexical.bin'));
    expect(isMcdeweyError(bad, 'INDEX_CORRUPT') && bad.message).toBe('/x/lexical.bin is not a McDewey lexical index (bad header)');
    const newer = bytes.slice();
    newer[7] = '9'.charCodeAt(0);
    expect(
      isMcdeweyError(
        errorOf(() => LexicalIndex.fromBytes(newer, 'x')),
        'INDEX_FORMAT_UNSUPPORTED',
      ),
    ).toBe(true);
    for (const length of [5, 20, 60, bytes.length - 8, Math.floor(bytes.length / 2)]) {
      const error = errorOf(() => LexicalIndex.fromBytes(bytes.subarray(0, length), '/x/lexical.bin'));
      expect(isMcdeweyError(error, 'INDEX_CORRUPT')).toBe(true);
    }
    for (const length of [20, encodeV1(CHUNKS).length - 8]) {
      expect(
        isMcdeweyError(
          errorOf(() => LexicalIndex.fromBytes(encodeV1(CHUNKS).subarray(0, length), 'x')),
          'INDEX_CORRUPT',
        ),
      ).toBe(true);
    }
  });
});
