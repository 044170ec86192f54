import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the examples as a newcomer would: `node examples/<name>.mjs ...`. The Express example has
// its own test (express-app.test.ts) because it is a server that must be stopped.
const example = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
let dir = '';
let corpus = '';
let index = '';

function run(name: string, args: string[]) {
  return spawnSync(process.execPath, [example(name), ...args], { encoding: 'utf8', timeout: 120_000 });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcdewey-examples-'));
  corpus = join(dir, 'corpus');
  index = join(dir, 'index');
  const files: Record<string, string> = {
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n\n## Restore\n\nRestore a cluster from a snapshot with `acme snapshot restore`.\n',
    'globex/9.0/manual/tuning.md': '# Tuning\n\nIncrease the cache size.\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(corpus, path)), { recursive: true });
    writeFileSync(join(corpus, path), text);
  }
  await ingest(corpus, index);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples', () => {
  it('core-search.mjs ingests a corpus, searches and prints a chunk in context', () => {
    const result = run('core-search.mjs', [corpus, join(dir, 'core-index'), 'restore a cluster from a snapshot']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('results (lexical) for "restore a cluster from a snapshot"');
    expect(result.stdout).toContain('acme::v1::guide::backup::1');
    expect(result.stderr).toContain('indexed 2 documents');
  });

  it('mcp-client.mjs connects to an in-process MCP server and runs search_docs', () => {
    const result = run('mcp-client.mjs', ['--index', index, 'snapshot']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('connected to mcdewey');
    expect(result.stdout).toMatch(/acme::v1::guide::backup::\d/);
  });

  it('mcp-client.mjs talks to a running /mcp endpoint by URL, with the query given after it', async () => {
    const { openIndex } = await import('@mcdewey/core');
    const { startMcpHttpServer } = await import('@mcdewey/mcp');
    const server = await startMcpHttpServer({ library: await openIndex(index), host: '127.0.0.1', port: 0 });
    try {
      const child = spawn(process.execPath, [example('mcp-client.mjs'), server.url, 'cache size'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      expect(stdout).toContain('for "cache size"');
      expect(stdout).toContain('globex::9.0::manual::tuning::0');
    } finally {
      await server.close();
    }
  });

  it('mcp-client.mjs talks to `mcdewey mcp` over stdio', () => {
    const result = run('mcp-client.mjs', ['--stdio', index, 'cache size']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('globex::9.0::manual::tuning::0');
  });

  it('fetch-site.mjs fetches a loopback site, ingests it and prints results with their vendor-site links', async () => {
    const { createServer } = await import('node:http');
    const pages: Record<string, string> = {
      '/docs/': '<html><head><title>Docs</title></head><body><main><h1>Docs</h1><p>Start.</p><a href="install.html">Install</a></main></body></html>',
      '/docs/install.html': '<html><head><title>Install</title></head><body><main><h1 id="install">Install</h1><p>Install the widget daemon with the installer.</p></main></body></html>',
    };
    const server = createServer((request, response) => {
      const body = pages[request.url ?? ''];
      if (body === undefined) response.writeHead(404).end();
      else response.writeHead(200, { 'content-type': 'text/html' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const child = spawn(process.execPath, [example('fetch-site.mjs'), `${origin}/docs/`, join(dir, 'fetched'), 'widgets', 'v1', 'install the widget daemon'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      expect(stdout).toContain('fetched: 2 added, 0 changed, 0 unchanged');
      expect(stdout).toContain(`View on vendor site: ${origin}/docs/install.html#install`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('mcp-client.mjs without arguments prints its usage and exits 2', () => {
    const result = run('mcp-client.mjs', []);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: node examples/mcp-client.mjs');
  });

  it('live-library.mjs serves a LiveLibrary and swaps in a document added to the watched corpus', async () => {
    const liveCorpus = join(dir, 'live-corpus');
    mkdirSync(join(liveCorpus, 'acme/v1/guide'), { recursive: true });
    writeFileSync(join(liveCorpus, 'acme/v1/guide/backup.md'), '# Backups\n\nTake a snapshot with `acme snapshot save`.\n');
    const child = spawn(process.execPath, [example('live-library.mjs'), liveCorpus, join(dir, 'live-index'), 'flux capacitor', '--swaps', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await expect.poll(() => stderr, { timeout: 30_000 }).toContain('watching ');
    writeFileSync(join(liveCorpus, 'acme/v1/guide/upgrade.md'), '# Upgrading\n\nUpgrade the flux capacitor with `acme upgrade`.\n');
    expect(await exit).toBe(0);
    expect(stderr).toMatch(/serving generation 1 at http:\/\/127\.0\.0\.1:\d+\//);
    expect(stdout).toContain('generation 1: no results for "flux capacitor"');
    expect(stdout).toContain('generation 2: acme::v1::guide::upgrade::0 for "flux capacitor"');
  });

  it('every `node` entry of the MCP client configurations, paths filled in, starts a server that lists its tools', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const clone = fileURLToPath(new URL('../', import.meta.url));
    const configDir = example('mcp-client-config');
    let launched = 0;
    for (const file of readdirSync(configDir).filter((name) => name.endsWith('.json'))) {
      const config = JSON.parse(readFileSync(join(configDir, file), 'utf8')) as { mcpServers: Record<string, { command?: string; args?: string[] }> };
      expect(Object.keys(config.mcpServers), file).toContain('mcdewey');
      for (const [name, server] of Object.entries(config.mcpServers)) {
        // `npx` entries need the published package: the pack test runs them against the packed one.
        if (server.command !== 'node') continue;
        const args = server.args!.map((arg) => arg.replace('/absolute/path/to/mcdewey/', clone).replace('/absolute/path/to/.mcdewey/index', index));
        const client = new Client({ name: 'examples-test', version: '0' });
        await client.connect(new StdioClientTransport({ command: process.execPath, args }));
        try {
          const { tools } = await client.listTools();
          expect(
            tools.map((tool) => tool.name),
            `${file} ${name}`,
          ).toContain('search_docs');
        } finally {
          await client.close();
        }
        launched++;
      }
    }
    expect(launched).toBeGreaterThanOrEqual(2);
  });
});
