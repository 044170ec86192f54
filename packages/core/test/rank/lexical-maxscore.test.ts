import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEXICAL_SETTINGS, LexicalIndex, type LexicalSearchStats, type LexicalSettings } from '../../src/rank/lexical.js';
import { type RowRanges, rowRanges, rowRangesHas } from '../../src/rank/row-ranges.js';
import { TOKEN_SEPARATOR, normalizeTerm } from '../../src/rank/terms.js';
import type { ChunkRecord } from '../../src/types.js';

const VOCABULARY = [
  'etcd',
  'snapshot',
  'restore',
  'cluster',
  'member',
  'backup',
  'lua',
  'string',
  'length',
  'x86_64',
  'v3.5',
  'tls',
  'café',
  'straße',
  '東京',
  'quorum',
  'leader',
  'raft',
  'wal',
  'compaction',
  'defrag',
  'lease',
  'watch',
  'revision',
  'the',
  'of',
];

function chunk(row: number, title: string, headings: string[], text: string): ChunkRecord {
  return { id: `v::1::g::d${row}::0`, vendor: 'v', version: '1', group: 'g', doc: `d${row}`, n: 0, source: `v/1/g/d${row}.md`, title, headings, text, start: 0, end: text.length, hash: String(row) };
}

/** A seeded generator (mulberry32), so a failing corpus is reproduced from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf-like: the first words are far more frequent than the last. */
function words(next: () => number, count: number): string {
  return Array.from({ length: count }, () => VOCABULARY[Math.floor(VOCABULARY.length * next() ** 3)]!).join(' ');
}

/**
 * Varied chunks, or (`uniform`) three-word texts alone: there many postings reach their list's
 * bound exactly and many rows tie, where an unsafe bound or tie rule would show.
 */
function corpus(seed: number, rows: number, uniform: boolean): ChunkRecord[] {
  const next = random(seed);
  return Array.from({ length: rows }, (_, row) =>
    uniform
      ? chunk(row, '', [], words(next, 3))
      : chunk(
          row,
          words(next, Math.floor(next() * 4)),
          Array.from({ length: Math.floor(next() * 3) }, () => words(next, 1 + Math.floor(next() * 3))),
          words(next, Math.floor(next() * 40)),
        ),
  );
}

/** Exhaustive term-at-a-time BM25 written from the definition, adding contributions in query-token, then field order. */
function reference(chunks: ChunkRecord[], query: string, settings: LexicalSettings, allowed: RowRanges | undefined, limit: number): { row: number; score: number }[] {
  const { k, b } = settings.bm25;
  const fields = chunks.map((c) => [c.title, c.headings.join(' / '), c.text].map((value) => value.split(TOKEN_SEPARATOR)));
  const boosts = [settings.boost.title, settings.boost.headings, settings.boost.text];
  const averages = [0, 1, 2].map((f) => fields.reduce((sum, row) => sum + new Set(row[f]).size, 0) / chunks.length);
  const scores = new Map<number, number>();
  for (const token of query.split(TOKEN_SEPARATOR)) {
    const term = normalizeTerm(token);
    if (!term) continue;
    for (let f = 0; f < 3; f++) {
      const tfs = fields.map((row) => row[f]!.filter((raw) => normalizeTerm(raw) === term).length);
      const matching = tfs.filter((tf) => tf > 0).length;
      const idf = Math.log(1 + (chunks.length - matching + 0.5) / (matching + 0.5));
      const weight = boosts[f]! * idf;
      tfs.forEach((tf, row) => {
        if (tf === 0 || (allowed && !rowRangesHas(allowed, row))) return;
        const norm = 1 - b + (b * new Set(fields[row]![f]).size) / averages[f]!;
        scores.set(row, (scores.get(row) ?? 0) + (weight * (tf * (k + 1))) / (tf + k * norm));
      });
    }
  }
  return [...scores]
    .map(([row, score]) => ({ row, score }))
    .sort((x, y) => y.score - x.score || x.row - y.row)
    .slice(0, limit);
}

/** Disjoint ranges from (gap before, length) pairs. */
function ranges(specs: [number, number][]): RowRanges {
  let end = 0;
  return rowRanges(
    specs.map(([gap, length]) => {
      const start = end + gap;
      end = start + length;
      return [start, end] as const;
    }),
  );
}

const SETTINGS: LexicalSettings[] = [
  LEXICAL_SETTINGS,
  { ...LEXICAL_SETTINGS, boost: { title: 2, headings: 0.5, text: 1 } },
  // Other k and b than the index was built with: the stored bounds do not hold, k + 1 does.
  { ...LEXICAL_SETTINGS, bm25: { k: 2, b: 0.3, d: 0 } },
];

describe('LexicalIndex MaxScore search', () => {
  it('returns exactly what exhaustive scoring returns, with and without allowed rows', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 50, max: 300 }),
        fc.boolean(),
        fc.array(fc.array(fc.integer({ min: 0, max: VOCABULARY.length - 1 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 10 }),
        fc.option(fc.array(fc.tuple(fc.nat(80), fc.nat(60)), { maxLength: 6 })),
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom(...SETTINGS.keys()),
        (seed, rows, uniform, queries, rangeSpecs, limit, settingsAt) => {
          const chunks = corpus(seed, rows, uniform);
          const allowed = rangeSpecs ? ranges(rangeSpecs) : undefined;
          const settings = SETTINGS[settingsAt]!;
          const index = LexicalIndex.fromBytes(LexicalIndex.build(chunks).toBytes(), 'test', settings);
          for (const queryWords of queries) {
            // Duplicated words stay duplicated: each occurrence scores again.
            const query = queryWords.map((i) => VOCABULARY[i]!).join(' ');
            expect(index.search(query, allowed, limit)).toEqual(reference(chunks, query, settings, allowed, limit));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('prunes: a term in every row is barely read once a rare term fills the top 10', () => {
    const chunks = Array.from({ length: 5000 }, (_, row) => chunk(row, 'Guide', [], `etcd ${row % 97 === 0 ? 'quorum' : 'member'} words ${'more '.repeat(row % 7)}`));
    const index = LexicalIndex.build(chunks);
    const stats: LexicalSearchStats = { postingsScored: 0 };
    const hits = index.search('etcd quorum', undefined, 10, stats);
    const total = 5000 + Math.ceil(5000 / 97);
    expect(hits).toEqual(reference(chunks, 'etcd quorum', LEXICAL_SETTINGS, undefined, 10));
    expect(hits.every((hit) => hit.row % 97 === 0)).toBe(true);
    expect(stats.postingsScored).toBeLessThan(total / 4);
    // With allowed rows, cursors jump to each range instead of reading the rows between.
    const filtered: LexicalSearchStats = { postingsScored: 0 };
    const allowed = rowRanges([
      [1000, 1100],
      [4000, 4100],
    ]);
    expect(index.search('etcd', allowed, 1000, filtered)).toEqual(reference(chunks, 'etcd', LEXICAL_SETTINGS, allowed, 1000));
    expect(filtered.postingsScored).toBe(200);
  });
});
