import robotsParserModule from 'robots-parser';

// robots-parser is CommonJS (`module.exports = parser`) while its types declare a default export.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** The crawl's reading of one host's robots.txt. */
export interface RobotsRules {
  isAllowed(url: URL): boolean;
  /** Seconds to wait between requests, when robots.txt sets a `Crawl-delay`. */
  crawlDelay: number | undefined;
}

/** The user-agent token robots.txt rules are matched against. */
export const ROBOTS_AGENT = 'mcdewey';

/**
 * Reads `robots.txt` of a URL's origin with `robots-parser` (RFC 9309, wildcards): a 4xx answer
 * means no rules, as the RFC says; a 5xx answer or no answer at all means the site may not be
 * crawled now (the RFC's "complete disallow"), reported as the reason.
 */
export async function readRobots(origin: URL, request: (url: URL) => Promise<{ status: number; text: string } | { error: string }>): Promise<RobotsRules | { refusal: string }> {
  const url = new URL('/robots.txt', origin);
  const answer = await request(url);
  if ('error' in answer) return { refusal: `${url.href} could not be read (${answer.error}); not crawling ${origin.host}` };
  if (answer.status >= 500) return { refusal: `${url.href} answered HTTP ${answer.status}; not crawling ${origin.host} until it answers` };
  if (answer.status !== 200) return { isAllowed: () => true, crawlDelay: undefined };
  const robots = robotsParser(url.href, answer.text);
  return {
    isAllowed: (page) => robots.isAllowed(page.href, ROBOTS_AGENT) !== false,
    crawlDelay: robots.getCrawlDelay(ROBOTS_AGENT),
  };
}

/** The most of a robots.txt read (RFC 9309 asks crawlers to parse at least 500 KiB). */
const MAX_ROBOTS_BYTES = 512 * 1024;

/** robots.txt of each origin, read once (through `readRobots`), on the first link to it. */
export function robotsReader(userAgent: string, timeoutMs: number, signal: AbortSignal | undefined): (url: URL) => Promise<RobotsRules | { refusal: string }> {
  const byOrigin = new Map<string, Promise<RobotsRules | { refusal: string }>>();
  return (url) => {
    let rules = byOrigin.get(url.origin);
    if (rules === undefined) {
      rules = readRobots(url, async (robotsUrl) => {
        try {
          const timeout = AbortSignal.timeout(timeoutMs);
          const response = await fetch(robotsUrl, { headers: { 'user-agent': userAgent }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
          if (response.status !== 200) {
            await response.body?.cancel();
            return { status: response.status, text: '' };
          }
          return { status: 200, text: await firstBytes(response, MAX_ROBOTS_BYTES) };
        } catch (error) {
          return { error: (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : String((error as { cause?: Error }).cause?.message ?? (error as Error).message) };
        }
      });
      byOrigin.set(url.origin, rules);
    }
    return rules;
  };
}

/** The first `max` bytes of a body as UTF-8 (the rest is not read: rules past the limit are ignored, as RFC 9309 allows). */
async function firstBytes(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < max) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts).toString('utf8');
    parts.push(value);
    total += value.byteLength;
  }
  await reader.cancel();
  return Buffer.concat(parts).subarray(0, max).toString('utf8');
}
