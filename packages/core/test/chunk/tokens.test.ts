import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/chunk/tokens.js';

/** The definition, as a Unicode regex: letter runs, digit runs, single other non-space characters. */
function reference(text: string): number {
  let count = 0;
  for (const [piece] of text.matchAll(/\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/gu)) {
    if (/^\p{L}/u.test(piece)) count += piece.length <= 6 ? 1 : Math.ceil(piece.length / 5);
    else if (/^\p{N}/u.test(piece)) count += Math.ceil(piece.length / 2);
    else count += 1;
  }
  return count;
}

describe('estimateTokens', () => {
  it('counts exactly as its regex definition on any text', () => {
    const pieces = fc.constantFrom(
      'etcd',
      'snapshotting',
      'x86_64',
      '3.14',
      '12345678',
      ' ',
      '\n\t',
      '\u00a0',
      '\u3000',
      'été',
      'e\u0301',
      'Straße',
      '東京都',
      '١٢٣',
      '½',
      '𝒳𝒴',
      '😀',
      '\ud800',
      '\udc00',
      '--',
      '->',
      '#',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme-composite' }),
          fc.string({ unit: 'binary' }),
          fc.array(pieces).map((parts) => parts.join('')),
        ),
        (text) => {
          expect(estimateTokens(text)).toBe(reference(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('counts short words once, long words per five letters, digits per two, symbols each', () => {
    expect(estimateTokens('restore the cluster')).toBe(2 + 1 + 2);
    expect(estimateTokens('etcdctl snapshot-restore 2024')).toBe(2 + 2 + 1 + 2 + 2);
    expect(estimateTokens('')).toBe(0);
  });
});
