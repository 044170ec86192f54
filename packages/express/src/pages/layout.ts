import { errorHeading, errorNotice, pageShell, type Section, type SafeHtml, type ShellAccount } from '@mcdewey/pages';
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
  /** Who is signed in (with auth), for the header. */
  account?: ShellAccount | undefined;
}

/** A page of the web app in the shared shell (`@mcdewey/pages`). */
export function layout(context: PageContext, page: { title: string; section: Section; body: SafeHtml; bodyClass?: string; query?: string | undefined }): string {
  const { urls } = context;
  return pageShell(
    urls,
    { name: context.title, stats: context.stats, searchRuns: 'server', semantic: true, mcpPath: context.mcp ? urls.mcp() : undefined, apiPath: `${urls.base}/api` },
    {
      ...page,
      account: context.account,
      bodyData: { base: urls.base, title: context.title },
      stylesheet: urls.asset('style.css', context.assets.css),
      script: urls.asset('app.js', context.assets.js),
    },
  );
}

/** A page that says what went wrong, in words meant for people. */
export function errorPage(context: PageContext, status: number, message: string): string {
  const heading = errorHeading(status);
  return layout(context, { title: heading, section: 'other', body: errorNotice(context.urls, heading, message) });
}
