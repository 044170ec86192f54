import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/rank/lexical.js';
import { boundedDistance, CorrectionCandidates, surfaceOf } from '../../src/rank/spelling.js';
import type { TermDictionary } from '../../src/rank/term-dictionary.js';
import { normalizeTerm } from '../../src/rank/terms.js';
import { correctQuery } from '../../src/query/correct.js';
import type { ChunkRecord } from '../../src/types.js';

function chunk(n: number, text: string): ChunkRecord {
  return { id: `a::v1::g::d::${n}`, vendor: 'a', version: 'v1', group: 'g', doc: 'd', n, source: 'a/v1/g/d.md', title: 'Doc', headings: [], text, start: 0, end: text.length, hash: String(n) };
}

const texts = [
  ...Array.from({ length: 60 }, (_, i) => `configure replication for the snapshot store ${i}`),
  ...Array.from({ length: 5 }, (_, i) => `restore the certificate authority ${i}`),
  'a lone replicaton typo once',
];
const lexical = LexicalIndex.build(texts.map((text, n) => chunk(n, text)));

function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

const codes = (text: string) => Array.from(text, (ch) => ch.codePointAt(0)!);

describe('spelling correction from the index dictionary', () => {
  it('bounded distance equals the optimal string alignment distance up to its limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 9 }),
        fc.integer({ min: 0, max: 4 }),
        (a, b, limit) => {
          const exact = referenceDistance(a, b);
          expect(boundedDistance(codes(a), codes(b), limit)).toBe(exact > limit ? limit + 1 : exact);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the closest frequent term that comparing with every term finds, ruling most out by their letters', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'é', 'ł'), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 40, maxLength: 40 }),
        word,
        fc.integer({ min: 1, max: 2 }),
        (terms, counts, typed, edits) => {
          const dictionary = { size: terms.length, term: (position: number) => terms[position]! } as TermDictionary;
          const frequency = (position: number) => counts[position]!;
          const found = new CorrectionCandidates(dictionary, frequency, 3).closest(typed, edits, 3);
          // Every term in turn, as the candidates are kept: the nearest, then the most frequent, the first of equals.
          let best: { term: string; distance: number; frequency: number } | null = null;
          const byLength = [...terms.keys()].sort((a, b) => Array.from(terms[a]!).length - Array.from(terms[b]!).length || a - b);
          for (const position of byLength) {
            const distance = referenceDistance(Array.from(typed) as unknown as string, Array.from(terms[position]!) as unknown as string);
            const limit = best ? best.distance : edits;
            if (distance === 0 || distance > limit || frequency(position) < 3) continue;
            if (!best || distance < best.distance || frequency(position) > best.frequency) best = { term: terms[position]!, distance, frequency: frequency(position) };
          }
          expect(found).toEqual(best);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('corrects unknown and barely known words to frequent ones, keeping the typed form', () => {
    const { text, corrections } = correctQuery('confgure replicaton of the snapshto store', lexical, normalizeTerm);
    expect(text).toBe('configure replication of the snapshot store');
    expect(corrections).toEqual([
      { from: 'confgure', to: 'configure' },
      { from: 'replicaton', to: 'replication' },
      { from: 'snapshto', to: 'snapshot' },
    ]);
  });

  it('leaves known words, short words, numbers, kept names and hopeless words alone', () => {
    expect(correctQuery('restore certificate', lexical, normalizeTerm).corrections).toEqual([]);
    expect(correctQuery('cfg 1234 xyzzyplugh', lexical, normalizeTerm).corrections).toEqual([]);
    expect(correctQuery('snapshto store', lexical, normalizeTerm, new Set(['snapshto'])).corrections).toEqual([]);
    // Nothing known at all: invented words are not typos of real ones.
    expect(correctQuery('snapshto confgure', lexical, normalizeTerm).corrections).toEqual([]);
  });

  it('shows the corrected stem as a word', () => {
    expect(surfaceOf('confgured', 'confgur', 'configur', normalizeTerm)).toBe('configured');
    expect(surfaceOf('certifcate', normalizeTerm('certifcate')!, 'certif', normalizeTerm)).toMatch(/^certif/);
  });
});
