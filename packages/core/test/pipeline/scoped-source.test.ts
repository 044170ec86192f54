import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveLibrary, currentLibrary, ingest, leaseLibrary, openIndex, scopedLibrary, scopedSource, search, servedGeneration } from '../../src/index.js';
import { smallCorpus, testdir, writeTree } from '../helpers.js';

const FLUX = {
  'acme/v1/guide/upgrade.md': '# Upgrading\n\nUpgrade the flux capacitor with `acme upgrade`.\n',
  'globex/9.0/manual/flux.txt': 'Flux\n\nThe globex flux capacitor is hidden from acme readers.\n',
};

describe('scopedSource', () => {
  it('gives a fixed library’s view of the vendors, and the source itself for all', async () => {
    const corpus = testdir(smallCorpus());
    const index = join(testdir(), 'index');
    await ingest(corpus, index);
    const library = await openIndex(index);
    try {
      expect(scopedSource(library, 'all')).toBe(library);
      const view = scopedSource(library, ['acme']);
      expect(view).toBe(scopedLibrary(library, ['acme']));
      expect(servedGeneration(view)).toBe(1);
    } finally {
      await library.dispose();
    }
  });

  it('leases each generation of a LiveLibrary as the view of the vendors, keeps a leased one, and drops its views when it retires', async () => {
    const corpus = testdir(smallCorpus());
    const index = join(testdir(), 'index');
    await ingest(corpus, index);
    const live = await LiveLibrary.open(index);
    const retired: number[] = [];
    live.on('retire', ({ generation }) => retired.push(generation));
    try {
      const acme = scopedSource(live, ['acme']);
      expect(scopedSource(live, 'all')).toBe(live);
      const first = leaseLibrary(acme);
      const firstBase = live.current();
      expect(first.generation).toBe(1);
      expect(first.library).toBe(scopedLibrary(firstBase, ['acme']));
      expect(first.library.listVendors().map((vendor) => vendor.vendor)).toEqual(['acme']);

      writeTree(corpus, FLUX);
      await live.reingest(corpus);
      expect(servedGeneration(acme)).toBe(2);
      expect(currentLibrary(acme)).toBe(scopedLibrary(live.current(), ['acme']));

      // The new generation, scoped: the acme document appears, the globex one stays hidden.
      const second = leaseLibrary(acme);
      expect(second.generation).toBe(2);
      expect((await search(second.library, 'flux capacitor', { limit: 10 })).results.map((result) => result.id)).toEqual(['acme::v1::guide::upgrade::0']);
      expect((await search(live.current(), 'flux capacitor', { limit: 10 })).results.map((result) => result.id).sort()).toEqual(['acme::v1::guide::upgrade::0', 'globex::9.0::manual::flux::0']);
      second.release();

      // The leased view of generation 1 still answers from it; generation 1 retires only when released.
      expect((await search(first.library, 'flux capacitor')).results).toHaveLength(0);
      expect(first.library.getChunk('acme::v1::guide::backup::0').text).toContain('snapshot');
      expect(retired).toEqual([]);
      first.release();
      await expect.poll(() => retired).toEqual([1]);
      // Its cached views were dropped with it: asking again builds a new one.
      expect(scopedLibrary(firstBase, ['acme'])).not.toBe(first.library);
    } finally {
      await live.close();
    }
  });
});
