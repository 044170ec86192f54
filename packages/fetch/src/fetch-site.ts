import { join, resolve } from 'node:path';
import PQueue from 'p-queue';
import { isSlug, McdeweyError, TOOL_VERSION, type FetchManifestEntry } from '@mcdewey/core';
import { bodyLimit } from './content.js';
import { crawl, type CrawlResult } from './crawl.js';
import { robotsReader } from './robots.js';
import { CrawlScope, normalizeUrl } from './scope.js';
import { documentKey, placeFiles } from './slugs.js';
import { foreignDocuments, loadPreviousFetch, moveInto, removeFetched, Staging, writeManifest, type PreviousFetch } from './store.js';
import type { FetchReport, FetchSiteOptions } from './types.js';

/** The defaults of `fetchSite`'s limits. */
export const FETCH_DEFAULTS = Object.freeze({ maxPages: 10_000, concurrency: 4, rate: 5, timeoutMs: 30_000, maxRetries: 3, maxRetryAfterMs: 60_000 });

/**
 * Mirrors a vendor's documentation site into a McDewey corpus: the HTML pages under `url`'s
 * folder and the PDFs, Markdown and text files they link to go to
 * `<corpusDir>/<vendor>/<version>/<group>/<doc>.<ext>`, with each file's source URL, ETag,
 * Last-Modified and hash in the version folder's fetch manifest, which ingest reads so that chunks
 * link back to the site. A second run sends conditional requests, rewrites only what changed and
 * reports what was added, changed and is gone (removed with `prune`). Files that no fetch wrote
 * are never replaced. robots.txt is honoured; requests are bounded in number, concurrency, rate,
 * time and size.
 * @throws McdeweyError `INVALID_ARGUMENT` for a bad option or a damaged manifest, `FETCH_FAILED`
 *   when the start URL cannot be fetched (robots.txt refuses it, an HTTP error, no answer).
 */
