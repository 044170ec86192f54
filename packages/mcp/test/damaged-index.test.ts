import { connectTestClient } from './fixtures/client.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openIndex, type Library } from '@mcdewey/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestIndex } from './fixtures/corpus.js';

let library: Library;
let cleanup: () => void;
let client: Client;

beforeAll(async () => {
  const built = await buildTestIndex();
  built.library.close();
  cleanup = built.cleanup;
  // Changed at the same size: the checksum catches it when the lexical index loads.
  const path = join(built.dir, 'lexical.bin');
  const bytes = readFileSync(path);
  const middle = Math.floor(bytes.length / 2);
  bytes[middle] = bytes[middle]! ^ 0x20;
  writeFileSync(path, bytes);
  library = await openIndex(built.dir);
  ({ client } = await connectTestClient(library, 'mcdewey-test'));
});
afterAll(async () => {
  await client?.close();
  cleanup?.();
});

it('reports a damaged index file as a tool error naming INDEX_CORRUPT, and keeps serving', async () => {
  const result = (await client.callTool({ name: 'search_docs', arguments: { query: 'snapshot' } })) as CallToolResult;
  expect(result.isError).toBe(true);
  const text = (result.content[0] as { type: 'text'; text: string }).text;
  expect(text).toMatch(/^search_docs failed \(INDEX_CORRUPT\): .*lexical\.bin does not match its checksum/);
  expect(text).not.toContain(library.dir);
  const vendors = (await client.callTool({ name: 'list_vendors', arguments: {} })) as CallToolResult;
  expect(vendors.isError).toBeFalsy();
});
