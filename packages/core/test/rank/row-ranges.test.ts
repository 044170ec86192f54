import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowRanges, rowRangesHas, rowRangesSize } from '../../src/rank/row-ranges.js';

describe('row ranges', () => {
  it('merge touching runs, drop empty ones, and answer membership and size like the set of rows', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), fc.nat(6)), { maxLength: 12 }), (steps) => {
        // Pairs in row order: each starts at or after the previous end.
        const pairs: [number, number][] = [];
        let at = 0;
        for (const [gap, length] of steps) {
          pairs.push([at + gap, at + gap + length]);
          at += gap + length;
        }
        const ranges = rowRanges(pairs);
        const rows = new Set(pairs.flatMap(([start, end]) => Array.from({ length: end - start }, (_, i) => start + i)));
        for (let i = 0; i + 1 < ranges.length; i += 2) expect(ranges[i]!).toBeLessThan(ranges[i + 1]!);
        for (let i = 1; i + 1 < ranges.length; i += 2) expect(ranges[i]!).toBeLessThan(ranges[i + 1]!);
        expect(rowRangesSize(ranges)).toBe(rows.size);
        for (let row = 0; row <= at + 1; row++) expect(rowRangesHas(ranges, row)).toBe(rows.has(row));
      }),
      { numRuns: 200 },
    );
  });
});
