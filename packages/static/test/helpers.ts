import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchPersistentChromium } from '@mcdewey/test-support/chromium';
import type { BrowserContext, Page, Request } from 'playwright-core';

/** The repository's demo corpus. */
export const SAMPLE_CORPUS = fileURLToPath(new URL('../../../corpus', import.meta.url));

/** Where screenshots go: `test-output/screenshots/` at the repository root. */
export const SCREENSHOTS = fileURLToPath(new URL('../../../test-output/screenshots', import.meta.url));

/** A fresh temporary folder, removed by `cleanup()`. */
export function tempDir(prefix = 'mcdewey-static-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export { writeTree } from '@mcdewey/test-support/corpora';

/** A small corpus: two vendors, two versions of one, a duplicated chunk across versions, Markdown, HTML and text. */
export function smallCorpus(): Record<string, string> {
  return {
    'acme/v1/guide/intro.md':
      '---\ntitle: Acme Intro\n---\n# Introduction\n\nAcme widgets turn sprockets into gears.\n\n## Installing\n\nRun `acme install` to install the widget daemon. Then start it with `acme start`.\n',
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot of the widget store with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE`.\n',
    'acme/v2/guide/backup.md':
      '# Backups\n\nTake a snapshot of the widget store with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE --verify`. Verification reads every block of the snapshot.\n',
    'acme/v2/guide/tuning.md':
      '# Tuning\n\n## Cache\n\nIncrease the cache size for faster snapshot reads. The cache holds <b>hot</b> blocks & keys.\n\n## Workers\n\nMore workers restore snapshots in parallel.\n',
    'globex/9.0/manual/tuning.html':
      '<html><head><title>Tuning Globex</title></head><body><main><h1>Tuning</h1><p>Increase the cache size for faster snapshot reads.</p><pre><code>cache_size = 512MB\nworkers = 4</code></pre><h2>Logging</h2><p>Set the log level to debug to trace every request.</p></main></body></html>',
    'globex/9.0/manual/notes.txt': 'Release notes\n\nThe snapshot format changed in 9.0. Old snapshots restore with the --legacy flag.\n',
    'SOURCES.md': '# Sources\n',
  };
}

/** Debian's Chromium, headless, fresh profile, no background traffic. */
export interface TestBrowser {
  context: BrowserContext;
  /** Every request any page made (URL), to check that none left the site. */
  requests: string[];
  /** Console errors and page errors. */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Chromium with a fresh profile of its own, watching every page's requests and errors. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = tempDir('mcdewey-chromium-');
  const context = await launchPersistentChromium(profile.path, { viewport: { width: 1100, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (request: Request) => requests.push(request.url()));
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  };
  context.on('page', watch);
  const close = async () => {
    await context.close();
    profile.cleanup();
  };
  return { context, requests, errors, newPage: () => context.newPage(), close, [Symbol.asyncDispose]: close };
}

/** Saves a full-page screenshot as `test-output/screenshots/static-<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `static-${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
