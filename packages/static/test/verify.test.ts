import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, isMcdeweyError, openIndex, type Library } from '@mcdewey/core';
import { exportSite, siteFileLoader } from '../src/index.js';
import { verifyRanking } from '../src/verify.js';
import { smallCorpus, tempDir, writeTree } from './helpers.js';

/** Ingests `files` under `work/name` and opens the index. */
async function indexOf(work: string, name: string, files: Record<string, string>): Promise<Library> {
  const corpus = join(work, name, 'corpus');
  writeTree(corpus, files);
  await ingest(corpus, join(work, name, 'index'));
  return openIndex(join(work, name, 'index'));
}

describe('verifyRanking', () => {
  const work = tempDir();
  let full: Library;
  let fewer: Library;
  const fewerSite = join(work.path, 'fewer-site');

  beforeAll(async () => {
    full = await indexOf(work.path, 'full', smallCorpus());
    const { 'acme/v2/guide/tuning.md': _dropped, ...rest } = smallCorpus();
    fewer = await indexOf(work.path, 'fewer', rest);
    await exportSite(fewer, { outDir: fewerSite });
  });
  afterAll(() => {
    full?.close();
    fewer?.close();
    work.cleanup();
  });

  it('passes a site exported from the same index, counting the queries it compared', async () => {
    expect(await verifyRanking(fewer, siteFileLoader(fewerSite))).toBeGreaterThan(5);
  });

  it('reports a site that ranks differently from core as SITE_RANKING_MISMATCH, naming the query', async () => {
    // The site lacks a document the index has: some query of the index ranks differently there.
    const error = await verifyRanking(full, siteFileLoader(fewerSite)).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isMcdeweyError(error, 'SITE_RANKING_MISMATCH'), String(error)).toBe(true);
    const mismatch = error as Error & { details: { query: string } };
    expect(mismatch.message).toMatch(/^The static search ranks ".+" differently from core \(result \d+: core .+, site .+\)/);
    expect(mismatch.message).toContain(`"${mismatch.details.query}"`);
  });
});
