import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BIN, useTwoVendorIndex } from './two-vendor-index.js';

/** `mcdewey serve --public-url --stateless` and `mcdewey mcp --public-url`, through the built CLI. */

const PUBLIC_URL = 'https://docs.example.com/docs';
const CARD_URI = 'ui://mcdewey/chunk-card.html';
const PROTOCOL = '2025-06-18';
const fixture = useTwoVendorIndex('mcdewey-cli-serve-flags-');

/** Starts `mcdewey serve` with extra flags; resolves with its URL and a stop function that checks a clean exit. */
async function startServe(flags: string[]): Promise<{ url: string; stop: () => Promise<number | null>; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--index', fixture.index, '--corpus', fixture.corpus, '--port', '0', ...flags], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  let url: string | undefined;
  for (let waited = 0; url === undefined; waited += 50) {
    if (child.exitCode !== null || waited > 30_000) throw new Error(`serve did not start: ${stderr}`);
    await delay(50);
    url = /McDewey is running at (http:\/\/\S+\/)/.exec(stderr)?.[1];
  }
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return { url, stop, stderr: () => stderr };
}

function rpc(id: number, method: string, params: unknown) {
  return { jsonrpc: '2.0', id, method, params };
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': PROTOCOL },
    body: JSON.stringify(body),
  });
}

describe('mcdewey serve --stateless --public-url', () => {
  it('answers every POST to /mcp as plain JSON without a session, refuses GET with 405, and links the chunk card to the public URL', async () => {
    const server = await startServe(['--stateless', '--public-url', `${PUBLIC_URL}/`]);
    try {
      expect(server.stderr()).toContain('(stateless)');
      // No initialize first, no Mcp-Session-Id: a stateless endpoint answers each call on its own.
      const search = await post(server.url, rpc(1, 'tools/call', { name: 'search_docs', arguments: { query: 'snapshot', limit: 3 } }));
      expect(search.status).toBe(200);
      expect(search.headers.get('content-type')).toMatch(/^application\/json/);
      expect(search.headers.get('mcp-session-id')).toBeNull();
      const found = (await search.json()) as { result: { structuredContent: { results: { chunk_id: string }[] } } };
      expect(found.result.structuredContent.results[0]!.chunk_id).toBe('acme::v1::guide::backup::0');

      const card = await post(server.url, rpc(2, 'resources/read', { uri: CARD_URI }));
      const html = ((await card.json()) as { result: { contents: { text: string }[] } }).result.contents[0]!.text;
      expect(html).toContain(`{"publicUrl":"${PUBLIC_URL}"}`);

      const get = await fetch(`${server.url}mcp`, { headers: { accept: 'text/event-stream' } });
      expect(get.status).toBe(405);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('keeps sessions and gives the card no link without the flags', async () => {
    const server = await startServe([]);
    try {
      const init = await post(server.url, rpc(1, 'initialize', { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'test', version: '1' } }));
      expect(init.status).toBe(200);
      expect(init.headers.get('mcp-session-id')).toMatch(/\S/);
      await init.body?.cancel();
      const sessionless = await post(server.url, rpc(2, 'tools/call', { name: 'search_docs', arguments: { query: 'snapshot' } }));
      expect(sessionless.status).toBe(400);
      await sessionless.body?.cancel();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it.each([['ftp://docs.example.com'], ['docs.example.com'], ['https://docs.example.com/?q=1'], ['https://user:pw@docs.example.com']])(
    'refuses --public-url %j with a one-line error and exit 2, for serve and mcp',
    (value) => {
      for (const command of ['serve', 'mcp']) {
        const result = spawnSync(process.execPath, [BIN, command, '--index', fixture.index, '--public-url', value], { encoding: 'utf8', timeout: 20_000 });
        expect(result.status, command).toBe(2);
        expect(result.stderr).toMatch(/--public-url must be an absolute http\(s\) URL/);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
      }
    },
  );
});

describe('mcdewey mcp --public-url', () => {
  it('links the chunk card of the stdio server to the public URL', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp', '--index', fixture.index, '--public-url', PUBLIC_URL], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const answers = new Map<number, { result?: { contents: { text: string }[] } }>();
      let buffer = '';
      const waiters = new Map<number, () => void>();
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (data: string) => {
        buffer += data;
        for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
          const message = JSON.parse(buffer.slice(0, newline)) as { id?: number };
          buffer = buffer.slice(newline + 1);
          if (typeof message.id === 'number') {
            answers.set(message.id, message as never);
            waiters.get(message.id)?.();
          }
        }
      });
      const call = (id: number, method: string, params: unknown) => {
        const answered = new Promise<void>((resolve) => waiters.set(id, resolve));
        child.stdin.write(`${JSON.stringify(rpc(id, method, params))}\n`);
        return answered;
      };
      await call(1, 'initialize', { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'test', version: '1' } });
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
      await call(2, 'resources/read', { uri: CARD_URI });
      expect(answers.get(2)!.result!.contents[0]!.text).toContain(`{"publicUrl":"${PUBLIC_URL}"}`);
      const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.stdin.end();
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
