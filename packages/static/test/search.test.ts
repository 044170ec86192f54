import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, openIndex, search, isMcdeweyError, type Library, type SearchFilters } from '@mcdewey/core';
import { exportSite, siteFileLoader, StaticLibrary, type ExportReport } from '../src/index.js';
import { SAMPLE_CORPUS, smallCorpus, tempDir, writeTree } from './helpers.js';

/** Searches core and the exported site the same way and expects the very same response. */
async function expectSameResults(
  library: Library,
  site: StaticLibrary,
  query: string,
  options: { filters?: SearchFilters; limit?: number; maxPerDocument?: number; moreLimit?: number; collapseDuplicates?: boolean } = {},
) {
  const expected = await search(library, query, { ...options, mode: 'lexical' });
  const actual = await site.search(query, { ...options, mode: 'lexical' });
  expect(actual.mode).toBe('lexical');
  // Everything: ids, order, scores (bit for bit), snippets, highlights, folded duplicates, what
  // the query was read as, the match floor's verdict and suggestions.
  expect(JSON.parse(JSON.stringify(actual))).toEqual(JSON.parse(JSON.stringify(expected)));
  return expected.results;
}

describe('static search on an inline corpus', () => {
  const work = tempDir();
  let library: Library;
  let site: StaticLibrary;
  let report: ExportReport;
  const siteDir = join(work.path, 'site');

  beforeAll(async () => {
    const corpus = join(work.path, 'corpus');
    writeTree(corpus, smallCorpus());
    await ingest(corpus, join(work.path, 'index'));
    library = await openIndex(join(work.path, 'index'));
    report = await exportSite(library, { outDir: siteDir, corpusDir: corpus });
    site = await StaticLibrary.open(siteFileLoader(siteDir));
  });
  afterAll(() => work.cleanup());

  it('returns exactly what core returns, for plain, repeated, filtered and capped queries', async () => {
    const queries = [
      'snapshot',
      'restore a snapshot',
      'acme snapshot restore --verify',
      'cache size',
      'snapshot snapshot restore',
      'Tuning',
      'workers',
      'log level debug',
      'gears sprockets',
      '9.0',
      'cache_size',
      'acme v2 snapshot restore',
      'globex 9.0 cache',
      'widget xyzzy',
      'snapshto restroe',
      'increse cache',
    ];
    for (const query of queries) await expectSameResults(library, site, query);
    const some = await expectSameResults(library, site, 'snapshot restore');
    expect(some.length).toBeGreaterThan(2);
    await expectSameResults(library, site, 'snapshot', { filters: { vendor: 'acme' } });
    await expectSameResults(library, site, 'snapshot', { filters: { vendor: 'acme', version: 'v2' } });
    await expectSameResults(library, site, 'snapshot', { filters: { version: ['v1', '9.0'] } });
    await expectSameResults(library, site, 'cache', { filters: { group: 'manual' } });
    await expectSameResults(library, site, 'snapshot', { filters: { doc: 'backup' } });
    await expectSameResults(library, site, 'snapshot', { limit: 1 });
    await expectSameResults(library, site, 'snapshot', { maxPerDocument: 0 });
    await expectSameResults(library, site, 'snapshot', { collapseDuplicates: false });
  });

  it("reads vendor names and corrects misspelt words from the site's own list, as core does", async () => {
    const corrected = await site.search('snapshto restore');
    expect(corrected.interpreted?.corrections).toEqual([{ from: 'snapshto', to: 'snapshot' }]);
    const named = await site.search('globex snapshot');
    expect(named.interpreted?.vendor).toBe('globex');
    await expectSameResults(library, site, 'snapshto restore');
    await expectSameResults(library, site, 'globex snapshot');
  });

  it('folds the identical chunk of two versions into one result naming the other version', async () => {
    const results = await expectSameResults(library, site, 'take a snapshot of the widget store');
    const folded = results.find((result) => result.alsoIn && result.alsoIn.length > 0);
    expect(folded?.alsoIn?.[0]?.version).toMatch(/^v[12]$/);
  });

  it('finds nothing where core finds nothing (stop words only, unknown words)', async () => {
    expect((await site.search('the and of')).results).toEqual([]);
    expect((await search(library, 'the and of', { mode: 'lexical' })).results).toEqual([]);
    await expectSameResults(library, site, 'zyzzyva');
  });

  it('rejects what core rejects, with the same message', async () => {
    for (const [query, options] of [
      ['snapshot', { filters: { vendor: 'nope' } }],
      ['   ', {}],
      ['snapshot', { limit: 0 }],
      ['x'.repeat(1001), {}],
    ] as const) {
      const core = await search(library, query, { ...options, mode: 'lexical' }).catch((error: unknown) => error);
      const mine = await site.search(query, { ...options, mode: 'lexical' }).catch((error: unknown) => error);
      expect(isMcdeweyError(core, 'INVALID_ARGUMENT')).toBe(true);
      expect(isMcdeweyError(mine, 'INVALID_ARGUMENT')).toBe(true);
      expect((mine as Error).message).toBe((core as Error).message);
    }
  });

  it('says the site is lexical when semantic search is asked for', async () => {
    const response = await site.search('snapshot', { mode: 'hybrid' });
    expect(response.mode).toBe('lexical');
    expect(response.notice).toMatch(/hybrid search is unavailable: this site was exported without an embedding model/);
    expect(site.availableModes()).toEqual(['lexical']);
  });

  it('gives back every chunk by id, as the index holds it', async () => {
    for (const chunk of library.chunkRecords()) {
      const row = site.rowOf(chunk.id);
      const stored = await site.chunkAt(row);
      expect(stored).toEqual({
        id: chunk.id,
        vendor: chunk.vendor,
        version: chunk.version,
        group: chunk.group,
        doc: chunk.doc,
        n: chunk.n,
        title: chunk.title,
        source: chunk.source,
        headings: chunk.headings,
        ...(chunk.page !== undefined ? { page: chunk.page, ...(chunk.pageEnd !== undefined ? { pageEnd: chunk.pageEnd } : {}) } : {}),
        ...(chunk.pageLabel !== undefined ? { pageLabel: chunk.pageLabel } : {}),
        ...(chunk.pageLabelEnd !== undefined ? { pageLabelEnd: chunk.pageLabelEnd } : {}),
        ...(chunk.code !== undefined ? { code: chunk.code } : {}),
        text: chunk.text,
      });
    }
    expect(() => site.rowOf('acme::v1::guide::intro::99')).toThrow(/No chunk/);
    expect(() => site.rowOf('not-an-id')).toThrow(/not a chunk id/);
  });

  it('writes relative links only, every one to a file of the site, and a CSP on every page', () => {
    const pages = listFiles(siteDir).filter((file) => file.endsWith('.html') && !relative(siteDir, file).startsWith(`files${sep}`));
    expect(pages.length).toBe(report.pages.documents + report.pages.browse + 3);
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self';`);
      const isNotFound = page.endsWith(`${sep}404.html`);
      for (const [, url] of html.matchAll(/(?:href|src|action)="([^"]*)"/g)) {
        expect(url).not.toMatch(/^[a-z]+:\/\/|^\/\//i);
        if (url!.startsWith('data:') || url!.startsWith('#')) continue;
        if (isNotFound) {
          expect(url!.startsWith('/')).toBe(true);
          continue;
        }
        expect(url!.startsWith('/')).toBe(false);
        const target = resolve(join(page, '..'), decodeURIComponent(url!.replace(/[?#].*$/, '')));
        expect(existsSync(target), `${relative(siteDir, page)} links to ${url}`).toBe(true);
      }
    }
  });

  it('copies the original files when given the corpus', () => {
    expect(report.originals).toBe(library.documents.length);
    expect(readFileSync(join(siteDir, 'files/acme/v1/guide/intro.md'), 'utf8')).toContain('Acme widgets');
  });

  it('reports what it wrote', () => {
    expect(report.files).toBe(listFiles(siteDir).length);
    expect(report.bytes).toBe(listFiles(siteDir).reduce((sum, file) => sum + statSync(file).size, 0));
    expect(report.chunks).toBe(library.chunkCount);
    expect(report.verifiedQueries).toBeGreaterThan(0);
    expect(report.semantic).toBeNull();
  });
});

describe('static search groups results by document like core', () => {
  const work = tempDir();
  let library: Library;
  let site: StaticLibrary;

  /** One page in three versions (v16 differs from v15 by a word, v17 by a rewritten section) and a long page. */
  function groupingCorpus(): Record<string, string> {
    const section = (title: string, body: string) => `## ${title}\n\n${body.repeat(30)}\n\n`;
    // Varied sentences, as real sections have: a one-word change then leaves the text nearly identical.
    const checkpointSteps = Array.from({ length: 30 }, (_, i) => `In step ${i} the checkpointer writes buffer group ${i * 7} and records position ${i * 13}.`).join(' ');
    const wal = (version: string, tweak: string, last: string) =>
      `# Write-ahead log\n\n## Checkpoints\n\nA checkpoint flushes dirty pages of the write-ahead log ${tweak}. ${checkpointSteps}\n\n${section('Archiving', 'Archive each finished write-ahead log segment before it is recycled after a checkpoint. ')}${section('Replay', last)}`;
    return {
      'pg/v15/admin/wal.md': wal('15', 'to disk', 'Crash recovery replays the write-ahead log from the last checkpoint. '),
      'pg/v16/admin/wal.md': wal('16', 'to storage', 'Crash recovery replays the write-ahead log from the last checkpoint. '),
      'pg/v17/admin/wal.md': wal('17', 'to disk', 'Since version 17 incremental backups summarise the log between checkpoints for faster replays. '),
      'pg/v17/admin/tuning.md': `# Tuning\n\n${['Memory', 'Workers', 'Disks', 'Vacuum', 'Planner', 'Network'].map((name) => section(name, `Tune ${name.toLowerCase()} so that each checkpoint spreads its writes. `)).join('')}`,
    };
  }

  beforeAll(async () => {
    const corpus = join(work.path, 'corpus');
    writeTree(corpus, groupingCorpus());
    await ingest(corpus, join(work.path, 'index'));
    library = await openIndex(join(work.path, 'index'));
    await exportSite(library, { outDir: join(work.path, 'site') });
    site = await StaticLibrary.open(siteFileLoader(join(work.path, 'site')));
  });
  afterAll(() => work.cleanup());

  it("lists a document's other matching chunks under its first result, as core does", async () => {
    const results = await expectSameResults(library, site, 'checkpoint spreads its writes');
    const tuning = results.filter((result) => result.doc === 'tuning');
    expect(tuning).toHaveLength(1);
    expect(tuning[0]!.more).toHaveLength(3);
    for (const moreLimit of [0, 1, 5]) await expectSameResults(library, site, 'checkpoint spreads its writes', { moreLimit });
    await expectSameResults(library, site, 'checkpoint', { maxPerDocument: 2 });
    await expectSameResults(library, site, 'checkpoint', { maxPerDocument: 0 });
    await expectSameResults(library, site, 'checkpoint', { filters: { doc: 'tuning' } });
  });

  it('folds a nearly identical chunk of another version into one result, as core does', async () => {
    const results = await expectSameResults(library, site, 'checkpoint flushes dirty pages of the write-ahead log');
    // v16's checkpoint section says "to storage" where the others say "to disk", and still folds.
    const nearly = results.flatMap((result) => (result.alsoIn ?? []).filter((other) => library.getChunk(other.id).text !== library.getChunk(result.id).text));
    expect(nearly.length).toBeGreaterThan(0);
    for (const query of ['crash recovery replays the write-ahead log', 'incremental backups', 'archive each finished segment', 'write-ahead log']) await expectSameResults(library, site, query);
    await expectSameResults(library, site, 'write-ahead log', { collapseDuplicates: false });
    await expectSameResults(library, site, 'write-ahead log', { filters: { version: ['v15', 'v16'] } });
  });
});

describe('static search on the demo corpus', () => {
  const work = tempDir();
  let library: Library;
  let report: ExportReport;
  const siteDir = join(work.path, 'site');

  beforeAll(async () => {
    await ingest(SAMPLE_CORPUS, join(work.path, 'index'));
    library = await openIndex(join(work.path, 'index'));
    report = await exportSite(library, { outDir: siteDir });
  }, 300_000);
  afterAll(() => work.cleanup());

  it('ranks like core for a spread of queries, filtered and not', async () => {
    const site = await StaticLibrary.open(siteFileLoader(siteDir));
    const queries = [
      'coroutine yield',
      'restore etcd snapshot',
      'list comprehension',
      'garbage collection',
      'install packages from CRAN',
      'gen_server call timeout',
      'metatable __index',
      'string formatting',
      'how do I compact the keyspace',
      'lease keepalive',
      'data frame',
      'error handling',
      'TLS certificates',
      'os.path',
      'x <- c(1, 2, 3)',
    ];
    for (const query of queries) await expectSameResults(library, site, query);
    const vendors = library.listVendors();
    for (const vendor of vendors) await expectSameResults(library, site, 'configuration file', { filters: { vendor: vendor.vendor } });
    const lua = vendors.find((vendor) => vendor.vendor === 'lua')!;
    await expectSameResults(library, site, 'table', { filters: { vendor: 'lua', version: lua.versions[0]!.version } });
  });

  it('loads a small part of the site for one query', async () => {
    const loader = siteFileLoader(siteDir);
    const site = await StaticLibrary.open(loader);
    const startup = loader.bytesRead;
    await site.search('restore etcd snapshot');
    const query = loader.bytesRead - startup;
    expect(startup + query).toBeLessThan(report.bytes * 0.1);
    // Data only (site.json, docs.json, dups.bin, a few term shards, and the chunk blocks of the
    // results, their `more` chunks and the versions compared for near-identical text).
    expect(loader.filesRead.length).toBeLessThan(30);
  });

  it('stays far below 20,000 files', () => {
    expect(report.files).toBeLessThan(2_000);
    expect(report.files).toBe(listFiles(siteDir).length);
  });
});

describe('exportSite options', () => {
  const work = tempDir();
  let library: Library;
  beforeAll(async () => {
    const corpus = join(work.path, 'corpus');
    writeTree(corpus, smallCorpus());
    await ingest(corpus, join(work.path, 'index'));
    library = await openIndex(join(work.path, 'index'));
  });
  afterAll(() => work.cleanup());

  it('refuses a folder that holds something other than a site, and replaces a previous site', async () => {
    const other = join(work.path, 'other');
    writeTree(other, { 'keep.txt': 'mine' });
    await expect(exportSite(library, { outDir: other })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/not a McDewey site/) });
    expect(readFileSync(join(other, 'keep.txt'), 'utf8')).toBe('mine');

    const out = join(work.path, 'again');
    await exportSite(library, { outDir: out });
    writeTree(out, { 'stale.html': 'old' });
    await exportSite(library, { outDir: out });
    expect(existsSync(join(out, 'stale.html'))).toBe(false);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(readdirSync(work.path).filter((name) => name.startsWith('.again.export'))).toEqual([]);
  });

  it('checks the base path and the sizes', async () => {
    for (const basePath of ['docs', '/docs', '//x/', '/a/../b/', 'http://x/']) {
      await expect(exportSite(library, { outDir: join(work.path, 'bad'), basePath })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    await expect(exportSite(library, { outDir: join(work.path, 'bad'), rowsPerBlock: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(exportSite(library, { outDir: join(work.path, 'bad'), withModel: join(work.path, 'nope') })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/lexical-only/),
    });
    expect(existsSync(join(work.path, 'bad'))).toBe(false);
  });

  it('writes the same site for the same index (no dates, no randomness)', async () => {
    const a = join(work.path, 'a');
    const b = join(work.path, 'b');
    await exportSite(library, { outDir: a, basePath: '/docs/' });
    await exportSite(library, { outDir: b, basePath: '/docs/' });
    const files = listFiles(a).map((file) => relative(a, file));
    expect(listFiles(b).map((file) => relative(b, file))).toEqual(files);
    for (const file of files) expect(readFileSync(join(b, file)).equals(readFileSync(join(a, file))), file).toBe(true);
    expect(readFileSync(join(a, '404.html'), 'utf8')).toContain('href="/docs/index.html"');
  });
});

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out.sort();
}
