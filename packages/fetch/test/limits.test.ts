import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchSite } from '../src/index.js';
import { page, startSite, type Route, type TestSite } from './site-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function site(routes: Record<string, Route>): Promise<{ site: TestSite; corpus: string }> {
  const started = await startSite(routes);
  const corpus = mkdtempSync(join(tmpdir(), 'mcdewey-fetch-limits-'));
  cleanups.push(
    () => started.close(),
    () => rmSync(corpus, { recursive: true, force: true }),
  );
  return { site: started, corpus };
}

/** Ten pages linked from /docs/, each answered after a short wait, counting requests in flight. */
function tenSlowPages(inFlight: { now: number; most: number }): Record<string, Route> {
  const routes: Record<string, Route> = {
    '/docs/': {
      type: 'text/html',
      body: page(
        'Docs',
        'Pages.',
        Array.from({ length: 10 }, (_, i) => `p${i}.html`),
      ),
    },
  };
  for (let i = 0; i < 10; i++) {
    routes[`/docs/p${i}.html`] = (_request: unknown, response: ServerResponse) => {
      inFlight.now++;
      inFlight.most = Math.max(inFlight.most, inFlight.now);
      setTimeout(() => {
        inFlight.now--;
        response.writeHead(200, { 'content-type': 'text/html' }).end(page(`Page ${i}`, `Text of page ${i}.`));
      }, 30);
    };
  }
  return routes;
}

describe('fetchSite limits', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    const inFlight = { now: 0, most: 0 };
    const { site: served, corpus } = await site(tenSlowPages(inFlight));
    const report = await fetchSite(`${served.origin}/docs/`, { corpusDir: corpus, vendor: 'acme', version: 'v1', concurrency: 2, rate: Infinity });
    expect(report.added).toHaveLength(11);
    expect(inFlight.most).toBe(2);
  });

  it('starts no more than `rate` requests a second, and a robots.txt Crawl-delay slows it further', async () => {
    const { site: served, corpus } = await site({ ...tenSlowPages({ now: 0, most: 0 }) });
    const started = performance.now();
    await fetchSite(`${served.origin}/docs/`, { corpusDir: corpus, vendor: 'acme', version: 'v1', concurrency: 8, rate: 20 });
    // 11 requests at 20 a second: at least 10 gaps of 50 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);

    const delayed = await site({
      '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nCrawl-delay: 0.2\n' },
      '/docs/': { type: 'text/html', body: page('Docs', 'x', ['a.html', 'b.html']) },
      '/docs/a.html': { type: 'text/html', body: page('A', 'a') },
      '/docs/b.html': { type: 'text/html', body: page('B', 'b') },
    });
    const before = performance.now();
    await fetchSite(`${delayed.site.origin}/docs/`, { corpusDir: delayed.corpus, vendor: 'acme', version: 'v1', rate: Infinity });
    expect(performance.now() - before).toBeGreaterThanOrEqual(380);
  });

  it('requests at most `maxPages` links and says which were left', async () => {
    const { site: served, corpus } = await site(tenSlowPages({ now: 0, most: 0 }));
    const report = await fetchSite(`${served.origin}/docs/`, { corpusDir: corpus, vendor: 'acme', version: 'v1', maxPages: 4, rate: Infinity });
    expect(report.added).toHaveLength(4);
    expect(report.skipped.filter((issue) => issue.reason === 'over --max-pages (4)')).toHaveLength(7);
    expect(served.log.filter((entry) => entry.path.startsWith('/docs/p'))).toHaveLength(3);
  });

  it('does not crawl a host whose robots.txt answers 5xx (RFC 9309), in one line', async () => {
    const { site: served, corpus } = await site({ '/robots.txt': (_request, response) => response.writeHead(503).end(), '/docs/': { type: 'text/html', body: page('Docs', 'x') } });
    await expect(fetchSite(`${served.origin}/docs/`, { corpusDir: corpus, vendor: 'acme', version: 'v1', rate: Infinity })).rejects.toThrow(
      /robots\.txt answered HTTP 503; not crawling 127\.0\.0\.1:\d+ until it answers/,
    );
    expect(served.requestsTo('/docs/')).toBe(0);
  });
});
