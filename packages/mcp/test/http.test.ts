import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Library } from '@mcdewey/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHttpHandler, startMcpHttpServer, type RunningMcpHttpServer, type StartMcpHttpServerOptions } from '../src/http.js';
import { buildTestIndex } from './fixtures/corpus.js';

let library: Library;
let cleanup: () => void;
let server: RunningMcpHttpServer;

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-test', version: '1.0.0' } },
};
const ACCEPT = 'application/json, text/event-stream';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP request with any headers (fetch cannot set Host), resolved at the first body bytes for SSE. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean; sse?: boolean } = {}): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: options.method ?? 'POST', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (options.sse) {
          resolve({ status: res.statusCode!, headers: res.headers, body });
          res.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on('error', reject);
      if (options.sse && res.headers['content-type']?.includes('text/event-stream')) {
        resolve({ status: res.statusCode!, headers: res.headers, body });
        res.destroy();
      }
    });
    req.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked) {
        // No Content-Length: the body streams in pieces and only its size tells.
        const body = Buffer.from(options.body);
        for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
      } else {
        req.setHeader('content-length', Buffer.byteLength(options.body));
        req.write(options.body);
      }
    }
    req.end();
  });
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(url, { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers } });

/** The JSON-RPC error of a refused request. */
function rpcError(response: RawResponse): { code: number; message: string } {
  expect(response.headers['content-type']).toMatch(/application\/json/);
  const parsed = JSON.parse(response.body);
  expect(parsed).toMatchObject({ jsonrpc: '2.0', id: null });
  return parsed.error;
}

/** Opens a session with a raw initialize and returns its id. */
async function initialize(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await post(url, INITIALIZE, headers);
  expect(response.status).toBe(200);
  expect(response.body).toContain('"serverInfo"');
  const id = response.headers['mcp-session-id'];
  expect(typeof id).toBe('string');
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': id as string, 'mcp-protocol-version': '2025-06-18' });
  return id as string;
}

async function sdkClient(url: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  return { client, transport };
}

async function withServer<T>(options: Omit<StartMcpHttpServerOptions, 'library'>, run: (server: RunningMcpHttpServer) => Promise<T>): Promise<T> {
  const started = await startMcpHttpServer({ library, ...options });
  try {
    return await run(started);
  } finally {
    await started.close();
  }
}

beforeAll(async () => {
  ({ library, cleanup } = await buildTestIndex());
  server = await startMcpHttpServer({ library });
});

afterAll(async () => {
  await server?.close();
  cleanup?.();
});

describe('startMcpHttpServer', () => {
  it('listens on 127.0.0.1 and a free port by default, at /mcp', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/mcp`);
  });

  it('answers other paths with 404', async () => {
    const response = await post(server.url.replace('/mcp', '/other'), INITIALIZE);
    expect(response.status).toBe(404);
    expect(rpcError(response).message).toMatch(/\/mcp/);
  });
});

describe('the SDK client over Streamable HTTP', () => {
  it('initializes a session and calls every tool and reads resources', async () => {
    const { client, transport } = await sdkClient(server.url);
    expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.getInstructions()).toContain('acme');
    expect((await client.listTools()).tools).toHaveLength(5);
    const search = (await client.callTool({ name: 'search_docs', arguments: { query: 'coolant pump primed', limit: 3 } })) as CallToolResult;
    const hit = (search.structuredContent as { results: { chunk_id: string; page?: number }[] }).results[0]!;
    expect(hit.page).toBe(2);
    const chunk = (await client.callTool({ name: 'get_chunk', arguments: { chunk_id: hit.chunk_id } })) as CallToolResult;
    expect((chunk.structuredContent as { chunk: { chunk_id: string } }).chunk.chunk_id).toBe(hit.chunk_id);
    const vendors = (await client.callTool({ name: 'list_vendors', arguments: {} })) as CallToolResult;
    expect(vendors.isError).toBeFalsy();
    const documents = (await client.callTool({ name: 'list_documents', arguments: { vendor: 'acme' } })) as CallToolResult;
    expect((documents.structuredContent as { total: number }).total).toBe(4);
    const bad = (await client.callTool({ name: 'get_chunk', arguments: { chunk_id: 'nope' } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    const resource = await client.readResource({ uri: `mcdewey://chunk/${hit.chunk_id}` });
    expect((resource.contents[0] as { text: string }).text).toContain(`chunk_id  ${hit.chunk_id}`);
    expect((await client.listResources()).resources.length).toBeGreaterThan(0);
    expect(await client.setLoggingLevel('info')).toEqual({});
    expect(await client.ping()).toEqual({});
    await transport.terminateSession();
    await client.close();
  });

  it('serves concurrent clients, each in its own session; DELETE ends a session', async () => {
    const before = server.handler.sessionCount;
    const clients = await Promise.all(Array.from({ length: 5 }, () => sdkClient(server.url)));
    expect(new Set(clients.map(({ transport }) => transport.sessionId)).size).toBe(5);
    expect(server.handler.sessionCount).toBe(before + 5);
    const results = await Promise.all(clients.map(({ client }, i) => client.callTool({ name: 'search_docs', arguments: { query: i % 2 ? 'snapshot' : 'cache size' } })));
    expect(results.every((result) => !result.isError)).toBe(true);
    for (const { client, transport } of clients) {
      await transport.terminateSession();
      await client.close();
    }
    expect(server.handler.sessionCount).toBe(before);
  });
});

