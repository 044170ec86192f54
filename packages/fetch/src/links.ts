import { load } from 'cheerio';
import { normalizeUrl } from './scope.js';

/**
 * The links of an HTML page (`<a href>`, `<area href>`), resolved against its `<base href>` when
 * it has one (itself resolved against the page URL), else against the page URL; normalized and
 * without duplicates. Links that are not to the web (`mailto:`, `javascript:`) are left out.
 */
export function pageLinks(html: string, pageUrl: URL): URL[] {
  const $ = load(html);
  const baseHref = $('base[href]').first().attr('href');
  const base = (baseHref !== undefined ? normalizeBase(baseHref, pageUrl) : undefined) ?? pageUrl;
  const links = new Map<string, URL>();
  $('a[href], area[href]').each((_, element) => {
    const url = normalizeUrl($(element).attr('href') ?? '', base);
    if (url) links.set(url.href, url);
  });
  return [...links.values()];
}

function normalizeBase(href: string, pageUrl: URL): URL | undefined {
  try {
    const base = new URL(href.trim(), pageUrl);
    return base.protocol === 'http:' || base.protocol === 'https:' ? base : undefined;
  } catch {
    return undefined;
  }
}
