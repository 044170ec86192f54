import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Library } from '@mcdewey/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpHttpServer, type RunningMcpHttpServer } from '../src/http.js';
import { releaseAnsweredJsonStreams } from '../src/sdk-json-streams.js';
import { createMcpServer } from '../src/server.js';
import { buildTestIndex } from './fixtures/corpus.js';

let library: Library;
let cleanup: () => void;

beforeAll(async () => {
  ({ library, cleanup } = await buildTestIndex());
});
afterAll(() => cleanup?.());

const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };

const searchCall = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'search_docs', arguments: { query: 'snapshot restore', limit: 2 } } });

describe('stateless mode', () => {
  let server: RunningMcpHttpServer;
  beforeAll(async () => {
    server = await startMcpHttpServer({ library, stateless: true });
  });
  afterAll(() => server?.close());

  it('answers a tools/call POST as plain JSON with no session, initialize or session id needed', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: HEADERS, body: JSON.stringify(searchCall(7)) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('mcp-session-id')).toBeNull();
    const message = await response.json();
    expect(message.id).toBe(7);
    expect(message.result.structuredContent.results[0].chunk_id).toMatch(/^acme::v[12]::guide::backup::\d+$/);
    expect(server.handler.sessionCount).toBe(0);
  });

  it('serves concurrent requests, each with its own answer, and reuses its servers', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(server.url, { method: 'POST', headers: HEADERS, body: JSON.stringify(searchCall(100 + i)) }).then((r) => r.json())));
    expect(answers.map((answer) => answer.id)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(answers.every((answer) => Array.isArray(answer.result.structuredContent.results))).toBe(true);
  });

  it('works with the SDK client (initialize, list and call, no session)', async () => {
    const client = new Client({ name: 'stateless-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(server.url));
    await client.connect(transport);
    expect(transport.sessionId).toBeUndefined();
    const tools = await client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toContain('read_document');
    const result = (await client.callTool({ name: 'read_document', arguments: { doc_id: 'acme::v1::guide::backup' } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.content.filter((item) => item.type === 'resource_link').length).toBeGreaterThan(1);
    await client.close();
  });

  it('refuses GET and DELETE with 405: there is no session and no server-to-client stream', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(server.url, { method, headers: { accept: 'text/event-stream', 'mcp-session-id': 'x' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect((await response.json()).error.message).toContain('this endpoint is stateless');
    }
  });

  it('still checks Origin and the body like the stateful handler', async () => {
    const foreign = await fetch(server.url, { method: 'POST', headers: { ...HEADERS, origin: 'https://evil.example' }, body: JSON.stringify(searchCall(1)) });
    expect(foreign.status).toBe(403);
    const malformed = await fetch(server.url, { method: 'POST', headers: HEADERS, body: '{"jsonrpc":' });
    expect(malformed.status).toBe(400);
  });
});

describe('stateful JSON responses', () => {
  /** Five calls over one stateful JSON-response session; the stream entries its transport still holds after them. */
  async function streamEntriesAfterCalls(release: boolean): Promise<number> {
    const mcp = createMcpServer(library);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), enableJsonResponse: true });
    await mcp.connect(transport);
    const http = createServer((req, res) => {
      void transport.handleRequest(req, res).then(() => {
        if (release) releaseAnsweredJsonStreams(transport);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const client = new Client({ name: 'json-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`)));
    for (let i = 0; i < 5; i++) await client.callTool({ name: 'search_docs', arguments: { query: 'snapshot' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // JSON-response entries only: the client's GET stream has an entry of its own, rightly.
    const streams = (transport as unknown as { _webStandardTransport: { _streamMapping: Map<string, { resolveJson?: unknown }> } })._webStandardTransport._streamMapping;
    const entries = [...streams.values()].filter((stream) => stream.resolveJson).length;
    await client.close();
    await mcp.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    return entries;
  }

  it('leave no answered stream behind (typescript-sdk #2559, worked around by releaseAnsweredJsonStreams)', async () => {
    expect(await streamEntriesAfterCalls(true)).toBe(0);
    // Without the workaround the SDK keeps one entry per answered POST. When this fails, the SDK is
    // fixed: remove src/sdk-json-streams.ts.
    expect(await streamEntriesAfterCalls(false)).toBeGreaterThanOrEqual(5);
  });

  it('the handler releases them: many calls over one session keep its memory flat', async () => {
    await using server = await startMcpHttpServer({ library, enableJsonResponse: true });
    const client = new Client({ name: 'json-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    for (let i = 0; i < 3; i++) {
      const result = (await client.callTool({ name: 'search_docs', arguments: { query: 'snapshot' } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
    }
    await client.close();
  });
});
