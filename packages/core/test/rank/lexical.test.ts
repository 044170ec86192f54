import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { LEXICAL_SETTINGS, LexicalBuilder, LexicalIndex } from '../../src/rank/lexical.js';
import { rowRanges } from '../../src/rank/row-ranges.js';
import { TOKEN_SEPARATOR, normalizeTerm } from '../../src/rank/terms.js';
import type { ChunkRecord } from '../../src/types.js';

const WORDS = ['snapshot', 'restore', 'cluster', 'member', 'the', 'of', 'backup', 'restoring', 'etcd', 'lua', 'string', 'length', 'x86_64', 'v3.5', 'tls'];

function chunk(row: number, title: string, headings: string[], text: string): ChunkRecord {
  return { id: `v::1::g::d${row}::0`, vendor: 'v', version: '1', group: 'g', doc: `d${row}`, n: 0, source: `v/1/g/d${row}.md`, title, headings, text, start: 0, end: text.length, hash: String(row) };
}

const chunkArbitrary = fc.record({
  title: fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }).map((words) => words.join(' ')),
  headings: fc.array(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }).map((words) => words.join(' ')),
    { maxLength: 2 },
  ),
  text: fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }).map((words) => words.join(' ')),
});

/** MiniSearch configured the way McDewey's scoring is defined, for comparison. */
function miniSearchRanking(chunks: ChunkRecord[], query: string): { row: number; score: number }[] {
  const engine = new MiniSearch<{ id: number; title: string; headings: string; text: string }>({
    fields: ['title', 'headings', 'text'],
    tokenize: (text) => text.split(TOKEN_SEPARATOR),
    processTerm: normalizeTerm,
    searchOptions: { bm25: { ...LEXICAL_SETTINGS.bm25 }, boost: { ...LEXICAL_SETTINGS.boost } },
  });
  engine.addAll(chunks.map((c, id) => ({ id, title: c.title, headings: c.headings.join(' / '), text: c.text })));
  return engine
    .search(query)
    .map((result) => ({ row: result.id as number, score: result.score / result.queryTerms.length }))
    .sort((a, b) => b.score - a.score || a.row - b.row);
}

describe('LexicalIndex', () => {
  it('scores exactly like MiniSearch with plain BM25 ordering', () => {
    fc.assert(
      fc.property(fc.array(chunkArbitrary, { minLength: 1, maxLength: 40 }), fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), (specs, queryWords) => {
        const chunks = specs.map((spec, row) => chunk(row, spec.title, spec.headings, spec.text));
        const query = queryWords.join(' ');
        const expected = miniSearchRanking(chunks, query);
        const actual = LexicalIndex.build(chunks).search(query, undefined, 1000);
        expect(actual.map((hit) => hit.row)).toEqual(expected.map((hit) => hit.row));
        actual.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 6));
      }),
      { numRuns: 150 },
    );
  });

  it('round-trips through its binary form', () => {
    const chunks = [chunk(0, 'Backups', ['Restore'], 'restore a snapshot'), chunk(1, 'Lua', [], 'string length operator')];
    const index = LexicalIndex.build(chunks);
    const copy = LexicalIndex.fromBytes(index.toBytes(), 'test');
    expect(copy.search('restoring snapshots')).toEqual(index.search('restoring snapshots'));
    expect(copy.termCount).toBe(index.termCount);
    // A buffer at an odd offset (as a pooled Buffer can be) still decodes.
    const shifted = new Uint8Array(index.toBytes().length + 1);
    shifted.set(index.toBytes(), 1);
    expect(LexicalIndex.fromBytes(shifted.subarray(1), 'test').search('lua')).toEqual(index.search('lua'));
  });

  it('refuses bytes that are not a lexical index, naming the file', () => {
    expect(() => LexicalIndex.fromBytes(new Uint8Array(64), '/x/lexical.bin')).toThrow('/x/lexical.bin is not a McDewey lexical index');
  });

  it('returns the top `limit` hits among the allowed rows', () => {
    const chunks = Array.from({ length: 300 }, (_, row) => chunk(row, 'T', [], `snapshot ${'word '.repeat(row % 17)}`));
    const index = LexicalIndex.build(chunks);
    const all = index.search('snapshot', undefined, 1000);
    expect(all).toHaveLength(300);
    expect(index.search('snapshot', undefined, 7)).toEqual(all.slice(0, 7));
    const evenRows = rowRanges(Array.from({ length: 150 }, (_, i) => [i * 2, i * 2 + 1] as const));
    const even = index.search('snapshot', evenRows, 10);
    expect(even).toEqual(all.filter((hit) => hit.row % 2 === 0).slice(0, 10));
    // State is reset between queries: a second run gives the same answer.
    expect(index.search('snapshot', evenRows, 10)).toEqual(even);
    const middle = index.search('snapshot', rowRanges([[100, 200]]), 1000);
    expect(middle).toEqual(all.filter((hit) => hit.row >= 100 && hit.row < 200));
    expect(index.search('snapshot', rowRanges([]), 10)).toEqual([]);
    expect(index.search('snapshot', undefined, 0)).toEqual([]);
    expect(index.search('snapshot', undefined, Infinity)).toEqual(all);
  });

  it('builds the same index chunk by chunk as from an array', () => {
    const chunks = Array.from({ length: 50 }, (_, row) => chunk(row, `T${row % 3}`, ['Restore'], `snapshot ${'lua '.repeat(row % 5)} etcd`));
    const builder = new LexicalBuilder();
    for (const c of chunks) builder.add(c);
    expect(builder.finish().toBytes()).toEqual(LexicalIndex.build(chunks).toBytes());
    expect(() => builder.add(chunks[0]!)).toThrow('already called');
  });

  it('scores with the settings an index was built with, not the current defaults', () => {
    const chunks = [chunk(0, 'Snapshot', [], 'other words'), chunk(1, 'Other', [], 'snapshot words here')];
    const titleHeavy = { ...LEXICAL_SETTINGS, boost: { title: 10, headings: 1, text: 1 } };
    const bytes = LexicalIndex.build(chunks).toBytes();
    expect(LexicalIndex.fromBytes(bytes, 'x', titleHeavy).search('snapshot')[0]!.row).toBe(0);
    const plain = LexicalIndex.fromBytes(bytes, 'x', { ...LEXICAL_SETTINGS, boost: { title: 0.1, headings: 1, text: 1 } });
    expect(plain.search('snapshot')[0]!.row).toBe(1);
  });

  it('matches nothing for stop words only and unknown terms', () => {
    const index = LexicalIndex.build([chunk(0, 'A', [], 'the snapshot')]);
    expect(index.search('the of and')).toEqual([]);
    expect(index.search('zzzz')).toEqual([]);
  });
});
