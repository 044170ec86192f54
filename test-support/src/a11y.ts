import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { onWatchedPage, watchedPage } from './chromium.js';

const require = createRequire(import.meta.url);
/** axe-core's browser build, injected into the page under test (the context must bypass the page's CSP). */
export const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** The WCAG 2.2 AA rule sets (A and AA of 2.0, 2.1 and 2.2). */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's violations of WCAG 2.2 AA on the page as it is, one line each (rule, impact, elements). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Chunks off screen are not rendered (`content-visibility: auto`): axe would measure their
  // buttons as 0 × 0 targets. Render everything before checking.
  await page.addStyleTag({ content: '* { content-visibility: visible !important; }' });
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async (tags) => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: { target: unknown[] }[] }[] }> } }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    // A run that checked nothing would pass every page: it must have passed some rules.
    if (result.passes.length === 0) return ['axe-core checked no rules'];
    return result.violations.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes
          .slice(0, 5)
          .map((node) => JSON.stringify(node.target))
          .join(', ')}${violation.nodes.length > 5 ? ` and ${violation.nodes.length - 5} more` : ''}`,
    );
  }, WCAG_22_AA);
  return violations;
}

/** The two sizes every page is checked at. */
export const VIEWPORTS = {
  desktop: { viewport: { width: 1366, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} as const;

/** One page to check: a name for its screenshot, its URL, and optionally a selector that shows it is drawn. */
export interface CheckedPage {
  name: string;
  url: string;
  ready?: string;
}

/**
 * Opens every page at desktop and phone size (axe is injected, so the pages' CSP is bypassed),
 * saves a screenshot of each as `<size>-<name>.png` in `screenshots`, and returns what is wrong,
 * one line each: WCAG 2.2 AA violations, sideways scrolling, script errors.
 */
export async function accessibilityProblems(browser: Browser, pages: readonly CheckedPage[], screenshots: string): Promise<string[]> {
  const found: string[] = [];
  for (const size of ['desktop', 'phone'] as const) {
    await onWatchedPage(watchedPage(browser, { ...VIEWPORTS[size], bypassCSP: true }), async (page) => {
      for (const { name, url, ready } of pages) {
        await page.goto(url);
        if (ready) await page.waitForSelector(ready);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: join(screenshots, `${size}-${name}.png`) });
        for (const violation of await axeViolations(page)) found.push(`${size} ${name}: ${violation}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) found.push(`${size} ${name}: scrolls sideways by ${overflow} px`);
      }
    });
  }
  return found;
}
