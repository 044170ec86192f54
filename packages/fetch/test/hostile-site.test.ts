import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FETCH_MANIFEST_FILE, readFetchManifest } from '@mcdewey/core';
import { fetchSite, type FetchReport } from '../src/index.js';
import { page, startSite, type TestSite } from './site-server.js';

const FIFTY_MB = 50 * 1024 * 1024;

/** Streams a 50 MB page in 64 KiB pieces, minding back-pressure: never one 50 MB string. */
function hugePage(stats: { sent: number; completed: boolean }) {
  return (_request: unknown, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    const piece = Buffer.from(`<p>${'x'.repeat(64 * 1024 - 7)}</p>`);
    const write = () => {
      while (stats.sent < FIFTY_MB) {
        stats.sent += piece.length;
        if (!response.write(piece)) return void response.once('drain', write);
      }
      stats.completed = true;
      response.end();
    };
    response.on('close', () => response.removeAllListeners('drain'));
    write();
  };
}

describe('fetchSite against a hostile site on loopback', () => {
  let site: TestSite;
  let corpus: string;
  let report: FetchReport;
  let busyAnswered = 0;
  const huge = { sent: 0, completed: false };

  beforeAll(async () => {
    corpus = mkdtempSync(join(tmpdir(), 'mcdewey-fetch-'));
    site = await startSite({
      '/robots.txt': { body: 'User-agent: *\nDisallow: /docs/private/\n', type: 'text/plain' },
      '/docs/': {
        type: 'text/html',
        body: page('Widget docs', 'Start here for widgets.', [
          'guide/intro.html',
          'guide/intro.html?utm_source=nav',
          'guide/intro.html?ref=footer#install',
          '/docs/guide/absolute.html',
          'PLACEHOLDER_ORIGIN/docs/guide/full-url.html',
          '../outside.html',
          'http://other.example/docs/x.html',
          'logo.png',
          'app.js',
          'bundle.zip',
          'mailto:docs@example.com',
          'private/secret.html',
          'loop/a',
          'moved.html',
          'big.html',
          'wrong-type.html',
          'files/manual',
          'missing.html',
          'broken.html',
          'busy.html',
          'latin1.html',
          'based/page.html',
          'notes.md',
          'readme.txt',
          'guide/a-b.html',
          'guide/a/b.html',
        ]),
      },
      '/docs/guide/intro.html': { type: 'text/html', body: page('Introduction', 'Widgets turn sprockets.', ['../index-again.html']) },
      '/docs/guide/absolute.html': { type: 'text/html', body: page('Absolute', 'Reached by an absolute path.') },
      '/docs/guide/full-url.html': { type: 'text/html', body: page('Full URL', 'Reached by a full URL.') },
      '/docs/guide/deep.html': { type: 'text/html', body: page('Deep', 'Reached through a base href.') },
      '/docs/guide/a-b.html': { type: 'text/html', body: page('A dash B', 'One of two pages with one slug.') },
      '/docs/guide/a/b.html': { type: 'text/html', body: page('A slash B', 'The other page with that slug.') },
      '/docs/private/secret.html': { type: 'text/html', body: page('Secret', 'Robots say no.') },
      '/outside.html': { type: 'text/html', body: page('Outside', 'Not under /docs/.') },
      '/docs/loop/a': (_request, response) => response.writeHead(302, { location: '/docs/loop/b' }).end(),
      '/docs/loop/b': (_request, response) => response.writeHead(302, { location: '/docs/loop/a' }).end(),
      '/docs/moved.html': (_request, response) => response.writeHead(301, { location: '/docs/guide/intro.html' }).end(),
      '/docs/big.html': hugePage(huge),
      '/docs/wrong-type.html': { type: 'image/png', body: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
      '/docs/files/manual': { type: 'application/octet-stream', body: Buffer.from('%PDF-1.4\n% a PDF served without a type\n') },
      '/docs/broken.html': (_request, response) => response.writeHead(500).end('oops'),
      '/docs/busy.html': (_request, response) => {
        if (busyAnswered++ === 0) response.writeHead(429, { 'retry-after': '1' }).end();
        else response.writeHead(200, { 'content-type': 'text/html' }).end(page('Busy', 'Answered after waiting.'));
      },
      '/docs/latin1.html': { type: 'text/html; charset=iso-8859-1', body: Buffer.from(page('Café', 'Crème brûlée for widgets.', [], '<meta charset="iso-8859-1">'), 'latin1') },
      '/docs/based/page.html': { type: 'text/html', body: page('Based', 'Links resolve against the base.', ['deep.html'], '<base href="/docs/guide/">') },
      '/docs/notes.md': { type: 'text/markdown; charset=utf-8', body: '# Notes\n\nWidget notes.\n' },
      '/docs/readme.txt': { type: 'text/plain', body: 'Read me about widgets.\n' },
    });
    const index = site.routes.get('/docs/') as { body: string; type: string };
    index.body = index.body.replace('PLACEHOLDER_ORIGIN', site.origin);
    report = await fetchSite(`${site.origin}/docs/`, { corpusDir: corpus, vendor: 'acme', version: 'v1', rate: Infinity, concurrency: 4, maxRetries: 1, maxRetryAfterMs: 2000 });
  }, 120_000);

  afterAll(async () => {
    await site?.close();
    rmSync(corpus, { recursive: true, force: true });
  });

  const reasonOf = (list: { url: string; reason: string }[], path: string) => list.find((issue) => new URL(issue.url).pathname === path)?.reason;

  it('mirrors pages under the path prefix and the documents they link to, named from their URL paths', () => {
    expect(report.added).toEqual(
      [
        'acme/v1/based/page.html',
        'acme/v1/docs/busy.html',
        'acme/v1/docs/index.html',
        'acme/v1/docs/latin1.html',
        'acme/v1/docs/notes.md',
        'acme/v1/docs/readme.txt',
        'acme/v1/files/manual.pdf',
        'acme/v1/guide/a-b-2.html',
        'acme/v1/guide/a-b.html',
        'acme/v1/guide/absolute.html',
        'acme/v1/guide/deep.html',
        'acme/v1/guide/full-url.html',
        'acme/v1/guide/intro.html',
      ].sort(),
    );
    for (const file of report.added) expect(existsSync(join(corpus, file)), file).toBe(true);
    expect(readdirSync(join(corpus, 'acme/v1')).filter((name) => name.startsWith('.'))).toEqual([FETCH_MANIFEST_FILE]);
  });

  it('settles a slug collision in URL order', () => {
    expect(readFileSync(join(corpus, 'acme/v1/guide/a-b.html'), 'utf8')).toContain('A dash B');
    expect(readFileSync(join(corpus, 'acme/v1/guide/a-b-2.html'), 'utf8')).toContain('A slash B');
  });

  it('requests a page once, whatever its query string, fragment, or a redirect to it', () => {
    expect(site.requestsTo('/docs/guide/intro.html')).toBe(1);
    expect(site.log.every((entry) => !entry.path.includes('?'))).toBe(true);
    expect(reasonOf(report.skipped, '/docs/moved.html')).toMatch(/redirects to .*\/docs\/guide\/intro\.html, fetched already/);
  });

  it('stays in scope: other paths, other hosts, not documentation, robots.txt', () => {
    expect(reasonOf(report.skipped, '/outside.html')).toBe('outside /docs/');
    expect(reasonOf(report.skipped, '/docs/x.html')).toMatch(/outside the site \(other\.example; --allow-host/);
    expect(reasonOf(report.skipped, '/docs/logo.png')).toBe('not documentation (image, .png)');
    expect(reasonOf(report.skipped, '/docs/app.js')).toBe('not documentation (script, .js)');
    expect(reasonOf(report.skipped, '/docs/bundle.zip')).toBe('not documentation (archive, .zip)');
    expect(reasonOf(report.skipped, '/docs/private/secret.html')).toBe('disallowed by robots.txt');
    expect(reasonOf(report.skipped, '/docs/wrong-type.html')).toBe('not documentation (image/png)');
    for (const path of ['/outside.html', '/docs/logo.png', '/docs/private/secret.html', '/docs/x.html']) expect(site.requestsTo(path), path).toBe(0);
  });

  it('cuts a 50 MB page off at the byte cap without reading it whole', () => {
    expect(reasonOf(report.skipped, '/docs/big.html')).toMatch(/larger than 16777216 bytes/);
    expect(huge.completed).toBe(false);
    expect(huge.sent).toBeLessThan(FIFTY_MB);
  });

  it('reports redirect loops, 404 and 500 as failures, and waits out a 429 with Retry-After', () => {
    expect(reasonOf(report.failed, '/docs/loop/a')).toMatch(/^redirect loop: .*\/docs\/loop\/a → .*\/docs\/loop\/b → .*\/docs\/loop\/a$/);
    expect(reasonOf(report.failed, '/docs/missing.html')).toBe('HTTP 404');
    expect(reasonOf(report.failed, '/docs/broken.html')).toBe('HTTP 500');
    expect(site.requestsTo('/docs/broken.html')).toBe(2); // one retry
    expect(site.requestsTo('/docs/busy.html')).toBe(2);
    expect(readFileSync(join(corpus, 'acme/v1/docs/busy.html'), 'utf8')).toContain('Answered after waiting');
  });

  it('stores pages in another charset as UTF-8, and a PDF served as octet-stream as a PDF', () => {
    const latin = readFileSync(join(corpus, 'acme/v1/docs/latin1.html'), 'utf8');
    expect(latin).toContain('Crème brûlée');
    expect(latin).toContain('<meta charset="utf-8">');
    expect(readFileSync(join(corpus, 'acme/v1/files/manual.pdf'), 'latin1')).toMatch(/^%PDF-1\.4/);
  });

  it('records each file’s URL, validators and hash in the manifest', () => {
    const manifest = readFetchManifest(join(corpus, 'acme/v1'))!;
    expect(manifest.files['guide/intro.html']).toMatchObject({ url: `${site.origin}/docs/guide/intro.html`, from: `${site.origin}/docs/`, etag: expect.stringMatching(/^"/) });
    expect(manifest.files['guide/deep.html']?.url).toBe(`${site.origin}/docs/guide/deep.html`);
    expect(manifest.files['guide/intro.html']?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses bad options in one line naming the option, and a start URL robots.txt refuses', async () => {
    await expect(fetchSite('ftp://x/', { corpusDir: corpus, vendor: 'acme', version: 'v1' })).rejects.toThrow(/fetchSite: url "ftp:\/\/x\/" is not an http\(s\) URL/);
    await expect(fetchSite(`${site.origin}/docs/`, { corpusDir: corpus, vendor: 'Acme', version: 'v1' })).rejects.toThrow(/fetchSite: vendor "Acme" is not a slug/);
    await expect(fetchSite(`${site.origin}/docs/`, { corpusDir: corpus, vendor: 'acme', version: 'v1', concurrency: 0 })).rejects.toThrow(
      /fetchSite: concurrency must be a whole number of at least 1/,
    );
    await expect(fetchSite(`${site.origin}/docs/private/`, { corpusDir: corpus, vendor: 'acme', version: 'v2', rate: Infinity })).rejects.toMatchObject({ code: 'FETCH_FAILED' });
  });

  it('never replaces a file it did not write, and keeps a damaged manifest untouched', async () => {
    const other = mkdtempSync(join(tmpdir(), 'mcdewey-fetch-'));
    try {
      mkdirSync(join(other, 'acme/v1/guide'), { recursive: true });
      writeFileSync(join(other, 'acme/v1/guide/intro.md'), '# Mine\n');
      const own = await fetchSite(`${site.origin}/docs/guide/intro.html`, { corpusDir: other, vendor: 'acme', version: 'v1', rate: Infinity });
      expect(own.added).toContain('acme/v1/guide/intro-2.html');
      expect(readFileSync(join(other, 'acme/v1/guide/intro.md'), 'utf8')).toBe('# Mine\n');
      writeFileSync(join(other, 'acme/v1', FETCH_MANIFEST_FILE), '{');
      await expect(fetchSite(`${site.origin}/docs/`, { corpusDir: other, vendor: 'acme', version: 'v1', rate: Infinity })).rejects.toThrow(/Fetch manifest .* cannot be read: not JSON/);
      expect(readFileSync(join(other, 'acme/v1', FETCH_MANIFEST_FILE), 'utf8')).toBe('{');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
