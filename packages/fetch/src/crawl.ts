import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatOf, type DocumentFormat } from '@mcdewey/core';
import { classifyBody } from './content.js';
import { requestDocument, type HttpSettings } from './http.js';
import { pageLinks } from './links.js';
import type { RobotsRules } from './robots.js';
import type { CrawlScope } from './scope.js';
import type { PreviousFetch, Staging } from './store.js';
import type { FetchIssue, FetchProgress } from './types.js';

/** A document the crawl found: new bytes waiting in staging, or the copy on disk still current. */
export interface CrawledFile {
  url: URL;
  format: DocumentFormat;
  sha256: string;
  bytes: number;
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** Where the new bytes wait; absent when the server answered 304 (the copy on disk is kept). */
  staged?: string;
}

/** What a crawl brought back. */
export interface CrawlResult {
  files: CrawledFile[];
  skipped: FetchIssue[];
  failed: FetchIssue[];
  /** URLs the server said are gone (404, 410). */
  gone: Set<string>;
  notModified: number;
}

/** What the crawl needs besides the start URL. */
export interface CrawlSettings {
  scope: CrawlScope;
  http: Omit<HttpSettings, 'scope'>;
  robotsOf: (url: URL) => Promise<RobotsRules | { refusal: string }>;
  previous: PreviousFetch;
  versionDir: string;
  staging: Staging;
  maxPages: number;
  onProgress?: ((progress: FetchProgress) => void) | undefined;
}

/**
 * Crawls from `start`: each page under the scope's path is fetched and its links followed, each
 * document it links to fetched; links are requested once each (a redirect's target and a body
 * seen before count as the same page), robots.txt is asked before each request, and at most
 * `maxPages` links are requested. Resolves when every link found has been answered.
 */
export function crawl(start: URL, settings: CrawlSettings): Promise<CrawlResult> {
  return new Crawl(settings).run(start);
}

class Crawl {
  private readonly result: CrawlResult = { files: [], skipped: [], failed: [], gone: new Set(), notModified: 0 };
  private readonly seen = new Set<string>();
  private readonly claimed = new Set<string>();
  private readonly hashes = new Map<string, string>();
  private readonly skippedUrls = new Set<string>();
  private requested = 0;
  private answered = 0;
  private running = 0;
  private finish: () => void = () => {};
  private fail: (error: unknown) => void = () => {};

  constructor(private readonly settings: CrawlSettings) {}

  run(start: URL): Promise<CrawlResult> {
    return new Promise<CrawlResult>((resolve, reject) => {
      this.finish = () => resolve(this.result);
      this.fail = reject;
      this.follow(start, 'page');
      if (this.running === 0) this.finish();
    });
  }

  private follow(url: URL, kind: 'page' | 'document'): void {
    if (this.seen.has(url.href)) return;
    this.seen.add(url.href);
    if (this.requested >= this.settings.maxPages) {
      this.skip(url, `over --max-pages (${this.settings.maxPages})`);
      return;
    }
    this.requested++;
    this.running++;
    this.visit(url, kind)
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.answered++;
        this.settings.onProgress?.({ done: this.answered, total: this.requested, url: url.href });
        if (--this.running === 0) this.finish();
      });
  }

  private async visit(link: URL, kind: 'page' | 'document'): Promise<void> {
    const robots = await this.settings.robotsOf(link);
    if ('refusal' in robots) return void this.result.failed.push({ url: link.href, reason: robots.refusal });
    if (!robots.isAllowed(link)) return this.skip(link, 'disallowed by robots.txt');
    const outcome = await requestDocument(link, { ...this.settings.http, scope: this.settings.scope, alreadySeen: (url) => this.seen.has(url.href) });
    if (outcome.status === 'skipped') return this.skip(link, outcome.reason);
    if (outcome.status === 'failed') {
      this.result.failed.push({ url: link.href, reason: outcome.reason });
      if (outcome.gone) this.result.gone.add(link.href);
      return;
    }
    const url = outcome.url;
    if (url.href !== link.href) {
      // A redirect: the target is the page, requested once whichever link led to it.
      if (this.claimed.has(url.href)) return this.skip(link, `redirects to ${url.href}, fetched already`);
      this.seen.add(url.href);
      if (!robots.isAllowed(url)) return this.skip(link, `redirects to ${url.href}, disallowed by robots.txt`);
    }
    this.claimed.add(url.href);
    if (outcome.status === 'not-modified') return this.keepCurrent(url, kind);
    const body = classifyBody(outcome.body, outcome.contentType, url);
    if (body.format === undefined) return this.skip(url, body.reason);
    const sha256 = createHash('sha256').update(body.bytes).digest('hex');
    const twin = this.hashes.get(sha256);
    if (twin !== undefined) return this.skip(url, `same content as ${twin}`);
    this.hashes.set(sha256, url.href);
    const staged = this.settings.staging.put(body.bytes);
    this.result.files.push({ url, format: body.format, sha256, bytes: body.bytes.byteLength, etag: outcome.etag, lastModified: outcome.lastModified, staged });
    if (body.format === 'html') this.followLinks(body.bytes.toString('utf8'), url);
  }

  /** A 304: the file on disk is current; a page's links are read from it to crawl on. */
  private keepCurrent(url: URL, kind: 'page' | 'document'): void {
    this.result.notModified++;
    const previous = this.settings.previous.byUrl.get(url.href)!;
    const format = formatOf(previous.path) ?? 'html';
    this.hashes.set(previous.entry.sha256, url.href);
    this.result.files.push({ url, format, sha256: previous.entry.sha256, bytes: previous.entry.bytes, etag: previous.entry.etag, lastModified: previous.entry.lastModified });
    if (format === 'html' && kind === 'page') {
      let html: string | undefined;
      try {
        html = readFileSync(join(this.settings.versionDir, previous.path), 'utf8');
      } catch {
        html = undefined; // removed by hand: the page is kept as current, its links are not followed
      }
      if (html !== undefined) this.followLinks(html, url);
    }
  }

  private followLinks(html: string, page: URL): void {
    for (const link of pageLinks(html, page)) {
      if (this.seen.has(link.href)) continue;
      const kind = this.settings.scope.classify(link);
      if (kind.kind === 'skip') this.skip(link, kind.reason);
      else this.follow(link, kind.kind);
    }
  }

  private skip(url: URL, reason: string): void {
    if (this.skippedUrls.has(url.href)) return;
    this.skippedUrls.add(url.href);
    this.seen.add(url.href);
    this.result.skipped.push({ url: url.href, reason });
  }
}
