import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-fetch-'));
const corpus = join(root, 'corpus');

/** Runs the CLI without blocking this process's event loop (the test site answers from it). */
function mcdewey(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const PAGES: Record<string, string> = {
  '/docs/': '<html><head><title>Docs</title></head><body><main><h1>Docs</h1><p>Widgets.</p><a href="guide/setup.html">Setup</a> <a href="logo.png">logo</a></main></body></html>',
  '/docs/guide/setup.html': '<html><head><title>Setup</title></head><body><main><h1 id="setup">Setup</h1><p>Install the widget.</p></main></body></html>',
};

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const body = PAGES[request.url ?? ''];
    if (body === undefined) response.writeHead(404).end();
    else if (request.headers['if-none-match'] === '"v1"') response.writeHead(304).end();
    else response.writeHead(200, { 'content-type': 'text/html', etag: '"v1"' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('mcdewey fetch', () => {
  it('mirrors the site with the report on stdout, then says what a second run found unchanged', async () => {
    const first = await mcdewey('fetch', `${origin}/docs/`, '--corpus', corpus, '--vendor', 'acme', '--version', 'v1', '--rate', '100');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Fetched http:\/\/127\.0\.0\.1:\d+\/docs\/ into acme\/v1: 2 added, 0 changed, 0 unchanged, 0 removed/);
    expect(first.stdout).toContain('  added    acme/v1/guide/setup.html');
    expect(first.stdout).toMatch(/Skipped 1 link:\n {2}not documentation \(image, \.png\): http:.*\/docs\/logo\.png/);
    expect(first.stdout).toContain(`Next: mcdewey ingest ${corpus}`);
    expect(existsSync(join(corpus, 'acme/v1/docs/index.html'))).toBe(true);

    const second = await mcdewey('fetch', `${origin}/docs/`, '--corpus', corpus, '--vendor', 'acme', '--version', 'v1', '--rate', '100', '--json');
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report).toMatchObject({ added: [], changed: [], unchanged: ['acme/v1/docs/index.html', 'acme/v1/guide/setup.html'], notModified: 2 });
  });

  it('after ingest, results and the chunk card say where to read the chunk on the vendor site', async () => {
    const index = join(root, 'index');
    expect((await mcdewey('ingest', corpus, '--index', index, '--no-embed')).code).toBe(0);
    const found = await mcdewey('search', 'install the widget', '--index', index, '--mode', 'lexical');
    expect(found.stdout).toContain(`View on vendor site: ${origin}/docs/guide/setup.html#setup`);
    const card = await mcdewey('show', 'acme::v1::guide::setup::0', '--index', index);
    expect(card.stdout).toContain(`on site   ${origin}/docs/guide/setup.html#setup`);
    const json = JSON.parse((await mcdewey('search', 'install the widget', '--index', index, '--mode', 'lexical', '--json')).stdout);
    expect(json.results[0].sourceUrl).toBe(`${origin}/docs/guide/setup.html#setup`);
  });

  it('refuses a bad vendor or URL in one line with exit code 2', async () => {
    const badVendor = await mcdewey('fetch', `${origin}/docs/`, '--corpus', corpus, '--vendor', 'Acme', '--version', 'v1');
    expect(badVendor.code).toBe(2);
    expect(badVendor.stderr).toBe("mcdewey: fetchSite: vendor \"Acme\" is not a slug (lower case a-z, 0-9, '.', '_', '-')\n");
    const unreachable = await mcdewey('fetch', `${origin}/missing/`, '--corpus', corpus, '--vendor', 'acme', '--version', 'v2');
    expect(unreachable.code).toBe(2);
    // Progress lines come first on stderr; the error is the one line at the end.
    expect(unreachable.stderr.trim().split('\n').at(-1)).toMatch(/^mcdewey: http:\/\/127\.0\.0\.1:\d+\/missing\/ cannot be fetched: HTTP 404$/);
    const badRate = await mcdewey('fetch', `${origin}/docs/`, '--corpus', corpus, '--vendor', 'acme', '--version', 'v1', '--rate', 'fast');
    expect(badRate.code).toBe(2);
    expect(badRate.stderr).toContain('--rate must be a positive number');
  });
});
