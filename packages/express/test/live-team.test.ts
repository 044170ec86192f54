import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LiveLibrary, ingest } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp, createToken, tokenAuthenticator } from '../src/index.js';
import { listen, testdir, type TestServer } from './helpers.js';

// A team server over a live library: each request leases the generation served when it arrived,
// then sees only its principal's vendors of it; MCP does the same per tool call.

const folder = testdir({
  'corpus/acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n',
  'corpus/globex/9.0/manual/tuning.txt': 'Tuning\n\nIncrease the cache size.\n',
});
const corpus = join(folder.dir, 'corpus');
const tokenFile = join(folder.dir, 'index.tokens.json');
const ACME_NEW = 'acme::v1::guide::upgrade::0';
const GLOBEX_NEW = 'globex::9.0::manual::flux::0';

let live: LiveLibrary;
let sessions: TestServer;
let stateless: TestServer;
let acmeToken = '';

beforeAll(async () => {
  await ingest(corpus, join(folder.dir, 'index'));
  live = await LiveLibrary.open(join(folder.dir, 'index'));
  acmeToken = (await createToken(tokenFile, { name: 'acme-bot', vendors: ['acme'] })).token;
  const auth = { authenticators: [tokenAuthenticator(tokenFile)] };
  sessions = await listen(createApp(live, { auth }));
  stateless = await listen(createApp(live, { auth, mcp: { stateless: true } }));
}, 60_000);
afterAll(async () => {
  await sessions?.close();
  await stateless?.close();
  await live?.close();
  folder.remove();
});

const withToken = () => ({ authorization: `Bearer ${acmeToken}` });

async function searchIds(query: string): Promise<{ generation: string | null; ids: string[] }> {
  const response = await fetch(`${sessions.origin}/api/search?q=${encodeURIComponent(query)}`, { headers: withToken() });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { results: { id: string }[] };
  return { generation: response.headers.get('mcdewey-generation'), ids: body.results.map((result) => result.id) };
}

async function statelessSearch(query: string): Promise<string> {
  const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'search_docs', arguments: { query, limit: 10 } } };
  const response = await fetch(`${stateless.origin}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18', ...withToken() },
    body: JSON.stringify(call),
  });
  expect(response.status).toBe(200);
  return response.text();
}

describe('a live library behind a team server', () => {
  test('/healthz says only "ok" with auth: no generation, no last ingest, no generation header', async () => {
    const response = await fetch(`${sessions.origin}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('mcdewey-generation')).toBeNull();
    const refused = await fetch(`${sessions.origin}/api/search?q=snapshot`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('mcdewey-generation')).toBeNull();
  });

  test('after a swap, pages, the API and MCP (session and stateless) serve the new generation, still scoped to the principal', async () => {
    const client = new Client({ name: 'live-team-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${sessions.origin}/mcp`), { requestInit: { headers: withToken() } }));
    try {
      expect(await searchIds('flux capacitor')).toEqual({ generation: '1', ids: [] });
      const vendorsBefore = (await client.callTool({ name: 'list_vendors', arguments: {} })) as { content: { text: string }[] };
      expect(vendorsBefore.content[0]!.text).not.toContain('globex');

      writeFileSync(join(corpus, 'acme/v1/guide/upgrade.md'), '# Upgrading\n\nUpgrade the flux capacitor with `acme upgrade`.\n');
      writeFileSync(join(corpus, 'globex/9.0/manual/flux.txt'), 'Flux\n\nThe globex flux capacitor is for globex readers only.\n');
      await live.reingest(corpus);
      expect(live.generation).toBe(2);

      expect(await searchIds('flux capacitor')).toEqual({ generation: '2', ids: [ACME_NEW] });
      const documents = (await (await fetch(`${sessions.origin}/api/documents`, { headers: withToken() })).json()) as { documents: { id: string }[] };
      expect(documents.documents.map((document) => document.id).sort()).toEqual(['acme::v1::guide::backup', 'acme::v1::guide::upgrade']);
      const hidden = await fetch(`${sessions.origin}/api/chunks/${GLOBEX_NEW}`, { headers: withToken() });
      expect(hidden.status).toBe(404);
      const page = await (await fetch(`${sessions.origin}/?q=flux+capacitor`, { headers: withToken() })).text();
      expect(page).toContain('acme upgrade');
      expect(page).not.toContain('globex readers');

      // The session opened on generation 1 answers from generation 2, as its principal sees it.
      const found = (await client.callTool({ name: 'search_docs', arguments: { query: 'flux capacitor', limit: 10 } })) as { content: { text: string }[] };
      expect(found.content[0]!.text).toContain(ACME_NEW);
      expect(found.content[0]!.text).not.toContain('globex');
      const chunk = (await client.callTool({ name: 'get_chunk', arguments: { chunk_id: GLOBEX_NEW } })) as { isError?: boolean };
      expect(chunk.isError).toBe(true);

      const statelessAnswer = await statelessSearch('flux capacitor');
      expect(statelessAnswer).toContain(ACME_NEW);
      expect(statelessAnswer).not.toContain('globex readers');

      // Nothing holds generation 1 once its requests ended: scoped views do not keep it alive.
      await expect.poll(() => live.status().draining, { timeout: 5000 }).toBe(0);
    } finally {
      await client.close();
    }
  }, 60_000);
});
