import { spawn, spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { jsonRpcChild, type JsonRpcChild } from '@mcdewey/test-support/json-rpc-child';
import { BIN, useTwoVendorIndex } from './two-vendor-index.js';
import { startServe } from './cli-run.js';

/** `mcdewey serve --allowed-hosts` and `mcdewey mcp` against hostile input, through the built CLI. */

const fixture = useTwoVendorIndex('mcdewey-cli-hardening-');

function get(url: string, host: string): Promise<{ status: number; body: string }> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: pathname, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('mcdewey serve --allowed-hosts', () => {
  it('answers the listed names and loopback ones on every route, and refuses other Host headers with 403', async () => {
    const { url, stop } = await startServe(['--index', fixture.index, '--corpus', fixture.corpus, '--port', '0', '--allowed-hosts', 'docs.example.com,wiki.example.com:8443']);
    let stopped = false;
    try {
      for (const path of ['healthz', 'api/vendors', 'browse']) {
        expect((await get(`${url}${path}`, 'docs.example.com')).status, path).toBe(200);
        expect((await get(`${url}${path}`, 'wiki.example.com:8443')).status, path).toBe(200);
        expect((await get(`${url}${path}`, 'localhost')).status, path).toBe(200);
        const refused = await get(`${url}${path}`, 'evil.example');
        expect(refused.status, path).toBe(403);
        expect(refused.body).toMatch(/^Forbidden: Host "evil\.example" is not allowed.*--allowed-hosts/);
      }
      stopped = true;
      expect(await stop()).toBe(0);
    } finally {
      if (!stopped) await stop();
    }
  });

  it.each([['https://docs.example.com'], ['docs.example.com/path'], [',']])('refuses %j with a one-line error and exit 2', (value) => {
    const result = spawnSync(process.execPath, [BIN, 'serve', '--index', fixture.index, '--port', '0', '--allowed-hosts', value], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--allowed-hosts.*(is not a host name|needs host names)/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

function mcp(): JsonRpcChild {
  return jsonRpcChild(spawn(process.execPath, [BIN, 'mcp', '--index', fixture.index]));
}

const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'cli-test', version: '1' } } });

describe('mcdewey mcp (stdio)', () => {
  it('answers a message over 10 MiB with a JSON-RPC error and goes on answering', async () => {
    const server = mcp();
    try {
      server.send(initialize);
      expect((await server.answer(1)).result.serverInfo.name).toBe('mcdewey');
      server.send(`{"jsonrpc":"2.0","method":"tools/call","params":{"name":"search_docs","arguments":{"query":"${'q'.repeat(11 * 1024 * 1024)}"}},"id":2}`);
      const tooLarge = await server.answer(2);
      expect(tooLarge.error).toMatchObject({ code: -32600, message: expect.stringMatching(/^Message too large/) });
      server.send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'search_docs', arguments: { query: 'cache size' } } }));
      expect((await server.answer(3)).result.structuredContent.results[0].vendor).toBe('globex');
      server.child.stdin.end();
      expect(await server.exit).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('ends with exit code 0 and no stack trace when the client closes its end of stdout', async () => {
    const server = mcp();
    try {
      server.send(initialize);
      await server.answer(1);
      server.child.stdout.destroy();
      for (let id = 2; id < 12; id++) server.send(JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list' }));
      expect(await server.exit).toBe(0);
      expect(server.stderr()).not.toMatch(/EPIPE|Error|unexpected|\n\s+at /);
    } finally {
      server.child.kill('SIGKILL');
    }
  });
});
