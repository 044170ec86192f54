import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LiveLibrary, ingest, type Library } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../src/index.js';
import { SAMPLE_CORPUS, connectMcp, listen, testdir, type TestServer } from './helpers.js';

// A library that swaps itself under load: the bundled corpus (without its large PDFs) copied
// under the temporary folder, one document rewritten before each of 10 re-ingests, while
// /api/search, /mcp in a session and /mcp stateless are kept busy.

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };
const EDITION = 'live/v1/notes/edition.md';

let folder: ReturnType<typeof testdir>;
let corpus = '';
let index = '';

/** Rewrites the document that tells which edition of the corpus an index was made from. */
function writeEdition(edition: number): void {
  const path = join(corpus, EDITION);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `# Edition\n\nThe zebrafish edition is e${edition}.\n`);
}

/** The edition a search answer quotes, from its JSON. */
function editionIn(text: string): number {
  const found = /edition is e(\d+)/.exec(text);
  if (!found) throw new Error(`no edition in ${text.slice(0, 200)}`);
  return Number(found[1]);
}

const openFiles = () => readdirSync('/proc/self/fd').length;

beforeAll(async () => {
  folder = testdir();
  corpus = join(folder.dir, 'corpus');
  index = join(folder.dir, 'index');
  cpSync(SAMPLE_CORPUS, corpus, { recursive: true, filter: (source) => !source.endsWith('.pdf') && !source.includes(`${sep}r-project`) });
  writeEdition(0);
  await ingest(corpus, index);
});
afterAll(() => folder?.remove());