export async function fetchSite(url: string, options: FetchSiteOptions): Promise<FetchReport> {
  const started = performance.now();
  const settings = checkOptions(url, options);
  const { start, versionDir } = settings;
  const scope = new CrawlScope(start, options.allowHosts ?? []);
  const previous = loadPreviousFetch(versionDir);
  const userAgent = options.userAgent ?? `mcdewey/${TOOL_VERSION} (documentation fetch)`;
  const robots = robotsReader(userAgent, settings.timeoutMs, options.signal);
  const startRobots = await robots(start);
  if ('refusal' in startRobots) throw new McdeweyError('FETCH_FAILED', startRobots.refusal, { details: { url: start.href } });
  if (!startRobots.isAllowed(start)) throw new McdeweyError('FETCH_FAILED', `robots.txt of ${start.host} disallows ${start.href}`, { details: { url: start.href } });
  const gapMs = Math.max(settings.rate === Infinity ? 0 : 1000 / settings.rate, (startRobots.crawlDelay ?? 0) * 1000);
  const queue = new PQueue({ concurrency: settings.concurrency, ...(gapMs > 0 ? { intervalCap: 1, interval: Math.ceil(gapMs), strict: true } : {}) });

  let requests = 0;
  let bytes = 0;
  const staging = new Staging(versionDir);
  try {
    const result = await crawl(start, {
      scope,
      robotsOf: robots,
      previous,
      versionDir,
      staging,
      maxPages: settings.maxPages,
      onProgress: options.onProgress,
      http: {
        schedule: (task) => queue.add(task),
        userAgent,
        timeoutMs: settings.timeoutMs,
        maxRetries: settings.maxRetries,
        maxRetryAfterMs: settings.maxRetryAfterMs,
        bodyLimit: (contentType, link) => bodyLimit(contentType, link, options.maxBytes),
        validatorsOf: (link) => previous.byUrl.get(link.href)?.entry,
        onResponse: (received) => {
          requests++;
          bytes += received;
        },
        signal: options.signal,
      },
    });
    options.signal?.throwIfAborted();
    const startFailure = result.failed.find((issue) => issue.url === start.href);
    if (startFailure) throw new McdeweyError('FETCH_FAILED', `${start.href} cannot be fetched: ${startFailure.reason}`, { details: { url: start.href } });
    const changes = commit(result, { scope, previous, versionDir, from: start.href, group: options.group, prune: options.prune === true });
    const prefix = `${options.vendor}/${options.version}/`;
    const inCorpus = (paths: string[]) => paths.map((path) => prefix + path).sort();
    return {
      url: start.href,
      corpusDir: settings.corpusDir,
      vendor: options.vendor,
      version: options.version,
      added: inCorpus(changes.added),
      changed: inCorpus(changes.changed),
      unchanged: inCorpus(changes.unchanged),
      removed: inCorpus(changes.removed),
      missing: inCorpus(changes.missing),
      skipped: result.skipped,
      failed: result.failed,
      requests,
      notModified: result.notModified,
      bytes,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    staging.remove();
  }
}

interface CommitSettings {
  scope: CrawlScope;
  previous: PreviousFetch;
  versionDir: string;
  from: string;
  group: string | undefined;
  prune: boolean;
}

/** Moves what changed into the version folder, removes what is gone (with `prune`), and writes the manifest. */
function commit(result: CrawlResult, settings: CommitSettings): Record<'added' | 'changed' | 'unchanged' | 'removed' | 'missing', string[]> {
  const { previous, versionDir } = settings;
  const changes = { added: [] as string[], changed: [] as string[], unchanged: [] as string[], removed: [] as string[], missing: [] as string[] };
  const previousPaths = new Map([...previous.byUrl].map(([url, { path }]) => [url, path]));
  // Files this fetch did not write (by hand, or by a fetch of another start URL) are never replaced.
  const foreign = foreignDocuments(versionDir, previous.manifest);
  for (const [path, entry] of Object.entries(previous.manifest.files)) if (entry.from !== settings.from) foreign.add(documentKey(path));
  const paths = placeFiles(result.files, { scope: settings.scope, group: settings.group, previousPaths, foreign });
  const files: Record<string, FetchManifestEntry> = { ...previous.manifest.files };
  const fetchedAt = new Date().toISOString();
  for (const file of result.files) {
    const path = paths.get(file.url.href)!;
    const before = previous.manifest.files[path];
    const same = before !== undefined && before.url === file.url.href && before.sha256 === file.sha256;
    if (file.staged !== undefined && !same) moveInto(versionDir, path, file.staged);
    (same ? changes.unchanged : before === undefined ? changes.added : changes.changed).push(path);
    files[path] = {
      url: file.url.href,
      from: settings.from,
      ...(file.etag ? { etag: file.etag } : {}),
      ...(file.lastModified ? { lastModified: file.lastModified } : {}),
      sha256: file.sha256,
      bytes: file.bytes,
      fetchedAt: same ? (before.fetchedAt ?? fetchedAt) : fetchedAt,
    };
  }
  const kept = new Set(paths.values());
  // Prune only after a clean run: a page that failed to load hides the pages it links to.
  const mayPrune = settings.prune && result.failed.every((issue) => result.gone.has(issue.url));
  for (const [path, entry] of Object.entries(previous.manifest.files)) {
    if (entry.from !== settings.from || kept.has(path)) continue;
    if (mayPrune) {
      removeFetched(versionDir, path);
      delete files[path];
      changes.removed.push(path);
    } else {
      changes.missing.push(path);
    }
  }
  writeManifest(versionDir, files);
  return changes;
}

interface CheckedOptions {
  start: URL;
  corpusDir: string;
  versionDir: string;
  maxPages: number;
  concurrency: number;
  rate: number;
  timeoutMs: number;
  maxRetries: number;
  maxRetryAfterMs: number;
}

function checkOptions(url: string, options: FetchSiteOptions): CheckedOptions {
  const start = normalizeUrl(url);
  if (start === undefined) throw invalid('url', `"${url}" is not an http(s) URL`);
  for (const name of ['vendor', 'version'] as const) {
    if (typeof options[name] !== 'string' || !isSlug(options[name])) throw invalid(name, `"${String(options[name])}" is not a slug (lower case a-z, 0-9, '.', '_', '-')`);
  }
  if (options.group !== undefined && !isSlug(options.group)) throw invalid('group', `"${options.group}" is not a slug (lower case a-z, 0-9, '.', '_', '-')`);
  if (typeof options.corpusDir !== 'string' || options.corpusDir === '') throw invalid('corpusDir', 'a corpus folder is required');
  const number = (name: keyof typeof FETCH_DEFAULTS | 'maxBytes', min: number, integer: boolean) => {
    const value = options[name] ?? (name === 'maxBytes' ? 1 : FETCH_DEFAULTS[name]);
    if (typeof value !== 'number' || Number.isNaN(value) || value < min || (integer && value !== Infinity && !Number.isInteger(value)))
      throw invalid(name, `must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got ${String(value)}`);
    return value;
  };
  number('maxBytes', 1, true);
  const corpusDir = resolve(options.corpusDir);
  return {
    start,
    corpusDir,
    versionDir: join(corpusDir, options.vendor, options.version),
    maxPages: number('maxPages', 1, true),
    concurrency: number('concurrency', 1, true),
    rate: number('rate', Number.MIN_VALUE, false),
    timeoutMs: number('timeoutMs', 1, false),
    maxRetries: number('maxRetries', 0, true),
    maxRetryAfterMs: number('maxRetryAfterMs', 0, false),
  };
}

function invalid(parameter: string, reason: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `fetchSite: ${parameter} ${reason}`, { details: { parameter } });
}
