import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Library } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/index.js';
import { buildLibrary, rawGet, startTestServer, type TestLibrary, type TestServer } from './helpers.js';

let corpus: TestLibrary;
let server: TestServer;
const SECRET = 'TOP-SECRET-OUTSIDE-THE-CORPUS';

beforeAll(async () => {
  corpus = await buildLibrary();
  // A file next to the corpus folder that no request may reach.
  writeFileSync(join(dirname(corpus.corpusDir), `${corpus.corpusDir.split('/').pop()}-secret.txt`), SECRET);
  server = await startTestServer(corpus.library, { corpusDir: corpus.corpusDir });
});
afterAll(async () => {
  await server?.close();
  if (corpus) rmSync(join(dirname(corpus.corpusDir), `${corpus.corpusDir.split('/').pop()}-secret.txt`), { force: true });
  corpus?.remove();
});

describe('markup from documents is escaped', () => {
  const RAW = ['<script>window.__xss', '<img src=x onerror', 'onerror="window', '<a href="javascript:', 'onclick="window'];

  test.each([
    ['search results', '/?q=hostile+markup'],
    ['results fragment', '/partials/results?q=hostile'],
    ['chunk page', '/chunk/evil::v1::pages::hostile::0'],
    ['document view', '/doc/evil::v1::pages::hostile?chunk=0'],
    ['title in a chunk page', '/chunk/evil::v1::pages::title::0'],
    ['title in the document view', '/doc/evil::v1::pages::title'],
    ['title in browse', '/browse/evil/v1'],
    ['query echoed back', '/?q=%3Cscript%3Ewindow.__xss%3D7%3C%2Fscript%3E'],
  ])('%s', async (_name, path) => {
    const response = await fetch(`${server.origin}${path}`);
    const text = await response.text();
    for (const raw of RAW) expect(text).not.toContain(raw);
    expect(text).not.toMatch(/<script>|<script [^>]*>[^<]/); // only our external module script
    expect(text.match(/<script\b/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(text).toMatch(/&lt;(script|img)/);
  });

  test('the chunk text survives as text, character for character', async () => {
    const text = await (await fetch(`${server.origin}/chunk/evil::v1::pages::hostile::0`)).text();
    expect(text).toContain('&lt;script&gt;window.__xss = 1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__xss = 2&quot;&gt;');
  });

  test('the JSON API returns the text as data (JSON, nosniff)', async () => {
    const response = await fetch(`${server.origin}/api/chunks/evil::v1::pages::hostile::0`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await response.json()) as { chunk: { text: string } }).chunk.text).toContain('<script>window.__xss = 1</script>');
  });
});

describe('files cannot be read from outside the corpus', () => {
  test.each([
    '/files/../package.json',
    '/files/../../../../../../etc/passwd',
    '/files/pdfco/v1/manual/../../../../../../etc/passwd',
    `/files/..%2F${'x'}-secret.txt`,
    '/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/files/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/files/%252e%252e/%252e%252e/etc/passwd',
    '/files/..%5c..%5c..%5cetc%5cpasswd',
    '/files//etc/passwd',
    '/files/%2Fetc%2Fpasswd',
    '/files/etc/passwd',
    '/files/C:%5CWindows%5Cwin.ini',
    '/files/pdfco%2Fv1%2Fmanual%2Fguide.pdf',
    '/files/pdfco/v1/manual/guide.pdf%00.txt',
    '/files/pdfco/v1/manual/./guide.pdf',
    '/files/SOURCES.md',
    '/doc/..%2F..%2Fetc%2Fpasswd',
    '/chunk/..%2F..%2Fetc%2Fpasswd',
  ])('%s → 4xx, nothing read', async (path) => {
    const secretName = `${corpus.corpusDir.split('/').pop()}-secret.txt`;
    const response = await rawGet(server.origin, path.replace('x-secret.txt', secretName));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body).not.toContain('root:');
    expect(response.body).not.toContain(SECRET);
    expect(response.body).not.toContain('"name": "mcdewey');
  });

  test('the secret file is really there, one level above the corpus', async () => {
    const secretName = `${corpus.corpusDir.split('/').pop()}-secret.txt`;
    expect(readFileSync(join(corpus.corpusDir, '..', secretName), 'utf8')).toBe(SECRET);
    const response = await rawGet(server.origin, `/files/../${secretName}`);
    expect(response.status).toBe(404);
  });

  test('a document replaced by a symlink that leads outside the corpus is not served', async () => {
    const own = await buildLibrary({ 'acme/v1/guide/notes.txt': 'Notes about snapshots.\n' });
    const outside = join(dirname(own.corpusDir), `${own.corpusDir.split('/').pop()}-outside.txt`);
    writeFileSync(outside, SECRET);
    const notes = join(own.corpusDir, 'acme/v1/guide/notes.txt');
    rmSync(notes);
    symlinkSync(outside, notes);
    const app = await startTestServer(own.library, { corpusDir: own.corpusDir });
    try {
      const response = await rawGet(app.origin, '/files/acme/v1/guide/notes.txt');
      expect(response.status).toBe(404);
      expect(response.body).not.toContain(SECRET);
    } finally {
      await app.close();
      rmSync(outside, { force: true });
      own.remove();
    }
  });
});

