import { rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveLibrary, ingest, isMcdeweyError, leaseLibrary, openIndex, search, watchCorpus } from '../../src/index.js';
import { smallCorpus, testdir, writeTree } from '../helpers.js';

async function liveOver(files = smallCorpus()) {
  const corpus = testdir(files);
  const index = join(testdir(), 'index');
  await ingest(corpus, index);
  return { corpus, index, live: await LiveLibrary.open(index) };
}

const idsFor = async (live: LiveLibrary, query: string) => (await live.use((library) => search(library, query, { limit: 20 }))).results.map((result) => result.id);

describe('LiveLibrary', () => {
  it('swaps generations atomically: a lease keeps the old one readable, and it is disposed when the lease ends', async () => {
    const { corpus, live } = await liveOver();
    const retired: number[] = [];
    live.on('retire', ({ generation }) => retired.push(generation));
    const held = live.acquire();
    expect(held.generation).toBe(1);

    writeTree(corpus, { 'acme/v1/guide/upgrade.md': '# Upgrading\n\nUpgrade the flux capacitor with `acme upgrade`.\n' });
    const report = await live.reingest(corpus);
    expect(report).toMatchObject({ processed: 1, removed: 0 });
    expect(live.generation).toBe(2);
    expect(await idsFor(live, 'flux capacitor')).toContain('acme::v1::guide::upgrade::0');

    // The held generation still answers, from its own files, and is not disposed yet.
    expect((await search(held.library, 'flux capacitor')).results).toHaveLength(0);
    expect(held.library.getChunk('acme::v1::guide::backup::0').text).toContain('snapshot');
    expect(live.status().draining).toBe(1);
    expect(retired).toEqual([]);

    held.release();
    held.release();
    await new Promise((resume) => setImmediate(resume));
    expect(retired).toEqual([1]);
    expect(live.status()).toMatchObject({ generation: 2, draining: 0, lastIngest: { processed: 1, documents: 6 } });
    expect(() => held.library.getChunk('acme::v1::guide::backup::0')).toThrow(/closed/);
    await live.close();
  });

  it('reload() serves an index another ingest wrote, and a fixed Library leases as generation 1', async () => {
    const { corpus, index, live } = await liveOver();
    writeTree(corpus, { 'globex/9.0/manual/notes.txt': 'Release notes\n\nThe quasar drive arrived in 9.0.\n' });
    await ingest(corpus, index);
    expect(await idsFor(live, 'quasar drive')).toEqual([]);
    expect(await live.reload()).toBe(2);
    expect(await idsFor(live, 'quasar drive')).toEqual(['globex::9.0::manual::notes::0']);
    await live.close();

    const fixed = await openIndex(index);
    const lease = leaseLibrary(fixed);
    expect(lease).toMatchObject({ library: fixed, generation: 1 });
    lease.release();
    await fixed.dispose();
  });

  it('keeps serving the old generation when a re-ingest fails, and says why in status() and the failure event', async () => {
    const { corpus, index, live } = await liveOver();
    const failures: string[] = [];
    live.on('failure', (error) => failures.push(error.message));

    // Another ingest holds the index's lock.
    writeFileSync(`${index}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), token: 'other' }));
    writeTree(corpus, { 'acme/v1/guide/upgrade.md': '# Upgrading\n\nUpgrade the flux capacitor.\n' });
    await expect(live.reingest(corpus)).rejects.toMatchObject({ code: 'INDEX_LOCKED' });
    rmSync(`${index}.lock`);
    expect(live.generation).toBe(1);
    expect(live.status().lastError).toMatchObject({ code: 'INDEX_LOCKED' });

    // Most of the corpus gone (a wrong mount, an emptied folder): refused without prune, nothing lost.
    for (const path of Object.keys(smallCorpus())) rmSync(join(corpus, path), { force: true });
    const refused = await live.reingest(corpus).catch((error: unknown) => error);
    expect(isMcdeweyError(refused, 'PRUNE_REQUIRED')).toBe(true);
    expect(live.generation).toBe(1);
    expect(await idsFor(live, 'snapshot restore')).toContain('acme::v1::guide::backup::1');
    expect(failures).toHaveLength(2);

    // A broken document alone does not fail the ingest: it is skipped and the rest is served.
    writeTree(corpus, { ...smallCorpus(), 'acme/v1/guide/broken.pdf': 'not a pdf at all' });
    const report = await live.reingest(corpus);
    expect(report.skipped.map((file) => file.source)).toEqual(['acme/v1/guide/broken.pdf']);
    expect(live.status()).toMatchObject({ generation: 2, lastIngest: { skipped: 1 } });
    expect(live.status().lastError).toBeUndefined();
    await live.close();
  });
});

describe('watchCorpus', () => {
  it('re-ingests and swaps when a document is added, changed or removed', async () => {
    const { corpus, live } = await liveOver();
    const changes: number[] = [];
    const watcher = await watchCorpus(live, corpus, { debounceMs: 100, onChange: ({ count }) => changes.push(count) });
    await watcher.ready;
    const settle = async (generation: number) => {
      await expect.poll(() => live.generation, { timeout: 20_000, interval: 50 }).toBeGreaterThanOrEqual(generation);
      await watcher.idle();
    };
    try {
      writeTree(corpus, { 'acme/v1/guide/upgrade.md': '# Upgrading\n\nUpgrade the flux capacitor with `acme upgrade`.\n' });
      await settle(2);
      expect(await idsFor(live, 'flux capacitor')).toEqual(['acme::v1::guide::upgrade::0']);

      writeTree(corpus, { 'acme/v1/guide/upgrade.md': '# Upgrading\n\nUpgrade the warp core with `acme upgrade --warp`.\n' });
      await settle(3);
      expect(await idsFor(live, 'flux capacitor')).toEqual([]);
      expect(await idsFor(live, 'warp core')).toEqual(['acme::v1::guide::upgrade::0']);

      rmSync(join(corpus, 'acme/v1/guide/upgrade.md'));
      await settle(4);
      expect(await idsFor(live, 'warp core')).toEqual([]);
      expect(live.status().lastIngest).toMatchObject({ removed: 1, processed: 0 });
      expect(changes.length).toBeGreaterThanOrEqual(3);
    } finally {
      await watcher.close();
      await live.close();
    }
  });
});
