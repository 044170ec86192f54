import { plural } from '@mcdewey/core/ranking';
import { html, raw, type SafeHtml } from './html.js';
import type { PageLinks } from './links.js';

/** What every page of one site shows about the site itself. */
export interface SiteFacts {
  /** App or site name (header, titles). */
  name: string;
  /** Counts for the footer. */
  stats: { vendors: number; documents: number; chunks: number };
  /** Where search runs: on the server (web app) or in the reader's browser (static site). */
  searchRuns: 'server' | 'browser';
  /** Whether queries are also embedded (the static site says "semantic" only with a model). */
  semantic: boolean;
  /** Path of the MCP endpoint when one is mounted (named in the tagline). */
  mcpPath?: string | undefined;
  /** Path of the JSON API when there is one (named in the footer). */
  apiPath?: string | undefined;
  /** The tool version that exported a static site (named in the footer). */
  exportedBy?: string | undefined;
}

/** Which top-level section a page belongs to (marks the nav link). */
export type Section = 'search' | 'browse' | 'other';

/** One page in the shell. */
export interface ShellPage {
  title: string;
  section: Section;
  body: SafeHtml;
  bodyClass?: string | undefined;
  /** `data-*` attributes of `<body>` that the page's script reads. */
  bodyData?: Record<string, string> | undefined;
  /** URLs of the stylesheet and the module script. */
  stylesheet: string;
  script: string;
  /** A Content-Security-Policy for a `<meta>` (static hosts cannot send the header). */
  contentSecurityPolicy?: string | undefined;
  /** URLs the page's script fetches at once: preloaded with the page. */
  preload?: readonly string[] | undefined;
  /** The query that led here (`?q=`), kept in the header's search box. */
  query?: string | undefined;
  /** Who is signed in, shown in the header with a sign-out link (a served library with sign-in). */
  account?: ShellAccount | undefined;
}

/** The signed-in person of a page: their name and, for a web session, where to sign out. */
export interface ShellAccount {
  name: string;
  /** A plain link (GET), so it works under the CSP's `form-action 'self'` when sign-out goes on to the issuer. */
  signOut?: { href: string; label: string } | undefined;
}

/** The tagline under the name: the second line of the card in DESIGN.md. */
export function tagline(site: SiteFacts): SafeHtml {
  const search = site.searchRuns === 'server' ? 'semantic search' : `${site.semantic ? 'semantic' : 'lexical'} search in your browser`;
  return html`Multi-vendor documentation library · ${search}${site.mcpPath ? html` · MCP endpoint at <code>${site.mcpPath}</code>` : ''}`;
}

/** The `<title>` of a page: "Page · Site", or the site name alone. */
export function pageTitle(site: Pick<SiteFacts, 'name'>, title: string): string {
  return title === site.name ? site.name : `${title} · ${site.name}`;
}

/** The page shell: head, skip link, header with the tagline, main, footer. */
export function pageShell(links: PageLinks, site: SiteFacts, page: ShellPage): string {
  const current = (section: Section) => (page.section === section ? html` aria-current="page"` : '');
  const data = Object.entries(page.bodyData ?? {}).map(([name, value]) => html` data-${name}="${value}"`);
  const { stats } = site;
  const footerNote = site.exportedBy
    ? html` · static export (mcdewey ${site.exportedBy}); search runs in this browser and nothing is sent anywhere`
    : site.apiPath
      ? html` · JSON API at <code>${site.apiPath}</code>`
      : '';
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8">${
    page.contentSecurityPolicy ? html`<meta http-equiv="Content-Security-Policy" content="${raw(page.contentSecurityPolicy)}"><meta name="referrer" content="no-referrer"> ` : ''
  }<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">${site.exportedBy ? html`<meta name="generator" content="mcdewey ${site.exportedBy}"> ` : ''}<title>${pageTitle(site, page.title)}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${page.stylesheet}"><script type="module" src="${page.script}"></script>${(page.preload ?? []).map((href) => html`<link rel="preload" href="${href}" as="fetch" crossorigin="anonymous"> `)}</head><body class="${page.bodyClass ?? ''}"${data}><a class="skip-link" href="#main">Skip to content</a><header class="site-header"><div class="wrap header-row"><div class="brand-block"><a class="brand" href="${links.home()}">${site.name}</a><p class="tagline">${tagline(site)}</p></div>${page.section === 'search' ? '' : siteSearch(links, page.query ?? '')}<nav class="site-nav" aria-label="Site"><a href="${links.home()}"${current('search')}>Search</a><a href="${links.browse()}"${current('browse')}>Browse</a>${page.account ? accountLinks(page.account) : ''}</nav></div></header><main id="main" class="wrap" tabindex="-1">${page.body}</main><footer class="site-footer"><div class="wrap">${plural(stats.vendors, 'vendor')} · ${plural(stats.documents, 'document')} · ${plural(stats.chunks, 'chunk')}${footerNote}</div></footer></body></html> `
    .value;
}

/** The signed-in name and the sign-out link, at the end of the header's navigation. */
function accountLinks(account: ShellAccount): SafeHtml {
  return html`<span class="site-account">Signed in as <strong>${account.name}</strong></span>${account.signOut ? html`<a class="sign-out" href="${account.signOut.href}">${account.signOut.label}</a>` : ''}`;
}

/**
 * The search box in the header of every page but the search page (which has the full form):
 * a plain GET form to the search page, so it works without script; "/" and Ctrl-K focus it.
 */
export function siteSearch(links: PageLinks, query: string): SafeHtml {
  return html`<form class="site-search" role="search" action="${links.home()}" method="get"><label for="site-q" class="visually-hidden">Search the documentation</label><input id="site-q" name="q" type="search" value="${query}" placeholder="Search the documentation" autocomplete="off" spellcheck="false" aria-keyshortcuts="/ Control+K"><button type="submit">Search</button></form>`;
}

/** What an error says, in words meant for people, with the way back. */
export function errorNotice(links: PageLinks, heading: string, message: string): SafeHtml {
  return html`<div class="notice notice-error" role="alert"><h1>${heading}</h1><p>${message}</p><p><a href="${links.home()}">Back to search</a> or <a href="${links.browse()}">browse the library</a>.</p></div>`;
}

/** The heading of an error page for an HTTP status. */
export function errorHeading(status: number): string {
  return status === 404 ? 'Not found' : status < 500 ? 'That request did not work' : 'Something went wrong';
}