describe('limits and errors', () => {
  test('a query over the length limit is a 400 on the page and in the API', async () => {
    const long = 'a'.repeat(1001);
    const page = await fetch(`${server.origin}/?q=${long}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('the limit is 1000');
    const api = await fetch(`${server.origin}/api/search?q=${long}`);
    expect(api.status).toBe(400);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('INVALID_ARGUMENT');
    const ok = await fetch(`${server.origin}/api/search?q=${'a'.repeat(1000)}`);
    expect(ok.status).toBe(200);
  });

  test('the search box carries the limit', async () => {
    expect(await (await fetch(`${server.origin}/`)).text()).toContain('maxlength="1000"');
  });

  test('an enormous URL is refused by the server without a stack', async () => {
    const response = await rawGet(server.origin, `/?q=${'b'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(response.body).not.toMatch(/\bat \S+:\d+/);
  });

  test('a malformed percent-encoding is a 400 without a stack', async () => {
    for (const path of ['/chunk/%E0%A4%A', '/doc/%zz', '/files/%E0%A4%A/x.pdf', '/api/chunks/%E0%A4%A']) {
      const response = await rawGet(server.origin, path);
      expect(response.status, path).toBe(400);
      expect(response.body).not.toMatch(/\bat \S+:\d+|URIError|node_modules/);
    }
  });

  test('an unexpected error is a 500 with a fixed message, reported to onError, never a stack', async () => {
    const boom = new Error('boom: secret detail at /srv/app/src/thing.ts:42');
    const broken = Object.create(corpus.library, {
      listDocuments: {
        value: () => {
          throw boom;
        },
      },
      getDocument: {
        value: () => {
          throw boom;
        },
      },
    }) as Library;
    const onError = vi.fn();
    const app = await startTestServer(broken, { onError });
    try {
      const api = await fetch(`${app.origin}/api/documents`);
      expect(api.status).toBe(500);
      expect(await api.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
      const page = await fetch(`${app.origin}/doc/acme::v1::guide::backup`);
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain('Something went wrong');
      expect(html).not.toContain('boom');
      expect(html).not.toContain('thing.ts');
      expect(onError).toHaveBeenCalledTimes(2);
      expect(onError.mock.calls[0]![0]).toBe(boom);
    } finally {
      await app.close();
    }
  });
});

describe('headers', () => {
  test.each(['/', '/?q=snapshot', '/chunk/acme::v1::guide::backup::0', '/doc/acme::v1::guide::backup', '/browse', '/api/vendors', '/healthz', '/nowhere'])(
    '%s carries the security headers',
    async (path) => {
      const response = await fetch(`${server.origin}${path}`);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('x-powered-by')).toBeNull();
    },
  );

  test('the policy allows only this origin and no inline script', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});