describe('Origin and Host checks', () => {
  it('refuses a foreign Origin with 403 and a JSON-RPC error', async () => {
    const response = await post(server.url, INITIALIZE, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(rpcError(response).message).toMatch(/Origin "https:\/\/evil\.example" is not allowed/);
    expect((await post(server.url, INITIALIZE, { origin: 'null' })).status).toBe(403);
  });

  it('allows no Origin and loopback origins on any port', async () => {
    for (const origin of [undefined, 'http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'https://localhost']) {
      const response = await post(server.url, INITIALIZE, origin ? { origin } : {});
      expect(response.status, origin).toBe(200);
    }
  });

  it('allows origins on the allow-list', async () => {
    await withServer({ allowedOrigins: ['https://docs.example.com'] }, async (custom) => {
      expect((await post(custom.url, INITIALIZE, { origin: 'https://docs.example.com' })).status).toBe(200);
      expect((await post(custom.url, INITIALIZE, { origin: 'https://docs.example.com.evil.example' })).status).toBe(403);
    });
  });

  it('refuses a foreign Host header (DNS rebinding) with 403, on every method', async () => {
    for (const method of ['POST', 'GET', 'DELETE']) {
      const response = await raw(server.url, {
        method,
        headers: { host: `evil.example.com:${server.port}`, 'content-type': 'application/json', accept: ACCEPT },
        ...(method === 'POST' ? { body: JSON.stringify(INITIALIZE) } : {}),
      });
      expect(response.status, method).toBe(403);
      expect(rpcError(response).message).toMatch(/Host "evil\.example\.com:\d+" is not allowed/);
    }
  });

  it('accepts loopback Host names and hosts on the allow-list', async () => {
    expect((await post(server.url, INITIALIZE, { host: `localhost:${server.port}` })).status).toBe(200);
    expect((await post(server.url, INITIALIZE, { host: `[::1]:${server.port}` })).status).toBe(200);
    await withServer({ allowedHosts: ['docs.internal'] }, async (custom) => {
      expect((await post(custom.url, INITIALIZE, { host: `docs.internal:${custom.port}` })).status).toBe(200);
      expect((await post(custom.url, INITIALIZE, { host: 'other.internal' })).status).toBe(403);
    });
  });
});

describe('request bodies', () => {
  it('answers a body over the limit with 413, by Content-Length or while streaming', async () => {
    await withServer({ maxBodyBytes: 10_000 }, async (small) => {
      const big = JSON.stringify({ ...INITIALIZE, padding: 'x'.repeat(20_000) });
      const declared = await post(small.url, big);
      expect(declared.status).toBe(413);
      expect(rpcError(declared).message).toMatch(/limit is 10000/);
      const streamed = await raw(small.url, { body: 'x'.repeat(300_000), chunked: true, headers: { 'content-type': 'application/json', accept: ACCEPT } });
      expect(streamed.status).toBe(413);
      expect((await post(small.url, INITIALIZE)).status).toBe(200);
    });
  });

  it('answers malformed JSON with 400 and a JSON-RPC parse error', async () => {
    const response = await post(server.url, '{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(response.status).toBe(400);
    expect(rpcError(response)).toMatchObject({ code: -32700, message: expect.stringMatching(/^Parse error/) });
  });

  it('uses a body an Express-style parser already put on req.body', async () => {
    const handler = createMcpHttpHandler(library);
    const host = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (text += chunk));
      req.on('end', () => {
        Object.assign(req, { body: text ? JSON.parse(text) : undefined });
        void handler(req, res);
      });
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(host.address() as AddressInfo).port}/mcp`;
    try {
      const { client, transport } = await sdkClient(url);
      expect((await client.callTool({ name: 'search_docs', arguments: { query: 'snapshot' } })).isError).toBeFalsy();
      await transport.terminateSession();
      await client.close();
    } finally {
      await handler.close();
      host.closeAllConnections();
      await new Promise((resolve) => host.close(resolve));
    }
  });
});

describe('session semantics (stateful Streamable HTTP)', () => {
  it('refuses a request other than initialize without a session id with 400', async () => {
    const response = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(response.status).toBe(400);
    expect(rpcError(response).message).toMatch(/Mcp-Session-Id/);
  });

  it('answers an unknown session id with 404 on POST, GET and DELETE', async () => {
    const headers = { 'mcp-session-id': '00000000-0000-0000-0000-000000000000', accept: ACCEPT, 'content-type': 'application/json' };
    for (const method of ['POST', 'GET', 'DELETE']) {
      const response = await raw(server.url, { method, headers, ...(method === 'POST' ? { body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }) } : {}) });
      expect(response.status, method).toBe(404);
      expect(rpcError(response).code).toBe(-32001);
    }
  });

  it('answers GET and DELETE without a session id with 400, and other methods with 405', async () => {
    expect((await raw(server.url, { method: 'GET', headers: { accept: 'text/event-stream' } })).status).toBe(400);
    expect((await raw(server.url, { method: 'DELETE' })).status).toBe(400);
    const put = await raw(server.url, { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, POST, DELETE');
    expect(rpcError(put).message).toMatch(/POST, GET or DELETE/);
  });

  it('opens the server-to-client SSE stream on GET with a session id', async () => {
    const id = await initialize(server.url);
    const response = await raw(server.url, { method: 'GET', sse: true, headers: { accept: 'text/event-stream', 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' } });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/event-stream/);
    await raw(server.url, { method: 'DELETE', headers: { 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' } });
  });

  it('ends a session on DELETE; the id then gets 404', async () => {
    const id = await initialize(server.url);
    const headers = { 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' };
    const ping = { jsonrpc: '2.0', id: 5, method: 'ping' };
    expect((await post(server.url, ping, headers)).status).toBe(200);
    expect((await raw(server.url, { method: 'DELETE', headers })).status).toBe(200);
    expect((await post(server.url, ping, headers)).status).toBe(404);
  });

  it('keeps at most maxSessions, closing the least recently used', async () => {
    await withServer({ maxSessions: 2 }, async (small) => {
      const first = await initialize(small.url);
      const second = await initialize(small.url);
      const third = await initialize(small.url);
      expect(small.handler.sessionCount).toBe(2);
      const ping = (id: string) => post(small.url, { jsonrpc: '2.0', id: 9, method: 'ping' }, { 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' });
      expect((await ping(first)).status).toBe(404);
      expect((await ping(second)).status).toBe(200);
      expect((await ping(third)).status).toBe(200);
    });
  });

  it('closes idle sessions after sessionIdleMs', async () => {
    await withServer({ sessionIdleMs: 100 }, async (quick) => {
      await initialize(quick.url);
      expect(quick.handler.sessionCount).toBe(1);
      await expect.poll(() => quick.handler.sessionCount, { timeout: 5000, interval: 100 }).toBe(0);
    });
  });

  it('closes every session on close()', async () => {
    const started = await startMcpHttpServer({ library });
    await initialize(started.url);
    await initialize(started.url);
    expect(started.handler.sessionCount).toBe(2);
    await started.close();
    expect(started.handler.sessionCount).toBe(0);
    await expect(post(started.url, INITIALIZE)).rejects.toThrow();
  });
});
