import { describe, expect, it } from 'vitest';
import { diversify } from '../../src/rank/diversify.js';
import { NEAR_DUPLICATE_SIMILARITY, ShingleEncoder, nearlyIdentical, shingleSet, shingleSimilarity, shinglesNearlyIdentical } from '../../src/rank/near-duplicates.js';
import { ChunkShingles } from '../../src/search/chunk-shingles.js';

const base = 'Take a snapshot of the member with etcdctl snapshot save and copy the file to a safe place before you restore the cluster from it';

describe('near-duplicate chunks', () => {
  it('measures word 3-shingle Jaccard similarity', () => {
    expect(shingleSimilarity(base, base)).toBe(1);
    expect(shingleSimilarity(base, 'completely different words about zone transfers and keys in DNS servers today')).toBe(0);
    expect(nearlyIdentical(base, `${base} now`)).toBe(true);
    expect(nearlyIdentical(base, base.replace('snapshot save', 'snapshot restore').replace('safe place', 'remote host'))).toBe(false);
  });

  it('decides on shingle sets made once exactly as on the texts, the size bound included', () => {
    // Texts growing word by word from the base: their similarity to it crosses the threshold,
    // some pairs told apart by set sizes alone, the others by counting.
    const extra = 'and then check the copy with etcdutl snapshot status before you delete anything on the old member at all'.split(' ');
    const texts = [base, '', 'snapshot', ...extra.map((_, i) => `${base} ${extra.slice(0, i + 1).join(' ')}`)];
    let across = 0;
    for (const a of texts) {
      for (const b of texts) {
        const expected = shingleSimilarity(a, b) >= NEAR_DUPLICATE_SIMILARITY;
        expect(shinglesNearlyIdentical(shingleSet(a), shingleSet(b)), `${a} | ${b}`).toBe(expected);
        expect(nearlyIdentical(a, b)).toBe(expected);
        if (a === base && expected) across++;
      }
    }
    expect(across).toBeGreaterThan(2);
    expect(across).toBeLessThan(texts.length - 2);
  });

  it('decides on numbered shingles (one encoder) exactly as on string shingles', () => {
    const extra = 'and then check the copy with etcdutl snapshot status before you delete anything on the old member at all'.split(' ');
    // Short texts too: one and two words are shingles of their own, never equal to a longer text's.
    const texts = ['', 'snapshot', 'snapshot save', 'save snapshot', 'snapshot save now', 'Snapshot, save!', base, ...extra.map((_, i) => `${base} ${extra.slice(0, i + 1).join(' ')}`)];
    const encoder = new ShingleEncoder();
    const encoded = texts.map((text) => encoder.encode(text)!);
    texts.forEach((a, i) => {
      expect(encoded[i]!.size, a).toBe(shingleSet(a).size);
      texts.forEach((b, j) => expect(shinglesNearlyIdentical(encoded[i]!, encoded[j]!), `${a} | ${b}`).toBe(shinglesNearlyIdentical(shingleSet(a), shingleSet(b))));
    });
    expect(new ShingleEncoder(3).encode('one two three four')).toBeUndefined();
  });

  it('compares chunk texts by their shingles, falling back to string shingles for every text once the encoder is full', async () => {
    const texts = [base, `${base} now`, 'completely different words about zone transfers and keys in DNS servers today', `${base} again`];
    for (const [name, source] of [
      ['sync', { chunkAt: (row: number) => ({ text: texts[row]! }) }],
      ['async', { chunkAt: async (row: number) => ({ text: texts[row]! }) }],
    ] as const) {
      // 30 words: the first two texts fit, the third overfills the dictionary.
      const shingles = new ChunkShingles(source as never, new ShingleEncoder(30));
      const ask = async (a: number, b: number) => {
        for (;;) {
          const missing = new Set<number>();
          const answer = shingles.nearlyIdentical(a, b, missing);
          if (missing.size === 0) return answer;
          await shingles.load(missing);
        }
      };
      expect(await ask(0, 1), name).toBe(true);
      expect(typeof [...shingles.get(0)!][0], name).toBe('number');
      expect(await ask(0, 2), name).toBe(false);
      expect(typeof [...shingles.get(2)!][0], name).toBe('string');
      expect(await ask(1, 0), name).toBe(true);
      expect(await ask(3, 1), name).toBe(true);
      expect(typeof [...shingles.get(0)!][0], name).toBe('string');
    }
  });

  it('folds a nearly identical chunk of the same document in another version, but not of another document', () => {
    const texts = [base, `${base} now`, `${base} now`];
    const identity = [
      { document: 'etcd/v3.5/op/recovery', hash: 'a', family: 'etcd/op/recovery' },
      { document: 'etcd/v3.6/op/recovery', hash: 'b', family: 'etcd/op/recovery' },
      { document: 'etcd/v3.6/op/other', hash: 'c', family: 'etcd/op/other' },
    ];
    const kept = diversify([0, 1, 2], (row) => identity[row]!, 10, {
      maxPerDocument: 1,
      collapseDuplicates: true,
      moreLimit: 3,
      nearDuplicate: (a, b) => nearlyIdentical(texts[a]!, texts[b]!),
    });
    expect(kept.map((entry) => [entry.row, entry.duplicates])).toEqual([
      [0, [1]],
      [2, []],
    ]);
  });

  it('lists rows over the per-document cap under the first result, up to the limit', () => {
    const identity = (row: number) => ({ document: row < 5 ? 'one' : `doc${row}`, hash: String(row) });
    const kept = diversify([0, 1, 2, 5, 3, 4, 6], identity, 3, { maxPerDocument: 1, collapseDuplicates: true, moreLimit: 2 });
    expect(kept.map((entry) => [entry.row, entry.more])).toEqual([
      [0, [1, 2]],
      [5, []],
      [6, []],
    ]);
  });

  it('drops the identical copy of a chunk already listed under its document', () => {
    const identity = [
      { document: 'v1/backup', hash: 'intro' },
      { document: 'v1/backup', hash: 'restore' },
      { document: 'v2/backup', hash: 'restore' },
    ];
    const kept = diversify([0, 1, 2], (row) => identity[row]!, 10, { maxPerDocument: 1, collapseDuplicates: true, moreLimit: 3 });
    expect(kept.map((entry) => [entry.row, entry.more])).toEqual([[0, [1]]]);
  });
});
