import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRpcChild, type JsonRpcChild } from '@mcdewey/test-support/json-rpc-child';
import { bundleSource, PACKAGE_DIR } from './fixtures/bundle.js';
import { buildTestIndex } from './fixtures/corpus.js';

/** `mcdewey mcp` over stdio as a child process, fed hostile input by hand (no SDK client in the way). */

const STDIO_FIXTURE = join(PACKAGE_DIR, 'test', 'fixtures', 'stdio-server.mjs');
const LIMIT = 10 * 1024 * 1024;

let indexDir: string;
let cleanupIndex: () => void;
let bundle: { file: string; cleanup: () => void };

beforeAll(async () => {
  ({ dir: indexDir, cleanup: cleanupIndex } = await buildTestIndex());
  bundle = await bundleSource();
});

afterAll(() => {
  bundle?.cleanup();
  cleanupIndex?.();
});

/** The stdio server fixture as a child process, over the index built for these tests. */
function serve(): JsonRpcChild {
  return jsonRpcChild(spawn(process.execPath, [STDIO_FIXTURE, indexDir], { env: { ...process.env, MCDEWEY_MCP_ENTRY: bundle.file } }));
}

async function initialize(served: JsonRpcChild): Promise<void> {
  served.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'stdio-test', version: '1' } } });
  expect((await served.answer(1)).result.serverInfo.name).toBe('mcdewey');
  served.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
}

describe('mcdewey mcp over stdio', () => {
  it('answers a line over 10 MiB with a JSON-RPC error for that message and keeps answering', async () => {
    const served = serve();
    try {
      await initialize(served);
      const huge = 'x'.repeat(LIMIT + 1024);
      // The SDK client puts the id last; the server reads it off the end of the dropped line.
      served.send(`{"jsonrpc":"2.0","method":"tools/call","params":{"name":"search_docs","arguments":{"query":"${huge}"}},"id":2}`);
      const tooLarge = await served.answer(2);
      expect(tooLarge.error.code).toBe(-32600);
      expect(tooLarge.error.message).toMatch(/^Message too large: \d+ bytes; the limit is 10485760 bytes/);
      // No id to be read: the answer has id null, as JSON-RPC says.
      served.send(`{"jsonrpc":"2.0","method":"tools/call","params":{"padding":"${huge}"}}`);
      expect((await served.answer(null)).error.message).toMatch(/Message too large/);

      served.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'search_docs', arguments: { query: 'cache size' } } });
      const search = await served.answer(3);
      expect(search.result.isError).toBeFalsy();
      expect(search.result.structuredContent.results[0].vendor).toBe('globex');
      // A line just under the limit is still read (and answered on its merits).
      served.send({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'search_docs', arguments: { query: 'y'.repeat(LIMIT - 200) } } });
      expect((await served.answer(4)).result.isError).toBe(true);
      served.send({ jsonrpc: '2.0', id: 5, method: 'tools/list' });
      expect((await served.answer(5)).result.tools.length).toBeGreaterThan(0);
      expect(served.child.exitCode).toBeNull();
      expect(served.stderr()).toMatch(/dropped a message of \d+ bytes/);
    } finally {
      served.child.stdin.end();
      expect(await served.exit).toBe(0);
    }
  });

  it('ends quietly with exit code 0 when the client closes stdout (EPIPE)', async () => {
    const served = serve();
    try {
      await initialize(served);
      served.child.stdout.destroy();
      // Answers to these now go to a pipe nobody reads.
      for (let id = 10; id < 20; id++) served.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'list_vendors', arguments: {} } });
      expect(await served.exit).toBe(0);
      expect(served.stderr()).not.toMatch(/EPIPE|Error|\n\s+at /);
    } finally {
      served.child.kill('SIGKILL');
    }
  });
});
