import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildLibrary, startTestServer, type TestLibrary, type TestServer } from './helpers.js';

let corpus: TestLibrary;
let server: TestServer;
const unexpected: unknown[] = [];

beforeAll(async () => {
  corpus = await buildLibrary();
  // Changed at the same size after the index was opened: its checksum catches it when it loads.
  const path = join(corpus.indexDir, 'lexical.bin');
  const bytes = readFileSync(path);
  const middle = Math.floor(bytes.length / 2);
  bytes[middle] = bytes[middle]! ^ 0x20;
  writeFileSync(path, bytes);
  server = await startTestServer(corpus.library, { corpusDir: corpus.corpusDir, onError: (error) => unexpected.push(error) });
});
afterAll(async () => {
  await server?.close();
  corpus?.remove();
});

describe('a damaged index file', () => {
  test('answers the request with a 500 naming INDEX_CORRUPT and no server path, and keeps serving', async () => {
    const response = await fetch(`${server.origin}/api/search?q=snapshot`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INDEX_CORRUPT');
    expect(body.error.message).toMatch(/index .* is damaged.*re-run mcdewey ingest/);
    expect(body.error.message).not.toContain(corpus.indexDir);
    expect(unexpected).toEqual([expect.objectContaining({ code: 'INDEX_CORRUPT' })]);

    const page = await fetch(`${server.origin}/?q=snapshot`);
    expect(page.status).toBe(500);
    expect(await page.text()).toContain('re-run mcdewey ingest');
    expect((await fetch(`${server.origin}/api/vendors`)).status).toBe(200);
  });
});
