import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (CI installs it), or the one `MCDEWEY_CHROMIUM` names. */
export const CHROMIUM = process.env.MCDEWEY_CHROMIUM ?? '/usr/bin/chromium';

/** Whether there is a Chromium to drive; browser tests skip without one, saying why. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Headless, no GPU, no sandbox (containers), no first-run pages, no background traffic. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Chromium; Playwright gives every launch a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Headless Chromium with its profile in `profileDir` (one context, kept across pages). */
export function launchPersistentChromium(profileDir: string, options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ...options });
}

/** A page and what went wrong on it: uncaught exceptions and console errors, one line each. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/** A page in a new context of `browser` whose script errors are collected in `problems`. */
export async function watchedPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<WatchedPage> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  return { context, page, problems };
}

/**
 * Runs `use` on an opened page, then fails if the page had a script error (or anything else its
 * opener watches for), and closes the page's context either way.
 */
export async function onWatchedPage(opened: Promise<WatchedPage>, use: (page: Page) => Promise<void>): Promise<void> {
  const { context, page, problems } = await opened;
  try {
    await use(page);
    if (problems.length > 0) throw new Error(`problems on the page:\n${problems.join('\n')}`);
  } finally {
    await context.close();
  }
}
