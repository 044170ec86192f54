import { html, raw, type SafeHtml } from '../html.js';

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

/** The section a page belongs to (marks the nav link). */
export type Section = 'search' | 'browse' | 'other';

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

/** The page shell: CSP, skip link, header with the card's tagline, main, footer. */
export function layout(site: SiteContext, page: PageSpec): string {
  const current = (section: Section) => (page.section === section ? html` aria-current="page"` : '');
  const tagline = site.model
    ? html`Multi-vendor documentation library · semantic search in your browser`
    : html`Multi-vendor documentation library · lexical search in your browser`;
  const pageTitle = page.title === site.name ? site.name : `${page.title} · ${site.name}`;
  const asset = (name: string) => `${page.root}assets/${name}?v=${site.assetVersion}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${raw(contentSecurityPolicy(site.model !== undefined))}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="mcdewey ${site.toolVersion}">
<title>${pageTitle}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset('style.css')}">
<script type="module" src="${asset('app.js')}"></script>
${(page.preload ?? []).map((path) => html`<link rel="preload" href="${page.root}${path}" as="fetch" crossorigin="anonymous">
`)}</head>
<body class="${page.bodyClass ?? ''}" data-page="${page.kind}" data-root="${page.root}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="wrap header-row">
    <div class="brand-block">
      <a class="brand" href="${page.root}index.html">${site.name}</a>
      <p class="tagline">${tagline}</p>
    </div>
    <nav class="site-nav" aria-label="Site">
      <a href="${page.root}index.html"${current('search')}>Search</a>
      <a href="${page.root}browse/index.html"${current('browse')}>Browse</a>
    </nav>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${page.body}
</main>
<footer class="site-footer">
  <div class="wrap">${site.stats.vendors} vendors · ${site.stats.documents} documents · ${site.stats.chunks} chunks · static export (mcdewey ${site.toolVersion}); search runs in this browser and nothing is sent anywhere</div>
</footer>
</body>
</html>
`.value;
}

/** "27" or "27–28". */
export function pageRange(chunk: { page?: number | undefined; pageEnd?: number | undefined }): string {
  if (chunk.page === undefined) return '';
  return chunk.pageEnd !== undefined && chunk.pageEnd !== chunk.page ? `${chunk.page}–${chunk.pageEnd}` : String(chunk.page);
}

/** "Installing › Linux". */
export function headingPath(headings: readonly string[]): string {
  return headings.join(' › ');
}
