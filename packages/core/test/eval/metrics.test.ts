import { describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { averagePrecisionAt, evaluateRun, ndcgAt, recallAt, reciprocalRankAt } from '../../src/eval/metrics.js';
import type { Qrels } from '../../src/eval/types.js';

const grades = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));

describe('ndcgAt', () => {
  // Wikipedia "Discounted cumulative gain" worked example: D1..D6 graded 3,2,3,0,1,2, and two more
  // judged documents D7 = 3, D8 = 2 that were not retrieved. DCG6 = 6.861, IDCG6 = 8.740, nDCG6 = 0.785.
  const judged = grades({ D1: 3, D2: 2, D3: 3, D4: 0, D5: 1, D6: 2, D7: 3, D8: 2 });
  const ranked = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'];

  it('reproduces the textbook example', () => {
    const dcg = 3 + 2 / Math.log2(3) + 3 / 2 + 0 + 1 / Math.log2(6) + 2 / Math.log2(7);
    const idcg = 3 + 3 / Math.log2(3) + 3 / 2 + 2 / Math.log2(5) + 2 / Math.log2(6) + 2 / Math.log2(7);
    expect(dcg).toBeCloseTo(6.861, 3);
    expect(idcg).toBeCloseTo(8.74, 3);
    expect(ndcgAt(ranked, judged, 6)).toBeCloseTo(dcg / idcg, 12);
    expect(ndcgAt(ranked, judged, 6)).toBeCloseTo(0.785, 3);
  });

  it('cuts at k and builds the ideal from every judged grade', () => {
    // Top 2: 3 + 2/log2(3) over the ideal 3 + 3/log2(3).
    expect(ndcgAt(ranked, judged, 2)).toBeCloseTo((3 + 2 / Math.log2(3)) / (3 + 3 / Math.log2(3)), 12);
    expect(ndcgAt(['D7', 'D1', 'D3'], judged, 3)).toBeCloseTo(1, 12);
  });

  it('gives unjudged and non-relevant documents no gain and handles no relevant documents', () => {
    expect(ndcgAt(['x', 'D4', 'y'], judged, 10)).toBe(0);
    expect(ndcgAt(['a'], grades({ a: 0, b: -1 }), 10)).toBe(0);
    expect(ndcgAt([], judged, 10)).toBe(0);
  });

  it('takes a gain function (Cranfield read as 5 - grade) and ignores non-relevant grades', () => {
    const cran = grades({ a: 1, b: 4, c: -1 });
    const gain = (g: number): number => 5 - g;
    // Ranking b, a, c: gains 1, 4, 0 (c is -1, not relevant, even though 5 - (-1) = 6).
    const expected = (1 + 4 / Math.log2(3)) / (4 + 1 / Math.log2(3));
    expect(ndcgAt(['b', 'a', 'c'], cran, 10, { gain })).toBeCloseTo(expected, 12);
    expect(ndcgAt(['a', 'b', 'c'], cran, 10, { gain })).toBeCloseTo(1, 12);
    // With gain = grade the same ranking b, a is ideal.
    expect(ndcgAt(['b', 'a', 'c'], cran, 10)).toBeCloseTo(1, 12);
  });

  it('counts a repeated document once', () => {
    expect(ndcgAt(['D1', 'D1', 'D3'], judged, 2)).toBeCloseTo(ndcgAt(['D1', 'D3'], judged, 2), 12);
  });

  it('rejects a cutoff that is not a positive integer', () => {
    expect(() => ndcgAt([], judged, 0)).toThrow(/positive integer/);
    try {
      recallAt([], judged, 2.5);
      expect.unreachable();
    } catch (error) {
      expect(isMcdeweyError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
  });
});

describe('averagePrecisionAt', () => {
  // Relevant documents at ranks 1, 3, 6, 9, 10 of a ranking of ten.
  const ranked = ['r1', 'n2', 'r3', 'n4', 'n5', 'r6', 'n7', 'n8', 'r9', 'r10'];
  const five = grades({ r1: 1, r3: 1, r6: 1, r9: 1, r10: 1, n2: 0 });

  it('is the mean of precision at each relevant hit when all are retrieved', () => {
    // (1/1 + 2/3 + 3/6 + 4/9 + 5/10) / 5 = 0.62222…
    expect(averagePrecisionAt(ranked, five, 100)).toBeCloseTo((1 + 2 / 3 + 3 / 6 + 4 / 9 + 5 / 10) / 5, 12);
    expect(averagePrecisionAt(ranked, five, 100)).toBeCloseTo(0.6222, 4);
  });

  it('divides by every relevant document, retrieved or not', () => {
    const eight = new Map([...five, ['u1', 2], ['u2', 1], ['u3', 3]]);
    expect(averagePrecisionAt(ranked, eight, 100)).toBeCloseTo((1 + 2 / 3 + 3 / 6 + 4 / 9 + 5 / 10) / 8, 12);
    expect(averagePrecisionAt(ranked, eight, 100)).toBeCloseTo(0.3889, 4);
    // Cut at 5: only the hits at ranks 1 and 3 count.
    expect(averagePrecisionAt(ranked, eight, 5)).toBeCloseTo((1 + 2 / 3) / 8, 12);
  });

  it('is 0 without relevant documents', () => {
    expect(averagePrecisionAt(ranked, grades({ r1: 0 }), 100)).toBe(0);
  });
});

describe('recallAt and reciprocalRankAt', () => {
  const judged = grades({ a: 1, b: 2, c: 1, d: 0 });
  it('recall counts relevant documents in the top k', () => {
    expect(recallAt(['d', 'a', 'x', 'b'], judged, 100)).toBeCloseTo(2 / 3, 12);
    expect(recallAt(['d', 'a', 'x', 'b'], judged, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAt([], judged, 10)).toBe(0);
  });
  it('MRR is 1 / rank of the first relevant document within k', () => {
    expect(reciprocalRankAt(['d', 'x', 'c', 'a'], judged, 10)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRankAt(['d', 'x', 'c'], judged, 2)).toBe(0);
    expect(reciprocalRankAt(['a'], judged, 1)).toBe(1);
  });
  it('honours a relevance level', () => {
    expect(recallAt(['a', 'b'], judged, 10, { relevanceLevel: 2 })).toBe(1);
    expect(reciprocalRankAt(['a', 'b'], judged, 10, { relevanceLevel: 2 })).toBe(0.5);
  });
});

describe('evaluateRun', () => {
  const qrels: Qrels = new Map([
    ['q1', grades({ a: 1, b: 1 })],
    ['q2', grades({ c: 2 })],
    ['q3', grades({ d: 0 })], // judged, nothing relevant: excluded
    ['q4', grades({ e: 1 })], // judged, missing from the run: scored 0
  ]);
  const run = new Map<string, string[]>([
    ['q1', ['a', 'x', 'b']],
    ['q2', ['y', 'c']],
    ['q3', ['d']],
    ['q9', ['a']], // not in the qrels: ignored
  ]);

  it('averages over queries with at least one relevant judgment', () => {
    const result = evaluateRun(run, qrels);
    expect(result.queryCount).toBe(3);
    expect([...result.perQuery.keys()]).toEqual(['q1', 'q2', 'q4']);
    const q1 = { ndcg10: (1 + 1 / 2) / (1 + 1 / Math.log2(3)), map100: (1 + 2 / 3) / 2, recall100: 1, mrr10: 1 };
    const q2 = { ndcg10: 1 / Math.log2(3), map100: 1 / 2, recall100: 1, mrr10: 1 / 2 };
    const q4 = { ndcg10: 0, map100: 0, recall100: 0, mrr10: 0 };
    for (const key of ['ndcg10', 'map100', 'recall100', 'mrr10'] as const) {
      expect(result.perQuery.get('q1')?.[key]).toBeCloseTo(q1[key], 12);
      expect(result.perQuery.get('q2')?.[key]).toBeCloseTo(q2[key], 12);
      expect(result.perQuery.get('q4')?.[key]).toBe(q4[key]);
      expect(result.mean[key]).toBeCloseTo((q1[key] + q2[key] + q4[key]) / 3, 12);
    }
  });

  it('returns zeros and queryCount 0 when nothing is judged relevant', () => {
    const result = evaluateRun(run, new Map([['q3', grades({ d: 0 })]]));
    expect(result).toEqual({ perQuery: new Map(), mean: { ndcg10: 0, map100: 0, recall100: 0, mrr10: 0 }, queryCount: 0 });
  });
});
