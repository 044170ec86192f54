import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import express from 'express';
import { createApp, mcdeweyRouter } from '../src/index.js';
import { buildLibrary, listen, startTestServer, type TestLibrary, type TestServer } from './helpers.js';

let corpus: TestLibrary;
let server: TestServer;

beforeAll(async () => {
  corpus = await buildLibrary();
  server = await startTestServer(corpus.library, { corpusDir: corpus.corpusDir });
});
afterAll(async () => {
  await server?.close();
  corpus?.remove();
});

const get = (path: string, init?: RequestInit) => fetch(`${server.origin}${path}`, init);
const getText = async (path: string) => {
  const response = await get(path);
  return { response, text: await response.text() };
};
const getJson = async (path: string) => {
  const response = await get(path);
  return { response, body: (await response.json()) as Record<string, any> };
};

describe('search page', () => {
  test('without a query shows the form, the filters from the index and the modes available', async () => {
    const { response, text } = await getText('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(text).toContain('<label for="q"');
    expect(text).toContain('<option value="acme">acme</option>');
    expect(text).toMatch(/<optgroup label="acme" data-vendor="acme"><option value="v1">v1<\/option><option value="v2">v2<\/option><\/optgroup>/);
    // A lexical-only index offers only the lexical mode.
    expect(text).toContain('<option value="lexical" selected>');
    expect(text).not.toContain('value="hybrid"');
    expect(text).toContain('Multi-vendor documentation library · semantic search · MCP endpoint at <code>/mcp</code>');
    expect(text).toContain('<a class="skip-link" href="#main">');
  });

  test('renders results server-side with badge, heading path, highlighted snippet and collapsed duplicates', async () => {
    const { response, text } = await getText('/?q=snapshot+restore');
    expect(response.status).toBe(200);
    expect(text).toContain('href="/chunk/acme::v2::guide::backup::1?q=snapshot+restore"');
    expect(text).toMatch(/<span class="badge"[^>]*>acme <span class="badge-version">v\d<\/span><\/span>/);
    expect(text).toContain('<span>Backups</span><span class="sep" aria-hidden="true"> › </span><span>Restore</span>');
    expect(text).toContain('<mark>snapshot</mark>');
    expect(text).toMatch(/result[s]? for “snapshot restore” · lexical/);
    // The v1 and v2 "Backups" chunks are the same (or nearly): one result names the other version.
    expect(text).toMatch(/Same text also in <a href="\/chunk\/acme::v\d::guide::backup::\d\?q=snapshot\+restore">v\d<\/a>/);
  });

  test('shows the page of PDF results', async () => {
    const { text } = await getText('/?q=calibrate+flux');
    expect(text).toContain('href="/chunk/pdfco::v1::manual::guide::2?q=calibrate+flux"');
    expect(text).toContain('<span class="result-page">page 2</span>');
  });

  test('filters by vendor and version', async () => {
    const { text } = await getText('/?q=snapshot&vendor=acme&version=v1');
    const ids = [...text.matchAll(/class="result-link" href="\/chunk\/([^"]+)"/g)].map((match) => match[1]!);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('acme::v1::'))).toBe(true);
    // The selected vendor's versions are offered; the others are hidden.
    expect(text).toContain('<optgroup label="globex" data-vendor="globex" hidden disabled>');
    expect(text).toContain('<option value="v1" selected>v1</option>');
  });

  test('the results fragment is what the script swaps in', async () => {
    const { response, text } = await getText('/partials/results?q=snapshot');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(text.trimStart().startsWith('<p class="summary"')).toBe(true);
    expect(text).not.toContain('<html');
  });

  test('an unknown filter value is a 400 naming the valid ones', async () => {
    const { response, text } = await getText('/?q=snapshot&vendor=nope');
    expect(response.status).toBe(400);
    expect(text).toContain('Unknown vendor &quot;nope&quot;');
  });

  test('no results says so', async () => {
    const { text } = await getText('/?q=zzyzx');
    expect(text).toContain('No results for “zzyzx”');
  });
});

describe('chunk page', () => {
  test('is laid out like the card: its heading, View in doc context, page/source/chunk_id, the text', async () => {
    const { response, text } = await getText('/chunk/pdfco::v1::manual::guide::2');
    expect(response.status).toBe(200);
    expect(text).toContain('<a class="brand" href="/">McDewey</a>');
    // No outline: the document title heads the card (a PDF's section would); the page is in its row.
    expect(text).toContain('<h1 id="card-title">guide.pdf</h1>');
    expect(text).toContain('<a class="context-link" href="/doc/pdfco::v1::manual::guide?chunk=2#chunk-2"><span aria-hidden="true">↗</span> View in doc context</a>');
    expect(text).toContain('<tr><th scope="row">page</th><td><a href="/files/pdfco/v1/manual/guide.pdf#page=2" class="pdf-link">p. 2</a></td></tr>');
    expect(text).toContain('<tr><th scope="row">source</th><td><code>pdfco/v1/manual/guide.pdf</code></td></tr>');
    expect(text).toContain('<th scope="row">chunk_id</th><td><code id="chunk-id">pdfco::v1::manual::guide::2</code>');
    expect(text).toContain('<div class="chunk-text"><p>Calibration Calibrate the flux capacitor');
    expect(text).toContain('rel="prev" href="/chunk/pdfco::v1::manual::guide::1"');
    expect(text).toContain('rel="next" href="/chunk/pdfco::v1::manual::guide::3"');
    // Order on the card: header, then the table, then the text.
    expect(text.indexOf('id="card-title"')).toBeLessThan(text.indexOf('View in doc context'));
    expect(text.indexOf('View in doc context')).toBeLessThan(text.indexOf('>source<'));
    expect(text.indexOf('>chunk_id<')).toBeLessThan(text.indexOf('class="chunk-text"'));
  });

  test('a non-paged chunk is headed by its title and has no page row', async () => {
    const { text } = await getText('/chunk/acme::v2::guide::install::0');
    expect(text).toContain('<h1 id="card-title">Installing</h1>');
    expect(text).not.toContain('<th scope="row">page</th>');
  });

  test('an unknown chunk is a 404 page and a malformed id a 400, both without the index path', async () => {
    const missing = await getText('/chunk/acme::v9::guide::backup::0');
    expect(missing.response.status).toBe(404);
    expect(missing.text).toContain('No chunk or document &quot;acme::v9::guide::backup::0&quot; in this index');
    expect(missing.text).not.toContain(corpus.indexDir);
    const malformed = await getText('/chunk/not-an-id');
    expect(malformed.response.status).toBe(400);
    expect(malformed.text).toContain('Invalid chunk id');
  });
});

describe('document view', () => {
  test('shows every chunk with an anchor, marks the target, links neighbours and the PDF page', async () => {
    const { response, text } = await getText('/doc/pdfco::v1::manual::guide?chunk=2');
    expect(response.status).toBe(200);
    for (let n = 0; n < 4; n++) expect(text).toContain(`id="chunk-${n}"`);
    expect(text).toMatch(/<section id="chunk-2" class="doc-chunk is-target"[^>]*aria-current="location">/);
    expect(text.match(/is-target/g)).toHaveLength(1);
    expect(text).toContain('rel="prev" href="/doc/pdfco::v1::manual::guide?chunk=1#chunk-1"');
    expect(text).toContain('rel="next" href="/doc/pdfco::v1::manual::guide?chunk=3#chunk-3"');
    expect(text).toContain('<a class="pdf-link" href="/files/pdfco/v1/manual/guide.pdf#page=2">Open PDF at page 2</a>');
    expect(text).toContain('<span class="doc-page new-page">p. 2</span>');
    expect(text).toContain('<span class="doc-page">p. 2</span>');
  });

  test('without a target lists the document; bad targets are 400 and 404', async () => {
    expect((await get('/doc/acme::v1::guide::backup')).status).toBe(200);
    expect((await get('/doc/acme::v1::guide::backup?chunk=x')).status).toBe(400);
    expect((await get('/doc/acme::v1::guide::backup?chunk=99')).status).toBe(404);
    expect((await get('/doc/acme::v1::guide::nothing')).status).toBe(404);
  });
});

describe('browse', () => {
  test('vendors → versions → documents', async () => {
    const vendors = await getText('/browse');
    expect(vendors.text).toContain('<a href="/browse/acme">acme</a>');
    expect(vendors.text).toContain('<a href="/browse/acme/v2">v2</a>');
    const versions = await getText('/browse/acme');
    expect(versions.text).toContain('<a href="/browse/acme/v1">v1</a>');
    const documents = await getText('/browse/acme/v2');
    expect(documents.text).toContain('<a href="/doc/acme::v2::guide::install">Installing</a>');
    expect(documents.text).toContain('<a href="/?vendor=acme&amp;version=v2">Search acme v2 only</a>');
    expect((await get('/browse/nobody')).status).toBe(404);
    expect((await get('/browse/acme/v7')).status).toBe(404);
  });
});

describe('original files', () => {
  test('a PDF is served as application/pdf with a policy its viewer can live with', async () => {
    const response = await get('/files/pdfco/v1/manual/guide.pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  test('range requests work (PDF viewers use them)', async () => {
    const response = await get('/files/pdfco/v1/manual/guide.pdf', { headers: { range: 'bytes=0-4' } });
    expect(response.status).toBe(206);
    expect(await response.text()).toBe('%PDF-');
  });

  test('other originals are plain text in a sandbox, so their markup never runs', async () => {
    const response = await get('/files/globex/9.0/manual/tuning.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  test('files that are not documents of the index are not served', async () => {
    expect((await get('/files/SOURCES.md')).status).toBe(404);
    expect((await get('/files/pdfco/v1/manual/other.pdf')).status).toBe(404);
  });

  test('without corpusDir no files are served and no PDF links shown', async () => {
    const plain = await startTestServer(corpus.library);
    try {
      expect((await fetch(`${plain.origin}/files/pdfco/v1/manual/guide.pdf`)).status).toBe(404);
      const text = await (await fetch(`${plain.origin}/chunk/pdfco::v1::manual::guide::2`)).text();
      expect(text).not.toContain('/files/');
    } finally {
      await plain.close();
    }
  });
});

describe('JSON API', () => {
  test('/api/search returns core results and a Server-Timing header', async () => {
    const { response, body } = await getJson('/api/search?q=snapshot&vendor=acme&limit=3');
    expect(response.status).toBe(200);
    expect(response.headers.get('server-timing')).toMatch(/^search;dur=\d+(\.\d+)?$/);
    expect(body.mode).toBe('lexical');
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(3);
    for (const result of body.results) {
      expect(result.vendor).toBe('acme');
      expect(result.id).toMatch(/^acme::v\d::guide::\w+::\d+$/);
      expect(Array.isArray(result.highlights)).toBe(true);
    }
  });

  test('/api/search takes repeated filters and explain', async () => {
    const { body } = await getJson('/api/search?q=snapshot&vendor=acme&vendor=globex&explain=1');
    const vendors = new Set(body.results.map((result: { vendor: string }) => result.vendor));
    expect([...vendors].sort()).toEqual(['acme', 'globex']);
    expect(body.results[0].explain.lexical.rank).toBe(1);
  });

  test.each([
    ['/api/search', 400, 'INVALID_ARGUMENT', /"q" is required/],
    ['/api/search?q=', 400, 'INVALID_ARGUMENT', /"q" is required/],
    ['/api/search?q=a&q=b', 400, 'INVALID_ARGUMENT', /given once/],
    ['/api/search?q=snapshot&limit=0', 400, 'INVALID_ARGUMENT', /limit/],
    ['/api/search?q=snapshot&limit=abc', 400, 'INVALID_ARGUMENT', /limit/],
    ['/api/search?q=snapshot&mode=psychic', 400, 'INVALID_ARGUMENT', /mode/],
    ['/api/search?q=snapshot&version=v99', 400, 'INVALID_ARGUMENT', /Unknown version "v99"/],
    ['/api/chunks/nope', 400, 'INVALID_CHUNK_ID', /Invalid chunk id/],
    ['/api/chunks/acme::v1::guide::backup::9', 404, 'CHUNK_NOT_FOUND', /in this index/],
    ['/api/chunks/acme::v1::guide::backup::0?context=51', 400, 'INVALID_ARGUMENT', /context/],
    ['/api/documents?vendor=nobody', 400, 'INVALID_ARGUMENT', /Unknown vendor/],
    ['/api/documents/acme::v1::guide::nothing', 404, 'CHUNK_NOT_FOUND', /in this index/],
    ['/api/nothing-here', 404, 'NOT_FOUND', /No such API route/],
  ])('%s → %i %s as JSON', async (path, status, code, message) => {
    const { response, body } = await getJson(path);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  test('/api/chunks/:id gives the chunk with its neighbours', async () => {
    const { body } = await getJson('/api/chunks/pdfco::v1::manual::guide::2?context=1');
    expect(body.chunk.id).toBe('pdfco::v1::manual::guide::2');
    expect(body.chunk.page).toBe(2);
    expect(body.document.id).toBe('pdfco::v1::manual::guide');
    expect(body.before.map((chunk: { id: string }) => chunk.id)).toEqual(['pdfco::v1::manual::guide::1']);
    expect(body.after.map((chunk: { id: string }) => chunk.id)).toEqual(['pdfco::v1::manual::guide::3']);
  });

  test('/api/vendors and /api/documents', async () => {
    const vendors = await getJson('/api/vendors');
    expect(vendors.body.vendors.map((vendor: { vendor: string }) => vendor.vendor)).toEqual(['acme', 'evil', 'globex', 'pdfco']);
    expect(vendors.body.vendors[0].versions).toEqual([
      { version: 'v1', documents: 1, chunks: 2 },
      { version: 'v2', documents: 2, chunks: 3 },
    ]);
    const documents = await getJson('/api/documents?vendor=acme&version=v2');
    expect(documents.body.documents.map((document: { id: string }) => document.id)).toEqual(['acme::v2::guide::backup', 'acme::v2::guide::install']);
    const one = await getJson('/api/documents/pdfco::v1::manual::guide');
    expect(one.body.document.pageCount).toBe(2);
    expect(one.body.chunks.map((chunk: { page: number }) => chunk.page)).toEqual([1, 1, 2, 2]);
  });

  test('/healthz: a fixed library is generation 1', async () => {
    const { response, body } = await getJson('/healthz');
    expect(response.status).toBe(200);
    expect(body).toEqual({ status: 'ok', documents: corpus.library.documents.length, chunks: corpus.library.chunkCount, modes: ['lexical'], generation: 1 });
  });
});

describe('assets', () => {
  test('are small, versioned, cached immutably, gzip-compressed on request, and revalidated by ETag', async () => {
    const page = await (await get('/')).text();
    const css = /href="(\/assets\/style\.css\?v=[0-9a-f]{12})"/.exec(page)![1]!;
    const js = /src="(\/assets\/app\.js\?v=[0-9a-f]{12})"/.exec(page)![1]!;
    const cssResponse = await get(css);
    expect(cssResponse.status).toBe(200);
    expect(cssResponse.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(cssResponse.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const jsResponse = await get(js, { headers: { 'accept-encoding': 'identity' } });
    expect(jsResponse.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(jsResponse.headers.get('content-encoding')).toBeNull();
    const body = await jsResponse.text();
    // Readable (unminified) progressive enhancement; it stays small.
    expect(body.length).toBeLessThan(12_000);
    const etag = jsResponse.headers.get('etag')!;
    expect((await get(js, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await get('/assets/nothing.js')).status).toBe(404);
  });
});

describe('compression', () => {
  test('pages are gzip-compressed for clients that accept it, and only for them', async () => {
    const zipped = await get('/?q=snapshot', { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toContain('Accept-Encoding');
    expect(await zipped.text()).toContain('<mark>snapshot</mark>');
    const plain = await get('/?q=snapshot', { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toContain('<mark>snapshot</mark>');
  });
});

describe('mounting', () => {
  test('links follow the mount path (req.baseUrl) and the host app keeps its other routes', async () => {
    const app = express();
    app.get('/', (_request, response) => {
      response.send('host app home');
    });
    app.use('/docs', mcdeweyRouter(corpus.library, { corpusDir: corpus.corpusDir, title: 'Acme Docs' }));
    app.get('/after', (_request, response) => {
      response.send('host app route after the router');
    });
    const host = await listen(app);
    try {
      expect(await (await fetch(`${host.origin}/`)).text()).toBe('host app home');
      expect(await (await fetch(`${host.origin}/after`)).text()).toBe('host app route after the router');
      const page = await (await fetch(`${host.origin}/docs/?q=calibrate`)).text();
      expect(page).toContain('<a class="brand" href="/docs/">Acme Docs</a>');
      expect(page).toContain('MCP endpoint at <code>/docs/mcp</code>');
      expect(page).toContain('href="/docs/chunk/pdfco::v1::manual::guide::2?q=calibrate"');
      expect(page).toContain('href="/docs/assets/style.css?v=');
      expect(page).toContain('data-base="/docs"');
      const card = await (await fetch(`${host.origin}/docs/chunk/pdfco::v1::manual::guide::2`)).text();
      expect(card).toContain('href="/docs/files/pdfco/v1/manual/guide.pdf#page=2"');
      expect(card).toContain('href="/docs/doc/pdfco::v1::manual::guide?chunk=2#chunk-2"');
      expect((await fetch(`${host.origin}/docs/files/pdfco/v1/manual/guide.pdf`)).status).toBe(200);
      expect((await fetch(`${host.origin}/docs/api/vendors`)).status).toBe(200);
    } finally {
      await host.close();
    }
  });

  test('createApp with a basePath redirects / to it and 404s elsewhere', async () => {
    const app = await startTestServer(corpus.library, { basePath: '/docs' });
    try {
      const root = await fetch(`${app.origin}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/docs/');
      expect((await fetch(`${app.origin}/docs/`)).status).toBe(200);
      expect((await fetch(`${app.origin}/elsewhere`)).status).toBe(404);
      const missing = await fetch(`${app.origin}/docs/elsewhere`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('There is no page at this address.');
    } finally {
      await app.close();
    }
  });

  test('mcp: false leaves /mcp unmounted and drops it from the tagline', async () => {
    const app = await startTestServer(corpus.library, { mcp: false });
    try {
      const page = await (await fetch(`${app.origin}/`)).text();
      expect(page).not.toContain('MCP endpoint');
      expect((await fetch(`${app.origin}/mcp`, { method: 'POST' })).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  test('rejects bad options', () => {
    expect(() => mcdeweyRouter(corpus.library, { pageSize: 0 })).toThrow(/pageSize/);
    expect(() => createApp(corpus.library, { basePath: 'docs' })).toThrow(/basePath/);
  });
});
