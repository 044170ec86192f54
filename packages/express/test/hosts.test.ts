import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { McdeweyError } from '@mcdewey/core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toClientError } from '../src/errors.js';
import { createApp, mcdeweyRouter } from '../src/index.js';
import { buildLibrary, listen, startTestServer, type TestLibrary, type TestServer } from './helpers.js';

let corpus: TestLibrary;
let server: TestServer;

beforeAll(async () => {
  corpus = await buildLibrary();
  server = await startTestServer(corpus.library, { corpusDir: corpus.corpusDir });
});
afterAll(async () => {
  await server?.close();
  corpus?.remove();
});

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** A request with the Host header given (fetch would not send one of ours). */
function send(origin: string, path: string, host: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: { host, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
const MCP_POST = { method: 'POST', body: INITIALIZE, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } };

/** One request on every kind of route the router serves. */
const ROUTES: [string, string, Parameters<typeof send>[3]?][] = [
  ['search page', '/?q=snapshot'],
  ['results fragment', '/partials/results?q=snapshot'],
  ['chunk page', '/chunk/acme::v1::guide::backup::0'],
  ['document view', '/doc/acme::v1::guide::backup'],
  ['browse', '/browse/acme/v1'],
  ['original file', '/files/pdfco/v1/manual/guide.pdf'],
  ['asset', '/assets/style.css'],
  ['health', '/healthz'],
  ['JSON search', '/api/search?q=snapshot'],
  ['JSON chunk', '/api/chunks/acme::v1::guide::backup::0'],
  ['MCP', '/mcp', MCP_POST],
  ['unknown path', '/no/such/page'],
];

describe('the Host header is checked on every route (DNS rebinding)', () => {
  test.each(ROUTES)('%s: a foreign Host gets 403 with one line of text', async (_name, path, options) => {
    for (const host of ['evil.example', `evil.example:${new URL(server.origin).port}`, '127.0.0.1.nip.io']) {
      const answer = await send(server.origin, path, host, options);
      expect(answer.status, `${host} ${path}`).toBe(403);
      if (path !== '/mcp') expect(answer.type).toMatch(/^text\/plain/);
      expect(answer.body).toContain(`Forbidden: Host "${host}" is not allowed`);
      expect(answer.body).not.toMatch(/snapshot|Backups|%PDF/);
    }
  });

  test.each(ROUTES.filter(([name]) => name !== 'unknown path'))('%s: loopback names are served, with the port or without', async (_name, path, options) => {
    const port = new URL(server.origin).port;
    for (const host of ['localhost', `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await send(server.origin, path, host, options)).status, `${host} ${path}`).toBe(200);
    }
  });

  test('allowedHosts adds names, on the pages and on /mcp alike', async () => {
    const named = await startTestServer(corpus.library, { allowedHosts: ['docs.example.com', 'wiki.example.com:8443'] });
    try {
      expect((await send(named.origin, '/healthz', 'docs.example.com')).status).toBe(200);
      expect((await send(named.origin, '/api/vendors', 'DOCS.example.com:3000')).status).toBe(200);
      expect((await send(named.origin, '/mcp', 'docs.example.com', MCP_POST)).status).toBe(200);
      expect((await send(named.origin, '/healthz', 'wiki.example.com:8443')).status).toBe(200);
      expect((await send(named.origin, '/healthz', 'wiki.example.com:9000')).status).toBe(403);
      const refused = await send(named.origin, '/', 'evil.example');
      expect(refused.status).toBe(403);
      expect(refused.body).toContain('allowed: localhost, 127.0.0.1, [::1], docs.example.com, wiki.example.com:8443');
    } finally {
      await named.close();
    }
  });

  test('mounted in an app, the router checks its own routes; the redirect of createApp is checked too', async () => {
    const app = express();
    const router = mcdeweyRouter(corpus.library);
    app.use('/docs', router);
    app.get('/elsewhere', (_request, response) => void response.send('host app'));
    const mounted = await listen(Object.assign(app, { close: () => router.close() }));
    const based = await startTestServer(corpus.library, { basePath: '/docs' });
    try {
      expect((await send(mounted.origin, '/docs/healthz', 'evil.example')).status).toBe(403);
      expect((await send(mounted.origin, '/docs/mcp', 'evil.example', MCP_POST)).status).toBe(403);
      expect((await send(mounted.origin, '/docs/healthz', 'localhost')).status).toBe(200);
      expect((await send(mounted.origin, '/elsewhere', 'evil.example')).body).toBe('host app');
      expect((await send(based.origin, '/', 'evil.example')).status).toBe(403);
      expect((await send(based.origin, '/', 'localhost')).status).toBe(302);
    } finally {
      await mounted.close();
      await based.close();
    }
  });

  test('a malformed allowedHosts entry is a TypeError naming it', () => {
    expect(() => createApp(corpus.library, { allowedHosts: ['https://docs.example.com'] })).toThrow(/allowedHosts: "https:\/\/docs\.example\.com" is not a host name/);
  });
});

describe('error answers name no server path', () => {
  const forbidden = () => [corpus.indexDir, corpus.corpusDir, tmpdir()];

  test.each([
    ['JSON chunk', '/api/chunks/acme::v1::guide::backup::99', 404],
    ['JSON document', '/api/documents/acme::v1::guide::nothing', 404],
    ['chunk page', '/chunk/acme::v1::guide::backup::99', 404],
    ['document view', '/doc/acme::v1::guide::nothing', 404],
    ['original file', '/files/acme/v1/guide/nothing.md', 404],
    ['bad chunk id', '/api/chunks/not-an-id', 400],
    ['unknown vendor', '/api/search?q=x&vendor=initech', 400],
  ])('%s', async (_name, path, status) => {
    const answer = await send(server.origin, path, 'localhost');
    expect(answer.status).toBe(status);
    for (const dir of forbidden()) expect(answer.body).not.toContain(dir);
  });

  test('a McDewey error that names a path shows it relative to the index folder, or not at all', () => {
    const error = new McdeweyError('INVALID_ARGUMENT', `cannot read ${corpus.indexDir}/manifest.json (nor /etc/mcdewey.conf)`);
    const client = toClientError(error, [corpus.indexDir]);
    expect(client.message).toBe('cannot read index/manifest.json (nor <path>)');
  });
});
