import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mcdeweyRouter } from '../src/index.js';
import { buildLibrary, connectMcp as connect, listen, startTestServer, type TestLibrary } from './helpers.js';

let corpus: TestLibrary;

beforeAll(async () => {
  corpus = await buildLibrary();
});
afterAll(() => corpus?.remove());

describe('/mcp', () => {
  test('a real MCP client searches over Streamable HTTP and gets the same chunk ids as the web app', async () => {
    const server = await startTestServer(corpus.library, { corpusDir: corpus.corpusDir });
    const client = await connect(`${server.origin}/mcp`);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('search_docs');
      const result = (await client.callTool({ name: 'search_docs', arguments: { query: 'calibrate flux' } })) as { content: { type: string; text: string }[] };
      const api = (await (await fetch(`${server.origin}/api/search?q=calibrate+flux`)).json()) as { results: { id: string }[] };
      expect(api.results[0]!.id).toBe('pdfco::v1::manual::guide::2');
      expect(result.content[0]!.text).toContain(api.results[0]!.id);
    } finally {
      await client.close();
      await server.close();
    }
  });

  test('works under a mount path and ends its sessions on close()', async () => {
    const app = express();
    const router = mcdeweyRouter(corpus.library);
    app.use('/docs', router);
    const server = await listen(Object.assign(app, { close: () => router.close() }));
    const client = await connect(`${server.origin}/docs/mcp`);
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
      await server.close();
    }
  });

  test('a request from a foreign web page (Origin) is refused', async () => {
    const server = await startTestServer(corpus.library);
    try {
      const response = await fetch(`${server.origin}/mcp`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
      });
      expect(response.status).toBe(403);
    } finally {
      await server.close();
    }
  });

  test('a handler of your own replaces it', async () => {
    const server = await startTestServer(corpus.library, { mcp: (_request, response) => void response.status(418).json({ mine: true }) });
    try {
      const response = await fetch(`${server.origin}/mcp`, { method: 'POST' });
      expect(response.status).toBe(418);
      expect(await response.json()).toEqual({ mine: true });
    } finally {
      await server.close();
    }
  });
});
