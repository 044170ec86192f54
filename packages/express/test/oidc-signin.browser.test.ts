import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuthFailure, oidcSignIn, type OidcConfig, type Principal } from '../src/index.js';
import { CHROMIUM, launchChromium } from '@mcdewey/test-support/chromium';
import { TEST_OUTPUT } from './helpers.js';
import { loopbackServer, signInAtIssuer, signingKey, startTestIssuer, type LoopbackServer, type TestIssuer } from './oidc-fixtures.js';

const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn(`OIDC sign-in browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set MCDEWEY_CHROMIUM)`);
const SCREENSHOTS = join(TEST_OUTPUT, 'screenshots');

let browser: Browser;
let app: LoopbackServer;
let issuer: TestIssuer;

/** A page of the test's own app showing who is signed in, with a sign-out button. */
function libraryPage(principal: Principal): string {
  const text = (value: string) => value.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
  const vendors = principal.vendors === 'all' ? 'all' : principal.vendors.join(',');
  return `<!doctype html><title>Library</title><p id="who">${text(principal.name)}</p><p id="via">${principal.via}</p><p id="vendors">${text(vendors)}</p>
<form method="post" action="/logout"><button id="sign-out">Sign out</button></form>`;
}

describe.skipIf(!HAS_CHROMIUM)('signing in to the web app with an OIDC issuer, in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    app = await loopbackServer();
    // The issuer is another site (localhost, not 127.0.0.1), so the return from it is a cross-site navigation.
    issuer = await startTestIssuer({
      hostname: 'localhost',
      key: await signingKey('issuer-key'),
      resources: [`${app.origin}/mcp`],
      web: { clientId: 'mcdewey-web', clientSecret: 'web-secret', redirectUri: `${app.origin}/callback`, postLogoutRedirectUri: `${app.origin}/` },
      accounts: { ada: { name: 'Ada Lovelace', mcdewey_vendors: ['postgresql'] }, grace: { name: 'Grace Hopper', groups: ['team-db', 'staff'] } },
    });
    const config: OidcConfig = {
      issuer: issuer.issuer,
      audience: `${app.origin}/mcp`,
      clientId: 'mcdewey-web',
      clientSecret: 'web-secret',
      vendorsClaim: 'mcdewey_vendors',
      groupVendors: { 'team-db': ['etcd', 'mysql'] },
      signInScopes: ['openid', 'profile', 'mcdewey'],
    };
    const signIn = oidcSignIn(config);
    const web = express();
    web.use(signIn.router);
    web.get('/', (_request, response) => response.type('html').send('<!doctype html><title>Home</title><p id="home">Signed out</p>'));
    // The test's own guard: a person without a session is sent to sign in, with the page they wanted.
    web.use(async (request, response, next) => {
      try {
        const principal = await signIn.authenticator(request);
        if (principal === undefined) return response.redirect(`/login?return=${encodeURIComponent(request.originalUrl)}`);
        response.locals.principal = principal;
        next();
      } catch (error) {
        if (!(error instanceof AuthFailure)) return next(error);
        response.status(error.status).type('text/plain').send(error.message);
      }
    });
    web.get('/library', (_request, response) => response.type('html').send(libraryPage(response.locals.principal as Principal)));
    app.handle(web);
    browser = await launchChromium();
  }, 120_000);

  afterAll(() => Promise.all([browser?.close(), app?.close(), issuer?.close()]));

  test('sign in, see the name and the vendors of the claim, sign out at the issuer too', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${app.origin}/library?q=wal+archiving`);
      await signInAtIssuer(page, issuer, 'ada');
      // Back at the page asked for, signed in.
      await page.waitForURL(`${app.origin}/library?q=wal+archiving`);
      expect(await page.locator('#who').textContent()).toBe('Ada Lovelace');
      expect(await page.locator('#via').textContent()).toBe('oidc-session');
      expect(await page.locator('#vendors').textContent()).toBe('postgresql');
      await page.screenshot({ path: join(SCREENSHOTS, 'oidc-signed-in.png') });

      // The browser holds only an opaque id, HttpOnly and SameSite=Lax; the sign-in cookie is gone.
      const cookies = await context.cookies(app.origin);
      const session = cookies.find((cookie) => cookie.name === 'mcdewey_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
      expect(session!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(cookies.map((cookie) => cookie.name)).not.toContain('mcdewey_signin');
      expect(await page.evaluate(() => document.cookie)).not.toContain('mcdewey_session');

      await page.locator('#sign-out').click();
      // The issuer asks to confirm ending its own session, then sends the browser back.
      await page.locator('button', { hasText: 'Yes, sign me out' }).click();
      await page.waitForURL(`${app.origin}/`);
      expect(await page.locator('#home').textContent()).toBe('Signed out');
      expect((await context.cookies(app.origin)).map((cookie) => cookie.name)).not.toContain('mcdewey_session');

      // The old session id is dead on the server, not only forgotten by the browser.
      const replay = await fetch(`${app.origin}/library`, { headers: { cookie: `mcdewey_session=${session!.value}` }, redirect: 'manual' });
      expect(replay.status).toBe(401);
      expect(await replay.text()).toBe('the session has ended; sign in again');

      // Signed out at the issuer as well: the next visit asks for a login again.
      await page.goto(`${app.origin}/library`);
      await page.waitForURL((url) => url.origin === issuer.issuer);
      expect(await page.locator('input[name="login"]').count()).toBe(1);
    } finally {
      await context.close();
    }
  }, 60_000);

  test('vendors from a group mapping; a forged return address stays on this site', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${app.origin}/login?return=${encodeURIComponent('//evil.example/steal')}`);
      await signInAtIssuer(page, issuer, 'grace');
      await page.waitForURL(`${app.origin}/`);
      await page.goto(`${app.origin}/library`);
      expect(await page.locator('#who').textContent()).toBe('Grace Hopper');
      expect(await page.locator('#vendors').textContent()).toBe('etcd,mysql');
    } finally {
      await context.close();
    }
  }, 60_000);

  test('a callback without the browser that started the sign-in is refused', async () => {
    const response = await fetch(`${app.origin}/callback?code=stolen&state=guessed`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('This sign-in expired or was started in another browser; sign in again.\n');
  });
});
