import { normalizeUrl, type CrawlScope } from './scope.js';

/** What the server answered for one link, after redirects and retries. */
export type HttpOutcome =
  | { status: 'ok'; url: URL; body: Buffer; contentType: string; etag?: string; lastModified?: string }
  /** A conditional request the server answered 304: the copy on disk is current. */
  | { status: 'not-modified'; url: URL }
  /** Passed over on purpose (a redirect out of scope, a file over the byte cap). */
  | { status: 'skipped'; url: URL; reason: string }
  /** `gone`: the server said 404 or 410, so the page is no longer on the site. */
  | { status: 'failed'; url: URL; reason: string; gone: boolean };

/** The ETag and Last-Modified recorded for a URL by the previous fetch. */
export interface Validators {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

/** How `requestDocument` talks to the server. */
export interface HttpSettings {
  scope: CrawlScope;
  /** Runs one request under the crawl's concurrency and rate limits. */
  schedule: <T>(task: () => Promise<T>) => Promise<T>;
  userAgent: string;
  timeoutMs: number;
  /** Retries of a 429, 5xx or network error. */
  maxRetries: number;
  /** The longest `Retry-After` honoured; a longer one is waited for this long. */
  maxRetryAfterMs: number;
  /** The largest body read for a content type (a bigger one is cut off unread), or why it is not read at all. */
  bodyLimit: (contentType: string, url: URL) => number | string;
  /** The validators of a URL from the previous fetch, for a conditional request. */
  validatorsOf: (url: URL) => Validators | undefined;
  /** True for a URL the crawl has requested or will: a redirect to it is not followed again. */
  alreadySeen?: (url: URL) => boolean;
  /** Counts requests and bytes. */
  onResponse?: (bytes: number) => void;
  signal?: AbortSignal | undefined;
}

const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches one link with Node's fetch: redirects followed by hand, each hop checked against the
 * scope and the chain checked for loops; 429 and 503 retried after their `Retry-After`, other 5xx
 * and network errors after a short back-off; a timeout per request; the body streamed and cut off
 * as soon as it passes the byte cap, so an oversized file is never held whole.
 */
export async function requestDocument(link: URL, settings: HttpSettings): Promise<HttpOutcome> {
  const chain: string[] = [link.href];
  let url = link;
  for (let hop = 0; ; hop++) {
    const answer = await withRetries(url, settings);
    if (answer.kind === 'outcome') return answer.outcome;
    const location = normalizeUrl(answer.location, url);
    if (location === undefined) return { status: 'failed', url, reason: `redirect to an unusable location "${answer.location}"`, gone: false };
    if (chain.includes(location.href)) return { status: 'failed', url: link, reason: `redirect loop: ${[...chain, location.href].join(' → ')}`, gone: false };
    if (hop + 1 >= MAX_REDIRECTS) return { status: 'failed', url: link, reason: `more than ${MAX_REDIRECTS} redirects`, gone: false };
    if (settings.alreadySeen?.(location)) return { status: 'skipped', url: link, reason: `redirects to ${location.href}, fetched already` };
    const refusal = settings.scope.redirectRefusal(location);
    if (refusal !== undefined) return { status: 'skipped', url: link, reason: refusal };
    chain.push(location.href);
    url = location;
  }
}

type Answer = { kind: 'outcome'; outcome: HttpOutcome } | { kind: 'redirect'; location: string };

async function withRetries(url: URL, settings: HttpSettings): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    let answer: Answer | { kind: 'retry'; reason: string; waitMs: number };
    try {
      answer = await settings.schedule(() => requestOnce(url, settings));
    } catch (error) {
      if (settings.signal?.aborted) throw error;
      answer = { kind: 'retry', reason: describeNetworkError(error, settings.timeoutMs), waitMs: backoffMs(attempt) };
    }
    if (answer.kind !== 'retry') return answer;
    if (attempt >= settings.maxRetries) return { kind: 'outcome', outcome: { status: 'failed', url, reason: answer.reason, gone: false } };
    await sleep(Math.min(answer.waitMs, settings.maxRetryAfterMs), settings.signal);
  }
}

async function requestOnce(url: URL, settings: HttpSettings): Promise<Answer | { kind: 'retry'; reason: string; waitMs: number }> {
  const validators = settings.validatorsOf(url);
  const headers: Record<string, string> = { 'user-agent': settings.userAgent, accept: 'text/html,application/xhtml+xml,application/pdf,text/markdown,text/plain;q=0.9,*/*;q=0.1' };
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = settings.signal ? AbortSignal.any([settings.signal, timeout]) : timeout;
  const response = await fetch(url, { headers, redirect: 'manual', signal });
  const status = response.status;
  if (REDIRECTS.has(status)) {
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (location === null) return { kind: 'outcome', outcome: { status: 'failed', url, reason: `HTTP ${status} without a Location`, gone: false } };
    return { kind: 'redirect', location };
  }
  if (status === 304 && validators) {
    await response.body?.cancel();
    settings.onResponse?.(0);
    return { kind: 'outcome', outcome: { status: 'not-modified', url } };
  }
  if (status === 429 || status === 503) {
    await response.body?.cancel();
    return { kind: 'retry', reason: `HTTP ${status}`, waitMs: retryAfterMs(response.headers.get('retry-after')) };
  }
  if (status >= 500) {
    await response.body?.cancel();
    return { kind: 'retry', reason: `HTTP ${status}`, waitMs: 500 };
  }
  if (status !== 200) {
    await response.body?.cancel();
    return { kind: 'outcome', outcome: { status: 'failed', url, reason: `HTTP ${status}`, gone: status === 404 || status === 410 } };
  }
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  const maxBytes = settings.bodyLimit(contentType, url);
  if (typeof maxBytes === 'string') {
    await response.body?.cancel();
    return { kind: 'outcome', outcome: { status: 'skipped', url, reason: maxBytes } };
  }
  const body = await readCapped(response, maxBytes);
  settings.onResponse?.(body?.byteLength ?? 0);
  if (body === undefined) return { kind: 'outcome', outcome: { status: 'skipped', url, reason: `larger than ${maxBytes} bytes (--max-bytes): cut off unread` } };
  const etag = response.headers.get('etag') ?? undefined;
  const lastModified = response.headers.get('last-modified') ?? undefined;
  return { kind: 'outcome', outcome: { status: 'ok', url, body, contentType, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) } };
}

/** The body, or undefined (the stream cancelled) once it passes `maxBytes`, or at once when Content-Length says it will. */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(length) && length > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds; one second when absent or unreadable. */
export function retryAfterMs(header: string | null): number {
  if (header === null) return 1000;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - Date.now());
}

function backoffMs(attempt: number): number {
  return 500 * 2 ** attempt;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
