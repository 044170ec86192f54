import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, openIndex, type Library } from '@mcdewey/core';
import { loadTransformersEmbedder, writeTestModel } from '@mcdewey/core/models';
import { createApp, type McdeweyApp } from '@mcdewey/express';
import { exportSite } from '@mcdewey/static';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM, HAS_CHROMIUM, launchPersistentChromium } from '@mcdewey/test-support/chromium';
import { startStaticServer } from '@mcdewey/test-support/static-server';
import { apiSurface, cliSurface, copyCorpus, coreSurface, mcpSurface, staticSurface, type ContractQuery, type Observed, type Surface } from './contract-surfaces.js';

/**
 * One search, five surfaces: core `search()`, `mcdewey search --json`, `/api/search`, the MCP tool
 * `search_docs` and the exported static site in Chromium must show the same chunk ids in the same
 * order (and the same "more in this document" and "also in" ids, the same vendor/version read from
 * the query, the same mode and the same "no strong match") for every query, on an index with a
 * corpus-trained model and on one with a test model.
 *
 * Spelling is corrected on every surface alike (the static site ships the words a correction may
 * lead to), and searching as typed is compared too. The site is exported with float32 vectors: the default int8 vectors rank within 0.01 of core's cosines, not identically.
 */

const QUERIES: ContractQuery[] = [
  { q: 'restore a snapshot', mode: 'lexical' },
  { q: 'how do I take a backup of the cluster data', mode: 'semantic' },
  { q: 'coroutine yield and resume', mode: 'hybrid' },
  { q: 'garbage collection of userdata' },
  // Vendor and version named in the query: they rank that vendor/version first, on every surface.
  { q: 'etcd 3.6 snapshot restore' },
  { q: 'etcd v3.5 member add', mode: 'lexical' },
  { q: 'lua 5.2 metatables', mode: 'semantic' },
  // The same, read as plain words ("Understood: etcd v3.6 ×" removed; --no-interpret; interpret=0).
  { q: 'etcd 3.6 snapshot restore', interpret: false },
  // A misspelt query, corrected from the index's words; and the same searched as typed.
  { q: 'restore a snapshto of the clustr', mode: 'lexical' },
  { q: 'restore a snapshto of the clustr', mode: 'lexical', correct: false },
  // Filters.
  { q: 'string pattern matching', mode: 'hybrid', filters: { vendor: 'lua' } },
  { q: 'garbage collection', mode: 'semantic', filters: { version: 'v5.1' } },
  { q: 'add a member to the cluster', mode: 'lexical', filters: { vendor: 'etcd', version: 'v3.5' } },
  { q: 'role based access control', filters: { vendor: 'etcd', version: 'v3.6' } },
  { q: 'user permissions', mode: 'hybrid', filters: { doc: 'authentication-rbac' } },
  // No strong match, and nothing at all.
  { q: 'zyxxq plorfing wibbles', mode: 'hybrid' },
  { q: 'zyxxq plorfing wibbles', mode: 'semantic' },
  { q: 'quarterly payroll tax filing' },
  { q: 'coroutine', mode: 'lexical', filters: { vendor: 'etcd' } },
  // Second pages: the next results of the same list, in every mode.
  { q: 'cluster member', mode: 'lexical', offset: 10 },
  { q: 'how do I take a backup of the cluster data', mode: 'semantic', offset: 10 },
  { q: 'coroutine yield and resume', mode: 'hybrid', offset: 10 },
  { q: 'garbage collection of userdata', offset: 10 },
];

interface Setup {
  library: Library;
  surfaces: Surface[];
}