describe('a live library behind the web app and /mcp', () => {
  test('keeps /api/search and /mcp (session and stateless) busy across 10 swaps: no errors, each answer from one whole generation, old generations released', async () => {
    const live = await LiveLibrary.open(index);
    const generations = new Map<number, WeakRef<Library>>([[1, new WeakRef(live.current())]]);
    live.on('swap', ({ generation, library }) => generations.set(generation, new WeakRef(library)));
    const retired: number[] = [];
    live.on('retire', ({ generation }) => retired.push(generation));

    const sessions: TestServer = await listen(createApp(live));
    const stateless: TestServer = await listen(createApp(live, { mcp: { stateless: true } }));
    const client = await connectMcp(`${sessions.origin}/mcp`);
    const counts = { api: 0, session: 0, stateless: 0 };
    const failures: string[] = [];

    /** Checks that an answer came from a generation served while the request was in flight. */
    const within = (kind: string, from: number, to: number, edition: number, generation?: number) => {
      if (edition + 1 < from || edition + 1 > to) failures.push(`${kind}: edition e${edition} outside generations ${from}..${to}`);
      if (generation !== undefined && generation !== edition + 1) failures.push(`${kind}: generation ${generation} answered with edition e${edition}`);
    };
    const calls = {
      api: async () => {
        const from = live.generation;
        const response = await fetch(`${sessions.origin}/api/search?q=zebrafish+edition`);
        const body = await response.text();
        if (response.status !== 200) throw new Error(`/api/search ${response.status}: ${body.slice(0, 200)}`);
        within('api', from, live.generation, editionIn(body), Number(response.headers.get('mcdewey-generation')));
      },
      session: async () => {
        const from = live.generation;
        const result = (await client.callTool({ name: 'search_docs', arguments: { query: 'zebrafish edition', limit: 3 } })) as { isError?: boolean; content: { text: string }[] };
        if (result.isError) throw new Error(`search_docs: ${result.content[0]!.text}`);
        within('session', from, live.generation, editionIn(result.content[0]!.text));
      },
      stateless: async () => {
        const from = live.generation;
        const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'search_docs', arguments: { query: 'zebrafish edition', limit: 3 } } };
        const response = await fetch(`${stateless.origin}/mcp`, { method: 'POST', headers: MCP_HEADERS, body: JSON.stringify(call) });
        const body = await response.text();
        if (response.status !== 200 || body.includes('"isError":true')) throw new Error(`stateless /mcp ${response.status}: ${body.slice(0, 200)}`);
        within('stateless', from, live.generation, editionIn(body));
      },
    };

    try {
      // Warm up every path once, so that what stays open (sockets, the MCP SDK) is in the baseline.
      for (const [kind, call] of Object.entries(calls)) {
        await call();
        counts[kind as keyof typeof counts]++;
      }
      collectGarbage();
      const baseline = { files: openFiles(), heap: process.memoryUsage().heapUsed };

      let swapping = true;
      const worker = async (kind: keyof typeof calls) => {
        while (swapping) {
          try {
            await calls[kind]();
            counts[kind]++;
          } catch (error) {
            failures.push(`${kind}: ${(error as Error).message}`);
          }
          // A breath between requests, so that the re-ingests in this same process get a turn.
          await new Promise((resume) => setTimeout(resume, 5));
        }
      };
      const workers = [worker('api'), worker('session'), worker('stateless')];
      for (let edition = 1; edition <= 10; edition++) {
        writeEdition(edition);
        await live.reingest(corpus);
        await new Promise((resume) => setTimeout(resume, 40));
      }
      swapping = false;
      await Promise.all(workers);

      expect(failures).toEqual([]);
      expect(live.generation).toBe(11);
      // Every kind of request ran while the swaps happened, not only before or after them.
      expect(counts.api).toBeGreaterThan(10);
      expect(counts.session).toBeGreaterThan(10);
      expect(counts.stateless).toBeGreaterThan(10);
      await calls.api();

      // Replaced generations are disposed once their requests end: files closed, nothing retained.
      await expect.poll(() => live.status().draining, { timeout: 5000 }).toBe(0);
      expect(retired.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      collectGarbage();
      await new Promise((resume) => setTimeout(resume, 50));
      collectGarbage();
      const after = { files: openFiles(), heap: process.memoryUsage().heapUsed };
      expect(after.files).toBeLessThanOrEqual(baseline.files + 2);
      const kept = [...generations].filter(([, ref]) => ref.deref() !== undefined).map(([generation]) => generation);
      expect(kept).toEqual([11]);
      console.error(
        `live swaps: ${JSON.stringify(counts)} requests, open files ${baseline.files} → ${after.files}, heap ${(baseline.heap / 2 ** 20).toFixed(1)} → ${(after.heap / 2 ** 20).toFixed(1)} MiB`,
      );
    } finally {
      await client.close();
      await sessions.close();
      await stateless.close();
      await live.close();
    }
  }, 300_000);

  test('/healthz tells the generation, the last ingest and a failed re-ingest, which keeps the old index serving', async () => {
    const live = await LiveLibrary.open(index);
    const server = await listen(createApp(live));
    try {
      writeEdition(20);
      await live.reingest(corpus);
      const health = (await (await fetch(`${server.origin}/healthz`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'ok', generation: 2, index: { generation: 2, draining: 0, lastIngest: { processed: 1, removed: 0 } } });
      expect(Date.parse((health.index as { loadedAt: string }).loadedAt)).toBeGreaterThan(Date.now() - 60_000);

      // Another ingest holds the lock: this re-ingest fails, generation 2 keeps answering.
      writeFileSync(`${index}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), token: 'other' }));
      writeEdition(21);
      await expect(live.reingest(corpus)).rejects.toMatchObject({ code: 'INDEX_LOCKED' });
      rmSync(`${index}.lock`);
      const failed = (await (await fetch(`${server.origin}/healthz`)).json()) as { generation: number; index: { lastError: { code: string; message: string } } };
      expect(failed).toMatchObject({ generation: 2, index: { lastError: { code: 'INDEX_LOCKED' } } });
      const search = await fetch(`${server.origin}/api/search?q=zebrafish`);
      expect(search.headers.get('mcdewey-generation')).toBe('2');
      expect(editionIn(await search.text())).toBe(20);
    } finally {
      await server.close();
      await live.close();
    }
  });
});
