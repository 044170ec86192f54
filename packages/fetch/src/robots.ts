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
