import { spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from './cli-run.js';
import { BIN, useTwoVendorIndex } from './two-vendor-index.js';

/** `mcdewey serve --stateless --workers <n>`: several processes answering one port, through the built CLI. */

const PROTOCOL = '2025-06-18';
const fixture = useTwoVendorIndex('mcdewey-cli-serve-workers-');

/** The worker processes of the primary `pid` (`pgrep -P`, on Linux and macOS). */
function workersOf(pid: number): number[] {
  const listed = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return listed.stdout.split('\n').filter(Boolean).map(Number);
}

async function waitForWorkers(pid: number, count: number, except: number[] = []): Promise<number[]> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const workers = workersOf(pid);
    if (workers.length === count && !workers.some((worker) => except.includes(worker))) return workers;
    await delay(100);
  }
  throw new Error(`serve did not have ${count} workers: ${workersOf(pid).join(', ')}`);
}

async function waitForLine(server: RunningServe, line: string): Promise<void> {
  for (let waited = 0; !server.stderr().includes(line); waited += 50) {
    if (waited > 30_000) throw new Error(`serve did not say ${JSON.stringify(line)}: ${server.stderr()}`);
    await delay(50);
  }
}

/** A stateless `search_docs` call on a new connection (so the primary hands it to the next worker). */
async function searchOnce(url: string, id: number): Promise<string> {
  const response = await fetch(`${url}mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': PROTOCOL, connection: 'close' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'search_docs', arguments: { query: 'snapshot', limit: 3 } } }),
  });
  expect(response.status).toBe(200);
  const answer = (await response.json()) as { result: { structuredContent: { results: { chunk_id: string }[] } } };
  return answer.result.structuredContent.results[0]!.chunk_id;
}

describe('mcdewey serve --stateless --workers 2', () => {
  it('answers /mcp and /healthz from two worker processes on one port, replaces a worker that dies, and stops them all on SIGTERM', async () => {
    const server = await startServe(['--index', fixture.index, '--corpus', fixture.corpus, '--port', '0', '--stateless', '--workers', '2']);
    try {
      expect(server.stderr()).toContain('(stateless, 2 workers)');
      // The banner is printed once, by the primary, not once per worker.
      expect(server.stderr().match(/McDewey is running at/g)).toHaveLength(1);
      const [first, second] = await waitForWorkers(server.pid, 2);
      const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => searchOnce(server.url, n + 1)));
      expect(new Set(answers)).toEqual(new Set(['acme::v1::guide::backup::0']));
      expect((await fetch(`${server.url}healthz`)).status).toBe(200);

      // Each worker alone answers: kill one, the other serves while the primary starts a replacement.
      process.kill(first!, 'SIGKILL');
      await waitForLine(server, `worker ${first} stopped (SIGKILL); starting another`);
      expect(await searchOnce(server.url, 20)).toBe('acme::v1::guide::backup::0');
      const replaced = await waitForWorkers(server.pid, 2, [first!]);
      expect(replaced).toContain(second);
      await waitForLine(server, `serves in place of worker ${first}`);
      process.kill(second!, 'SIGKILL');
      await waitForLine(server, `worker ${second} stopped (SIGKILL); starting another`);
      expect(await searchOnce(server.url, 21)).toBe('acme::v1::guide::backup::0');
      await waitForWorkers(server.pid, 2, [first!, second!]);
      await waitForLine(server, `serves in place of worker ${second}`);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(workersOf(server.pid)).toEqual([]);
  });

  it.each([
    [['--workers', '2'], /--workers 2 needs --stateless/],
    [['--workers', '2', '--stateless', '--watch'], /--workers 2 cannot run with --watch/],
    [['--workers', '0', '--stateless'], /--workers must be an integer from 1 to 64/],
  ])('refuses %j with a one-line error and exit 2', (flags, message) => {
    const result = spawnSync(process.execPath, [BIN, 'serve', '--index', fixture.index, '--port', '0', ...flags], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
