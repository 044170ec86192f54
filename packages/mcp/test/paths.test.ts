import { tmpdir } from 'node:os';
import type { Library } from '@mcdewey/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { LoggingMessageNotificationSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactPaths } from '../src/redact.js';
import { createMcpServer } from '../src/server.js';
import { buildTestIndex } from './fixtures/corpus.js';

/** No message an MCP client sees names a folder of the server. */

let library: Library;
let indexDir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ library, dir: indexDir, cleanup } = await buildTestIndex());
});
afterAll(() => cleanup?.());

async function connect(lib: Library): Promise<{ client: Client; logs: unknown[] }> {
  const server = createMcpServer(lib, { onError: () => {} });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'paths-test', version: '1.0.0' });
  const logs: unknown[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void logs.push(notification.params.data));
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return { client, logs };
}

function expectNoServerPath(text: string): void {
  expect(text).not.toContain(indexDir);
  expect(text).not.toContain(tmpdir());
  expect(text).not.toMatch(/(^|[\s"'(])\/(tmp|home|root|srv|var|Users)\//);
}

describe('redactPaths', () => {
  it.each([
    ['No chunk "a::b::c::d::9" in the index at /srv/lib/index', ['/srv/lib/index'], 'No chunk "a::b::c::d::9" in the index at index'],
    ['Index /srv/lib/index/chunks.bin is damaged', ['/srv/lib/index/'], 'Index index/chunks.bin is damaged'],
    ["ENOENT: no such file or directory, open '/tmp/x/manifest.json'", [], "ENOENT: no such file or directory, open '<path>'"],
    ['Model folder C:\\models\\bge has no weights.', [], 'Model folder <path> has no weights.'],
    ['loaded from file:///opt/app/x.js: boom', [], 'loaded from <path>: boom'],
    ['(see /var/lib/x) and "/home/me/y"', [], '(see <path>) and "<path>"'],
  ])('%s', (message, roots, expected) => {
    expect(redactPaths(message, roots)).toBe(expected);
  });

  it('leaves URIs, chunk ids and relative paths alone', () => {
    const message = 'Resource not found: mcdewey://chunk/acme::v1::guide::backup::9 (acme/v1/guide/backup.md, a / b, and/or)';
    expect(redactPaths(message, ['/'])).toBe(message);
  });
});

describe('MCP errors name no server path', () => {
  it('get_chunk of an unknown chunk', async () => {
    const { client } = await connect(library);
    const result = (await client.callTool({ name: 'get_chunk', arguments: { chunk_id: 'acme::v2::guide::operations::99' } })) as CallToolResult;
    const text = (result.content[0] as { text: string }).text;
    expect(result.isError).toBe(true);
    expect(text).toMatch(/\(CHUNK_NOT_FOUND\): No chunk "acme::v2::guide::operations::99"/);
    expectNoServerPath(text);
    await client.close();
  });

  it('reading an unknown chunk or document resource', async () => {
    const { client } = await connect(library);
    for (const uri of ['mcdewey://chunk/acme::v2::guide::operations::99', 'mcdewey://doc/acme/v2/guide/nothing']) {
      const error = await client.readResource({ uri }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).message).toMatch(/Resource not found/);
      expectNoServerPath((error as McpError).message);
    }
    await client.close();
  });

  it('an unexpected error: the tool result, the log message and a resource read', async () => {
    const failure = () => {
      throw new Error(`EIO: i/o error, read '${indexDir}/chunks.bin' (also /tmp/elsewhere/x.bin)`);
    };
    const broken = Object.create(library, {
      getChunkInContext: { value: failure },
      getChunk: { value: failure },
    }) as Library;
    const { client, logs } = await connect(broken);
    const result = (await client.callTool({ name: 'get_chunk', arguments: { chunk_id: 'acme::v2::guide::operations::1' } })) as CallToolResult;
    const text = (result.content[0] as { text: string }).text;
    expect(text).toMatch(/internal error: EIO: i\/o error, read 'index\/chunks\.bin' \(also <path>\)/);
    expectNoServerPath(text);
    await expect.poll(() => logs.length).toBeGreaterThan(0);
    expectNoServerPath(JSON.stringify(logs));
    const error = (await client.readResource({ uri: 'mcdewey://chunk/acme::v2::guide::operations::1' }).catch((reason: unknown) => reason)) as McpError;
    expect(error.message).toMatch(/Internal error: EIO/);
    expectNoServerPath(error.message);
    await client.close();
  });
});
