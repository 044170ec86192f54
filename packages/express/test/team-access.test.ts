import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Router } from 'express';
import { AuthFailure, createToken, revokeToken, tokenAuthenticator, type Authenticator, type CreateAppOptions } from '../src/index.js';
import { buildLibrary, rawGet, startTestServer, testdir, type TestLibrary, type TestServer } from './helpers.js';

// A team server: a token limited to one vendor (pdfco) on every route and every MCP tool and
// resource. The hidden vendor (acme) must answer exactly like a vendor that does not exist.

let corpus: TestLibrary;
let server: TestServer;
const folder = testdir();
const tokenFile = join(folder.dir, 'index.tokens.json');
const log: string[] = [];
let pdfcoToken: string;
let everyToken: string;

const HIDDEN_CHUNK = 'acme::v1::guide::backup::0';
const UNKNOWN_CHUNK = 'pdfco::v1::manual::nothing::0';
const HIDDEN_DOC = 'acme::v1::guide::backup';
const UNKNOWN_DOC = 'pdfco::v1::manual::nothing';

function appOptions(extra: Partial<CreateAppOptions> = {}): CreateAppOptions {
  return { corpusDir: corpus.corpusDir, auth: { authenticators: [tokenAuthenticator(tokenFile)] }, accessLog: (line) => log.push(line), ...extra };
}

beforeAll(async () => {
  corpus = await buildLibrary();
  pdfcoToken = (await createToken(tokenFile, { name: 'pdfco-bot', vendors: ['pdfco'] })).token;
  everyToken = (await createToken(tokenFile, { name: 'admin', vendors: 'all' })).token;
  server = await startTestServer(corpus.library, appOptions());
}, 60_000);
afterAll(async () => {
  await server?.close();
  corpus?.remove();
  folder.remove();
});

