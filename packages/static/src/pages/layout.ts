import { pageShell, type SafeHtml, type Section } from '@mcdewey/pages';
import { SiteLinks } from '../links.js';

/** What every page of one export shares. */
export interface SiteContext {
  /** Site name in the header and titles. */
  name: string;
  /** The base path the site is served under (`/`, `/docs/`); only 404.html links absolutely. */
  basePath: string;
  /** Name of the model that embeds queries in the browser; undefined for a lexical site. */
  model: string | undefined;
  stats: { vendors: number; documents: number; chunks: number };
  toolVersion: string;
  /** Cache-busting suffix of the asset URLs (a hash of their content). */
  assetVersion: string;
}

/** One page: `root` is the relative path from the page to the site root (`''`, `'../'`, …). */
export interface PageSpec {
  root: string;
  title: string;
  section: Section;
  /** `data-page` of the body: tells the client script what to do. */
  kind: 'search' | 'chunk' | 'document' | 'browse' | 'error';
  body: SafeHtml;
  bodyClass?: string;
  /** Site-relative data files the page's script fetches at once: preloaded with the page. */
  preload?: readonly string[];
}

/**
 * The Content-Security-Policy of every page: nothing but the site itself (`'self'`) may be
 * loaded or contacted. A site with a model also allows WebAssembly compilation, which
 * onnxruntime-web needs (it runs single-threaded in the page: no workers).
 */
export function contentSecurityPolicy(withModel: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self'${withModel ? " 'wasm-unsafe-eval'" : ''}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** A page of the site in the shared shell (`@mcdewey/pages`), with its CSP and preloads. */
export function layout(site: SiteContext, page: PageSpec): string {
  const asset = (name: string) => `${page.root}assets/${name}?v=${site.assetVersion}`;
  return pageShell(
    new SiteLinks(page.root),
    { name: site.name, stats: site.stats, searchRuns: 'browser', semantic: site.model !== undefined, exportedBy: site.toolVersion },
    {
      title: page.title,
      section: page.section,
      body: page.body,
      bodyClass: page.bodyClass,
      bodyData: { page: page.kind, root: page.root },
      stylesheet: asset('style.css'),
      script: asset('app.js'),
      contentSecurityPolicy: contentSecurityPolicy(site.model !== undefined),
      preload: (page.preload ?? []).map((path) => `${page.root}${path}`),
    },
  );
}