/** Ingests `corpus` into an index, exports its site with `modelDir`, and starts every surface over it. */
async function startSurfaces(
  work: string,
  kind: string,
  ingestIt: (index: string) => Promise<void>,
  modelDirOf: (index: string) => string,
  cleanups: (() => Promise<void>)[],
  browser: BrowserContext | undefined,
): Promise<Setup> {
  const index = join(work, `${kind}-index`);
  await ingestIt(index);
  // As `mcdewey search` and `mcdewey serve` open it: the model the index was built with.
  const library = await openIndex(index, { embedder: 'auto' });
  expect(library.embedderNotice).toBeUndefined();

  const app: McdeweyApp = createApp(library);
  const server: Server = await new Promise((done) => {
    const listening = app.listen(0, '127.0.0.1', () => done(listening));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new Client({ name: 'mcdewey-contract-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${origin}/mcp`)));
  cleanups.push(async () => {
    await client.close();
    await app.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  const surfaces = [coreSurface(library), cliSurface(index), apiSurface(origin), mcpSurface(client)];
  if (browser) {
    const site = join(work, `${kind}-site`);
    await exportSite(library, { outDir: site, withModel: modelDirOf(index), vectorPrecision: 'float32' });
    const files = await startStaticServer(site);
    const page = await staticSurface(files.url, browser);
    surfaces.push(page);
    cleanups.push(async () => {
      await page.close?.();
      await files.close();
    });
  }
  return { library, surfaces };
}

/** Runs `query` on every surface (at once: they are separate processes or wait on I/O). */
async function observeAll(surfaces: readonly Surface[], query: ContractQuery): Promise<Map<string, Observed>> {
  const observed = await Promise.all(surfaces.map(async (surface) => [surface.name, await surface.run(query)] as const));
  return new Map(observed);
}

if (!HAS_CHROMIUM) console.warn(`contract test: no Chromium at ${CHROMIUM}; the static site is not compared`);

describe('one search contract across core, CLI, API, MCP and the static site', () => {
  const work = mkdtempSync(join(tmpdir(), 'mcdewey-contract-'));
  const corpus = copyCorpus(join(work, 'corpus'), ['etcd', 'lua']);
  const cleanups: (() => Promise<void>)[] = [];
  let browser: BrowserContext | undefined;
  const setups = new Map<string, Promise<Setup>>();

  const kinds = {
    // What `mcdewey ingest` does when no model can be loaded: train one from the corpus.
    trained: () =>
      startSurfaces(
        work,
        'trained',
        async (index) => {
          const report = await ingest(corpus, index, { trainEmbedder: true });
          expect(report.trained?.modelId).toMatch(/^mcdewey-trained\//);
        },
        (index) => join(index, 'model'),
        cleanups,
        browser,
      ),
    // A small random model the test writes itself, as the semantic tests do.
    'test-model': async () => {
      const modelDir = await writeTestModel(join(work, 'test-model'), { dims: 32 });
      return startSurfaces(
        work,
        'test-model',
        async (index) => {
          const embedder = await loadTransformersEmbedder({ modelDir });
          try {
            await ingest(corpus, index, { embedder });
          } finally {
            await embedder.dispose?.();
          }
        },
        () => modelDir,
        cleanups,
        browser,
      );
    },
  };

  const setup = (kind: keyof typeof kinds): Promise<Setup> => {
    let pending = setups.get(kind);
    if (!pending) setups.set(kind, (pending = kinds[kind]()));
    return pending;
  };

  beforeAll(async () => {
    if (HAS_CHROMIUM) browser = await launchPersistentChromium(join(work, 'chromium-profile'));
    // Both indexes are built at once (two cores); each kind's tests wait for their own.
    for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) setup(kind).catch(() => {});
  }, 60_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  describe.each(Object.keys(kinds) as (keyof typeof kinds)[])('on an index with a %s model', (kind) => {
    beforeAll(async () => {
      const { library, surfaces } = await setup(kind);
      expect(library.manifest.embedder).toBeDefined();
      expect(surfaces.map((surface) => surface.name)).toEqual(['core', 'cli', 'api', 'mcp', ...(HAS_CHROMIUM ? ['static'] : [])]);
    }, 120_000);

    const title = (query: ContractQuery) =>
      `${query.q} (${[query.mode ?? 'default mode', query.filters && JSON.stringify(query.filters), query.interpret === false && 'not interpreted', query.correct === false && 'as typed', query.offset && `offset ${query.offset}`].filter(Boolean).join(', ')})`;
    it.each(QUERIES.map((query) => [title(query), query] as const))('%s', async (_name, query) => {
      const { surfaces } = await setup(kind);
      const observed = await observeAll(surfaces, query);
      const expected = observed.get('core')!;
      for (const [name, seen] of observed) expect({ surface: name, ...seen }).toEqual({ surface: name, ...expected });
      // The queries mean what their comments say (so that the comparison covers each case).
      if (query.mode) expect(expected.mode).toBe(query.mode);
      if (query.q.startsWith('zyxxq')) expect(expected.noStrongMatch).toBe(true);
      if (query.filters?.vendor === 'etcd' && query.q === 'coroutine') expect(expected.ids).toEqual([]);
      else expect(expected.ids.length).toBeGreaterThan(0);
      if (query.q.startsWith('etcd 3.6')) expect(expected.understood).toBe(query.interpret === false ? undefined : 'etcd v3.6');
      if (query.q.includes('snapshto')) expect(expected.corrected).toBe(query.correct === false ? undefined : 'restore a snapshot of the cluster');
      if (query.offset !== undefined) {
        // The first page pointed here, and this page repeats none of it.
        const second = observed.get('core')!;
        const {
          surfaces: [core],
        } = await setup(kind);
        const firstPage = await core!.run({ ...query, offset: undefined });
        expect(firstPage.next).toBe(query.offset);
        expect(second.ids.filter((id) => firstPage.ids.includes(id))).toEqual([]);
      }
    });
  });
});
