import { connectTestClient } from './fixtures/client.js';
import type { Library } from '@mcdewey/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkCardText } from '../src/format.js';
import { buildTestIndex } from './fixtures/corpus.js';

const CODE = 'acme serve \\\n    --data-dir /var/lib/acme';

let library: Library;
let cleanup: () => void;
let client: Client;

beforeAll(async () => {
  ({ library, cleanup } = await buildTestIndex({
    'acme/v3/guide/daemon.md': `# Daemon\n\nStart the daemon:\n\n\`\`\`sh\n${CODE}\n\`\`\`\n\nThen check the log.\n`,
  }));
  ({ client } = await connectTestClient(library, 'code-blocks-test'));
});
afterAll(async () => {
  await client?.close();
  cleanup?.();
});

describe('code for agents', () => {
  it('get_chunk and the chunk resource give code fenced, line breaks and indentation kept', async () => {
    const chunk = library.getDocument('acme::v3::guide::daemon').chunks.find((item) => item.text.includes('--data-dir'))!;
    expect(chunk.code?.map(([start, end]) => chunk.text.slice(start, end))).toEqual([CODE]);
    const result = (await client.callTool({ name: 'get_chunk', arguments: { chunk_id: chunk.id, context: 0 } })) as CallToolResult;
    const card = (result.structuredContent as { chunk: { text: string } }).chunk.text;
    expect(card).toContain(`\n\`\`\`\n${CODE}\n\`\`\`\n`);
    expect(chunkCardText(chunk)).toContain(`\`\`\`\n${CODE}\n\`\`\``);
  });
});
