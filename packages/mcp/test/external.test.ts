import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Library } from '@mcdewey/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpHttpServer, type RunningMcpHttpServer } from '../src/http.js';
import { bundleSource, PACKAGE_DIR } from './fixtures/bundle.js';
import { buildTestIndex } from './fixtures/corpus.js';

/**
 * McDewey driven by real external clients: the MCP Inspector CLI (over Streamable HTTP and over
 * stdio) and the SDK's stdio client spawning the server as a process.
 */

const require = createRequire(import.meta.url);
/** The Inspector CLI (v1, the one that runs on Node 20). */
const INSPECTOR_BUILD = join(dirname(require.resolve('@modelcontextprotocol/inspector-cli/package.json')), 'build');
const STDIO_FIXTURE = join(PACKAGE_DIR, 'test', 'fixtures', 'stdio-server.mjs');

let library: Library;
let indexDir: string;
let cleanupIndex: () => void;
let bundle: { file: string; cleanup: () => void };
let http: RunningMcpHttpServer;

/**
 * Runs `mcp-inspector-cli --cli ...` and parses its JSON output. The CLI finds its own package.json
 * through a path relative to the working directory, so it runs in its build folder.
 */
function inspector(args: string[]): Promise<any> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(INSPECTOR_BUILD, 'cli.js'), '--cli', ...args], { cwd: INSPECTOR_BUILD, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`inspector failed: ${error.message}\n${stderr}\n${stdout}`));
        return;
      }
      resolve(JSON.parse(stdout));
    });
  });
}

beforeAll(async () => {
  ({ library, dir: indexDir, cleanup: cleanupIndex } = await buildTestIndex());
  bundle = await bundleSource();
  http = await startMcpHttpServer({ library });
});

afterAll(async () => {
  await http?.close();
  bundle?.cleanup();
  cleanupIndex?.();
});

describe('MCP Inspector CLI over Streamable HTTP', () => {
  const target = () => [http.url, '--transport', 'http'];

  it('lists the tools', async () => {
    const { tools } = await inspector([...target(), '--method', 'tools/list']);
    expect(tools.map((tool: { name: string }) => tool.name).sort()).toEqual(['get_chunk', 'list_documents', 'list_vendors', 'read_document', 'search_docs']);
  });

  it('calls search_docs and gets structured results', async () => {
    const result = await inspector([...target(), '--method', 'tools/call', '--tool-name', 'search_docs', '--tool-arg', 'query=coolant pump', '--tool-arg', 'limit=2']);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.results[0]).toMatchObject({ vendor: 'globex', page: 2 });
    expect(JSON.parse(result.content[0].text)).toEqual(result.structuredContent);
  });

  it('gets an isError result for a limit out of range', async () => {
    const result = await inspector([...target(), '--method', 'tools/call', '--tool-name', 'search_docs', '--tool-arg', 'query=snapshot', '--tool-arg', 'limit=500']);
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/limit must be an integer from 1 to 50/);
  });

  it('lists resources and resource templates', async () => {
    const [{ resources }, { resourceTemplates }] = await Promise.all([inspector([...target(), '--method', 'resources/list']), inspector([...target(), '--method', 'resources/templates/list'])]);
    expect(resources.length).toBeGreaterThan(0);
    expect(resourceTemplates).toHaveLength(2);
  });

  it('reads a chunk resource', async () => {
    const { contents } = await inspector([...target(), '--method', 'resources/read', '--uri', 'mcdewey://chunk/acme::v1::guide::backup::1']);
    expect(contents[0].text).toContain('chunk_id  acme::v1::guide::backup::1');
  });

  it('lists prompts and sets the log level', async () => {
    const [{ prompts }, level] = await Promise.all([inspector([...target(), '--method', 'prompts/list']), inspector([...target(), '--method', 'logging/setLevel', '--log-level', 'debug'])]);
    expect(prompts[0].name).toBe('answer_from_docs');
    expect(level).toEqual({});
  });
});

describe('McDewey over stdio as a child process', () => {
  it('serves the MCP Inspector CLI', async () => {
    const result = await inspector(['-e', `MCDEWEY_MCP_ENTRY=${bundle.file}`, process.execPath, STDIO_FIXTURE, indexDir, '--method', 'tools/call', '--tool-name', 'list_vendors']);
    expect(result.structuredContent.totals).toEqual({ vendors: 2, versions: 3, documents: library.documents.length, chunks: library.chunkCount });
  });

  it('serves the SDK stdio client, with diagnostics only on stderr, and exits when stdin closes', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [STDIO_FIXTURE, indexDir],
      env: { ...(process.env as Record<string, string>), MCDEWEY_MCP_ENTRY: bundle.file },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    const pid = transport.pid!;
    const search = (await client.callTool({ name: 'search_docs', arguments: { query: 'cache size' } })) as CallToolResult;
    expect((search.structuredContent as { results: { vendor: string }[] }).results[0]!.vendor).toBe('globex');
    const bad = (await client.callTool({ name: 'search_docs', arguments: { query: '' } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(stderr).toMatch(/mcdewey mcp: serving \d+ documents \(\d+ chunks\) from .* over stdio/);
    await client.close();
    await expect.poll(() => isRunning(pid), { timeout: 5000 }).toBe(false);
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
