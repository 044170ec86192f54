import { html, plural, type SafeHtml } from '../html.js';
import type { Urls } from '../urls.js';

/** What every page needs to know about the app and the request. */
export interface PageContext {
  urls: Urls;
  /** App name (header, titles). */
  title: string;
  /** Asset versions, for cache-busting URLs. */
  assets: { css: string; js: string };
  /** Whether `/mcp` is mounted. */
  mcp: boolean;
  /** Counts for the footer. */
  stats: { documents: number; chunks: number; vendors: number };
}

/** Which top-level section a page belongs to (marks the nav link). */
export type Section = 'search' | 'browse' | 'other';

/** The page shell: skip link, header with the tagline of the chunk card, main, footer. */
export function layout(context: PageContext, page: { title: string; section: Section; body: SafeHtml; bodyClass?: string }): string {
  const { urls } = context;
  const current = (section: Section) => (page.section === section ? html` aria-current="page"` : '');
  const tagline = context.mcp
    ? html`Multi-vendor documentation library · semantic search · MCP endpoint at <code>${urls.mcp()}</code>`
    : html`Multi-vendor documentation library · semantic search`;
  const pageTitle = page.title === context.title ? context.title : `${page.title} · ${context.title}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${pageTitle}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${urls.asset('style.css', context.assets.css)}">
<script type="module" src="${urls.asset('app.js', context.assets.js)}"></script>
</head>
<body class="${page.bodyClass ?? ''}" data-base="${urls.base}" data-title="${context.title}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="wrap header-row">
    <div class="brand-block">
      <a class="brand" href="${urls.home()}">${context.title}</a>
      <p class="tagline">${tagline}</p>
    </div>
    <nav class="site-nav" aria-label="Site">
      <a href="${urls.home()}"${current('search')}>Search</a>
      <a href="${urls.browse()}"${current('browse')}>Browse</a>
    </nav>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${page.body}
</main>
<footer class="site-footer">
  <div class="wrap">${plural(context.stats.vendors, 'vendor')} · ${plural(context.stats.documents, 'document')} · ${plural(context.stats.chunks, 'chunk')} · JSON API at <code>${urls.base}/api</code></div>
</footer>
</body>
</html>
`.value;
}

/** A page that says what went wrong, in words meant for people. */
export function errorPage(context: PageContext, status: number, message: string): string {
  const heading = status === 404 ? 'Not found' : status < 500 ? 'That request did not work' : 'Something went wrong';
  return layout(context, {
    title: heading,
    section: 'other',
    body: html`<div class="notice notice-error" role="alert">
  <h1>${heading}</h1>
  <p>${message}</p>
  <p><a href="${context.urls.home()}">Back to search</a></p>
</div>`,
  });
}