function get(path: string, token?: string): Promise<Response> {
  return fetch(`${server.origin}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };

function postMcp(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.origin}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
}

function expectSecurityHeaders(response: Response): void {
  // Originals carry their own policy (a PDF viewer needs it); pages and JSON the app's.
  const original = response.url.includes('/files/') && response.status === 200;
  expect(response.headers.get('content-security-policy')).toMatch(original ? /frame-ancestors 'self'/ : /default-src 'self'/);
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

const PROTECTED = [
  '/',
  '/?q=snapshot',
  '/partials/results?q=snapshot',
  `/chunk/${HIDDEN_CHUNK}`,
  `/doc/${HIDDEN_DOC}`,
  '/browse',
  '/browse/acme',
  '/browse/acme/v1',
  '/files/pdfco/v1/manual/guide.pdf',
  '/api/search?q=snapshot',
  '/api/vendors',
  '/api/documents',
  `/api/chunks/${HIDDEN_CHUNK}`,
  `/api/documents/${HIDDEN_DOC}`,
];

describe('without credentials', () => {
  test.each(PROTECTED)('%s answers 401 with a Bearer challenge, security headers and nothing of the library', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="McDewey"');
    expectSecurityHeaders(response);
    const body = await response.text();
    expect(body).not.toMatch(/acme|globex|Backups|Tuning/);
    if (path.startsWith('/api/')) expect(JSON.parse(body)).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringContaining('Sign-in required') } });
    else expect(body).toMatch(/<h1>Sign-in required<\/h1>[\s\S]*Authorization: Bearer/);
  });

  test('/mcp answers 401 with a JSON-RPC error and the challenge', async () => {
    const response = await postMcp(INITIALIZE);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="McDewey"');
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32001 } });
  });

  test('/healthz answers, without saying what the library holds; assets load for the sign-in page', async () => {
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expectSecurityHeaders(health);
    const page = await (await get('/')).text();
    const stylesheet = /href="([^"]*style\.css[^"]*)"/.exec(page)![1]!;
    expect((await get(stylesheet)).status).toBe(200);
  });

  test('a bad token gets invalid_token; a JWT is left to other authenticators (here none: a plain challenge)', async () => {
    const bad = await get('/api/vendors', `mcd_000000000000_${'A'.repeat(43)}`);
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer realm="McDewey", error="invalid_token", error_description="/);
    const jwt = await get('/api/vendors', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
    expect(jwt.headers.get('www-authenticate')).toBe('Bearer realm="McDewey"');
  });

  test('the Host check still comes first, with or without a token', async () => {
    for (const token of [undefined, everyToken]) {
      const response = await rawGet(server.origin, '/api/vendors', { host: 'evil.example', ...(token ? { authorization: `Bearer ${token}` } : {}) });
      expect(response.status).toBe(403);
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.body).toMatch(/Host/);
    }
  });
});

describe('a token limited to pdfco', () => {
  test('sees pdfco on every route it may use', async () => {
    for (const path of [
      '/',
      '/?q=gadget',
      '/partials/results?q=gadget',
      '/chunk/pdfco::v1::manual::guide::0',
      '/doc/pdfco::v1::manual::guide',
      '/browse',
      '/browse/pdfco',
      '/browse/pdfco/v1',
      '/files/pdfco/v1/manual/guide.pdf',
      '/api/search?q=gadget',
      '/api/vendors',
      '/api/documents',
      '/api/chunks/pdfco::v1::manual::guide::0',
      '/api/documents/pdfco::v1::manual::guide',
    ]) {
      const response = await get(path, pdfcoToken);
      expect(response.status, path).toBe(200);
      expectSecurityHeaders(response);
      const body = await response.text();
      expect(body, path).not.toMatch(/acme|globex|evil::/);
    }
    expect(await (await get('/api/vendors', pdfcoToken)).json()).toEqual({ vendors: [expect.objectContaining({ vendor: 'pdfco' })] });
  });

  test('search results, facets, suggestions and counts hold no other vendor', async () => {
    // "snapshot" is an acme and globex word.
    const page = await (await get('/?q=snapshot', pdfcoToken)).text();
    expect(page).not.toMatch(/acme|globex/i);
    const api = (await (await get('/api/search?q=snapshot+gadget&explain=1', pdfcoToken)).json()) as { results: { vendor: string }[] };
    expect(api.results.every((result) => result.vendor === 'pdfco')).toBe(true);
    expect(JSON.stringify(api)).not.toMatch(/acme|globex/);
    const filtered = await (await get('/api/search?q=snapshot&version=v1', pdfcoToken)).text();
    expect(filtered).not.toMatch(/acme|globex/);
  });

  test.each([
    [`/chunk/${HIDDEN_CHUNK}`, `/chunk/${UNKNOWN_CHUNK}`],
    [`/doc/${HIDDEN_DOC}`, `/doc/${UNKNOWN_DOC}`],
    [`/doc/${HIDDEN_DOC}?part=after&from=0`, `/doc/${UNKNOWN_DOC}?part=after&from=0`],
    ['/browse/acme', '/browse/nosuch'],
    ['/browse/acme/v1', '/browse/nosuch/v1'],
    ['/files/acme/v1/guide/backup.md', '/files/nosuch/v1/guide/backup.md'],
    [`/api/chunks/${HIDDEN_CHUNK}`, `/api/chunks/${UNKNOWN_CHUNK}`],
    [`/api/documents/${HIDDEN_DOC}`, `/api/documents/${UNKNOWN_DOC}`],
    ['/api/search?q=snapshot&vendor=acme', '/api/search?q=snapshot&vendor=nosuch'],
    ['/api/documents?vendor=acme', '/api/documents?vendor=nosuch'],
    ['/?q=snapshot&vendor=acme', '/?q=snapshot&vendor=nosuch'],
  ])('%s answers exactly as %s', async (hidden, unknown) => {
    const [a, b] = await Promise.all([get(hidden, pdfcoToken), get(unknown, pdfcoToken)]);
    expect(a.status).toBe(b.status);
    expect(a.status).toBeGreaterThanOrEqual(400);
    const names = (path: string) => [...new Set([HIDDEN_CHUNK, HIDDEN_DOC, UNKNOWN_CHUNK, UNKNOWN_DOC, 'acme', 'nosuch'].filter((name) => path.includes(name)))];
    const normalise = (text: string, path: string) => names(path).reduce((out, name) => out.split(name).join('<id>'), text);
    expect(normalise(await a.text(), hidden)).toBe(normalise(await b.text(), unknown));
  });

  test('a filter on a vendor the token may not see is 403, whether or not the vendor exists', async () => {
    for (const path of ['/api/search?q=snapshot&vendor=acme', '/api/search?q=snapshot&vendor=nosuch', '/api/documents?vendor=acme']) {
      const response = await get(path, pdfcoToken);
      expect(response.status, path).toBe(403);
      expect(((await response.json()) as { error: { code: string } }).error.code, path).toBe('VENDOR_NOT_ALLOWED');
    }
    // A vendor it may see still filters as before.
    expect((await get('/api/search?q=snapshot&vendor=pdfco', pdfcoToken)).status).toBe(200);
  });

  test('the all-vendors token sees the chunk the limited one cannot (the check above is real)', async () => {
    expect((await get(`/api/chunks/${HIDDEN_CHUNK}`, everyToken)).status).toBe(200);
    expect((await get(`/api/chunks/${HIDDEN_CHUNK}`, pdfcoToken)).status).toBe(404);
  });
});

async function connect(token: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'team-access-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${server.origin}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
  await client.connect(transport);
  return { client, transport };
}

type ToolText = { content: { type: string; text: string }[]; isError?: boolean };
const textOf = (result: unknown) => (result as ToolText).content.map((item) => item.text).join('\n');

describe('MCP with a token limited to pdfco', () => {
  test('every tool, resource, completion, prompt and the instructions show only pdfco', async () => {
    const { client } = await connect(pdfcoToken);
    try {
      expect(client.getInstructions() ?? '').not.toMatch(/acme|globex/);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['get_chunk', 'list_documents', 'list_vendors', 'read_document', 'search_docs']);
      expect(JSON.stringify(tools)).not.toMatch(/acme|globex/);

      const vendors = textOf(await client.callTool({ name: 'list_vendors', arguments: {} }));
      expect(vendors).toContain('pdfco');
      expect(vendors).not.toMatch(/acme|globex/);
      const documents = textOf(await client.callTool({ name: 'list_documents', arguments: {} }));
      expect(documents).toContain('pdfco::v1::manual::guide');
      expect(documents).not.toMatch(/acme|globex/);
      const found = textOf(await client.callTool({ name: 'search_docs', arguments: { query: 'snapshot gadget' } }));
      expect(found).not.toMatch(/acme|globex/);
      const refusedFilter = await client.callTool({ name: 'search_docs', arguments: { query: 'snapshot', vendor: 'acme' } });
      expect(textOf(refusedFilter)).not.toMatch(/globex/);

      const chunk = textOf(await client.callTool({ name: 'get_chunk', arguments: { chunk_id: 'pdfco::v1::manual::guide::0' } }));
      expect(chunk).toContain('Pdfco Guide');
      const hidden = await client.callTool({ name: 'get_chunk', arguments: { chunk_id: HIDDEN_CHUNK } });
      const unknown = await client.callTool({ name: 'get_chunk', arguments: { chunk_id: UNKNOWN_CHUNK } });
      expect(textOf(hidden).replace(HIDDEN_CHUNK, '<id>')).toBe(textOf(unknown).replace(UNKNOWN_CHUNK, '<id>'));
      expect((hidden as ToolText).isError).toBe(true);
      const hiddenDocument = await client.callTool({ name: 'read_document', arguments: { doc_id: HIDDEN_DOC } });
      const unknownDocument = await client.callTool({ name: 'read_document', arguments: { doc_id: UNKNOWN_DOC } });
      expect(textOf(hiddenDocument).split(HIDDEN_DOC).join('<id>')).toBe(textOf(unknownDocument).split(UNKNOWN_DOC).join('<id>'));

      const resources = await client.listResources();
      expect(resources.resources.length).toBeGreaterThan(0);
      expect(JSON.stringify(resources)).not.toMatch(/acme|globex/);
      const read = (uri: string) =>
        client.readResource({ uri }).then(
          (value) => JSON.stringify(value),
          (error: Error) => error.message,
        );
      expect(await read('mcdewey://chunk/pdfco::v1::manual::guide::0')).toContain('Pdfco Guide');
      expect((await read(`mcdewey://chunk/${HIDDEN_CHUNK}`)).split(HIDDEN_CHUNK).join('<id>')).toBe((await read(`mcdewey://chunk/${UNKNOWN_CHUNK}`)).split(UNKNOWN_CHUNK).join('<id>'));
      const withoutDocument = (text: string, vendor: string, group: string, doc: string) =>
        text.split(`${vendor}/v1/${group}/${doc}`).join('<id>').split(`${vendor}::v1::${group}::${doc}`).join('<id>');
      expect(withoutDocument(await read('mcdewey://doc/acme/v1/guide/backup'), 'acme', 'guide', 'backup')).toBe(
        withoutDocument(await read('mcdewey://doc/pdfco/v1/manual/nothing'), 'pdfco', 'manual', 'nothing'),
      );

      const completion = await client.complete({ ref: { type: 'ref/resource', uri: 'mcdewey://doc/{vendor}/{version}/{group}/{doc}' }, argument: { name: 'vendor', value: '' } });
      expect(completion.completion.values).toEqual(['pdfco']);
      const chunkCompletion = await client.complete({ ref: { type: 'ref/resource', uri: 'mcdewey://chunk/{chunk_id}' }, argument: { name: 'chunk_id', value: '' } });
      expect(JSON.stringify(chunkCompletion)).not.toMatch(/acme|globex/);
      const promptCompletion = await client.complete({ ref: { type: 'ref/prompt', name: 'answer_from_docs' }, argument: { name: 'vendor', value: '' } });
      expect(promptCompletion.completion.values).toEqual(['pdfco']);
      const prompt = await client.getPrompt({ name: 'answer_from_docs', arguments: { question: 'How do I calibrate?' } });
      expect(JSON.stringify(prompt)).not.toMatch(/acme|globex/);
    } finally {
      await client.close();
    }
  });

  test("a session belongs to the principal that opened it: another token's request is an unknown session", async () => {
    const { client, transport } = await connect(pdfcoToken);
    try {
      const sessionId = transport.sessionId!;
      const list = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_vendors', arguments: {} } };
      const [stolen, unknown] = await Promise.all([
        postMcp(list, { authorization: `Bearer ${everyToken}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' }),
        postMcp(list, { authorization: `Bearer ${everyToken}`, 'mcp-session-id': 'no-such-session', 'mcp-protocol-version': '2025-06-18' }),
      ]);
      expect(stolen.status).toBe(404);
      expect([stolen.status, await stolen.text()]).toEqual([unknown.status, await unknown.text()]);
      // Without a token, the session id alone gets nothing either.
      expect((await postMcp(list, { 'mcp-session-id': sessionId })).status).toBe(401);
    } finally {
      await client.close();
    }
  });
});

describe('revocation, limits and the access log', () => {
  test('a revoked token is refused on its next request, without a restart', async () => {
    const { token } = await createToken(tokenFile, { name: 'temporary', vendors: ['pdfco'] });
    expect((await get('/api/vendors', token)).status).toBe(200);
    await revokeToken(tokenFile, 'temporary');
    const refused = await get('/api/vendors', token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  test('each principal has its own request budget: over it, 429 with Retry-After', async () => {
    const limited = await startTestServer(corpus.library, appOptions({ rateLimit: { requests: 2, perSeconds: 60 } }));
    try {
      const call = (token: string) => fetch(`${limited.origin}/api/vendors`, { headers: { authorization: `Bearer ${token}` } });
      expect((await call(pdfcoToken)).status).toBe(200);
      expect((await call(pdfcoToken)).status).toBe(200);
      const over = await call(pdfcoToken);
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await over.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/at most 2 every 60 s/) } });
      expectSecurityHeaders(over);
      // Another principal is not slowed down by the first.
      expect((await call(everyToken)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  test('logs one line per request: time, principal, route or MCP tool, status, duration; never a token', async () => {
    const { client } = await connect(pdfcoToken);
    await client.callTool({ name: 'search_docs', arguments: { query: 'gadget' } });
    await client.close();
    await get('/api/search?q=gadget', pdfcoToken);
    await get('/api/vendors');
    const text = log.join('\n');
    expect(text).toMatch(/^\S+Z pdfco-bot POST \/mcp tools\/call search_docs 200 [\d.]+ms$/m);
    expect(text).toMatch(/^\S+Z pdfco-bot GET \/api\/search 200 [\d.]+ms$/m);
    expect(text).toMatch(/^\S+Z - GET \/api\/vendors 401 [\d.]+ms$/m);
    for (const token of [pdfcoToken, everyToken]) expect(text).not.toContain(token.slice(4));
    expect(text).not.toContain('q=gadget');
  });
});

describe('the seam another sign-in method (OIDC) plugs into', () => {
  test('its authenticators, challenge parameters, public routes and sign-in link', async () => {
    const person: Authenticator = async (request) => {
      const who = request.headers['x-test-user'];
      if (who === 'denied') throw new AuthFailure(403, 'insufficient_scope', 'No vendor is granted to this user');
      return who === 'ok' ? { name: 'person@example.com', via: 'oidc-session', vendors: ['globex'] } : undefined;
    };
    const publicRoutes = Router().get('/.well-known/oauth-protected-resource', (_request, response) => {
      response.json({ resource: 'http://127.0.0.1/mcp' });
    });
    const seam = await startTestServer(
      corpus.library,
      appOptions({
        auth: {
          authenticators: [person, tokenAuthenticator(tokenFile)],
          challenge: () => ({ resource_metadata: 'http://127.0.0.1/.well-known/oauth-protected-resource' }),
          publicRoutes,
          signIn: () => ({ href: '/login', label: 'Sign in with Example' }),
          signOut: (_request, principal) => (principal.via === 'oidc-session' ? { href: '/logout', label: 'Sign out' } : undefined),
        },
      }),
    );
    try {
      const call = (path: string, user?: string) => fetch(`${seam.origin}${path}`, { headers: user ? { 'x-test-user': user } : {} });
      const metadata = await call('/.well-known/oauth-protected-resource');
      expect(metadata.status).toBe(200);
      expectSecurityHeaders(metadata);
      const missing = await call('/api/vendors');
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="McDewey", resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource"');
      expect(await (await call('/')).text()).toContain('<a href="/login">Sign in with Example</a>');
      expect(await (await call('/api/vendors', 'ok')).json()).toEqual({ vendors: [expect.objectContaining({ vendor: 'globex' })] });
      // The header names who is signed in, with a sign-out link (a link: sign-out may go on to the issuer).
      expect(await (await call('/browse', 'ok')).text()).toContain('Signed in as <strong>person@example.com</strong></span><a class="sign-out" href="/logout">Sign out</a></nav>');
      const denied = await call('/api/vendors', 'denied');
      expect(denied.status).toBe(403);
      expect(denied.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect(await denied.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'No vendor is granted to this user' } });
      const deniedPage = await call('/browse', 'denied');
      expect([deniedPage.status, await deniedPage.text()]).toEqual([403, expect.stringContaining('<h1>Not allowed</h1>')]);
      // Tokens still work beside it.
      expect((await fetch(`${seam.origin}/api/vendors`, { headers: { authorization: `Bearer ${pdfcoToken}` } })).status).toBe(200);
    } finally {
      await seam.close();
    }
  });
});
