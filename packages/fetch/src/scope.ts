/** What a link is taken for, from its URL alone: a page to crawl, a document to fetch, or neither. */
export type LinkKind = { kind: 'page' } | { kind: 'document' } | { kind: 'skip'; reason: string };

/** Extensions of files McDewey reads besides HTML: fetched wherever they are linked from an in-scope page. */
const DOCUMENT_EXTENSIONS = new Set(['pdf', 'md', 'markdown', 'txt', 'text']);

/** Extensions of pages: crawled when under the start URL's path. A path without an extension is a page too. */
const PAGE_EXTENSIONS = new Set(['html', 'htm', 'xhtml', 'shtml', 'php', 'asp', 'aspx', 'jsp']);

/** What the rest are, to say why they are passed over. */
const NOT_DOCUMENTATION: Record<string, string> = {
  script: 'js mjs cjs ts css map wasm',
  image: 'png jpg jpeg gif svg webp ico bmp tif tiff avif',
  archive: 'zip tar gz tgz bz2 xz 7z rar zst jar whl',
  media: 'mp3 mp4 webm ogg wav avi mov',
  font: 'woff woff2 ttf otf eot',
  program: 'exe dmg msi deb rpm apk iso bin',
};
const KIND_OF_EXTENSION = new Map(Object.entries(NOT_DOCUMENTATION).flatMap(([kind, list]) => list.split(' ').map((extension) => [extension, kind] as const)));

/**
 * A URL as the crawl knows it: http(s) only, without fragment or query string (documentation pages
 * do not depend on queries, so `page.html?utm=x` and `page.html?ref=y` are one page), or
 * `undefined` for a link that is not to the web (`mailto:`, `javascript:`) or not a URL.
 */
export function normalizeUrl(href: string, base?: string | URL): URL | undefined {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.search = '';
  url.username = '';
  url.password = '';
  return url;
}

/** The path prefix a crawl stays under: the start URL's folder (`/docs/` for `/docs/` and `/docs/index.html`). */
export function pathPrefix(start: URL): string {
  return start.pathname.endsWith('/') ? start.pathname : start.pathname.replace(/[^/]*$/, '');
}

/** The lower-cased extension of a URL's last path segment, or `''`. */
export function extensionOf(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  return /\.([a-z0-9]+)$/i.exec(last)?.[1]?.toLowerCase() ?? '';
}

/** Where a crawl may go: its start origin and path prefix, and the hosts allowed besides. */
export class CrawlScope {
  readonly prefix: string;
  private readonly hosts: Set<string>;

  constructor(
    readonly start: URL,
    allowHosts: readonly string[] = [],
  ) {
    this.prefix = pathPrefix(start);
    this.hosts = new Set([start.host, ...allowHosts.map((host) => host.toLowerCase())]);
  }

  /** True for a URL on the start host or an allowed one. */
  onAllowedHost(url: URL): boolean {
    return this.hosts.has(url.host) || this.hosts.has(url.hostname);
  }

  /**
   * What to do with a link found on an in-scope page: pages under the path prefix are crawled,
   * documents (PDF, Markdown, text) on an allowed host are fetched, the rest is passed over with
   * the reason.
   */
  classify(url: URL): LinkKind {
    if (!this.onAllowedHost(url)) return { kind: 'skip', reason: `outside the site (${url.host}; --allow-host to include it)` };
    const extension = extensionOf(url);
    if (DOCUMENT_EXTENSIONS.has(extension)) return { kind: 'document' };
    if (extension !== '' && !PAGE_EXTENSIONS.has(extension)) {
      const kind = KIND_OF_EXTENSION.get(extension);
      return { kind: 'skip', reason: `not documentation (${kind ? `${kind}, ` : ''}.${extension})` };
    }
    if (!url.pathname.startsWith(this.prefix)) return { kind: 'skip', reason: `outside ${this.prefix}` };
    return { kind: 'page' };
  }

  /** The reason a redirect to `url` is not followed, or undefined when it stays in scope. */
  redirectRefusal(url: URL): string | undefined {
    const target = this.classify(url);
    return target.kind === 'skip' ? `redirects ${target.reason}: ${url.href}` : undefined;
  }
}
