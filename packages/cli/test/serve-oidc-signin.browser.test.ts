import { request as httpRequest } from 'node:http';
import { CHROMIUM, HAS_CHROMIUM, launchChromium } from '@mcdewey/test-support/chromium';
import { loopbackServer, signInAtIssuer, signingKey, startTestIssuer, type LoopbackServer, type TestIssuer } from '@mcdewey/test-support/oidc-issuer';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { oidcServeArgs, startServe, twoVendorIndex, type RunningServe } from './cli-run.js';

/**
 * A person signs in to the app `mcdewey serve --auth oidc` serves, in Chromium, against a real
 * OpenID provider. The server sits behind a small reverse proxy on loopback, port 0, as a team
 * would run it behind TLS: the proxy's URL is the public URL the issuer redirects back to.
 */
if (!HAS_CHROMIUM) console.warn(`serve --auth oidc browser test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set MCDEWEY_CHROMIUM)`);

let proxy: LoopbackServer;
let library: ReturnType<typeof twoVendorIndex>;
let issuer: TestIssuer;
let server: RunningServe;
let browser: Browser;

describe.skipIf(!HAS_CHROMIUM)('signing in to `mcdewey serve --auth oidc` in Chromium', () => {
  beforeAll(async () => {
    library = twoVendorIndex('mcdewey-cli-oidc-browser-');
    proxy = await loopbackServer();
    const publicUrl = `${proxy.origin}/`;
    // The issuer is another site (localhost, not 127.0.0.1), as it usually is.
    issuer = await startTestIssuer({
      hostname: 'localhost',
      key: await signingKey('issuer-key'),
      resources: [`${publicUrl}mcp`],
      web: { clientId: 'mcdewey-web', clientSecret: 'web-secret', redirectUri: `${publicUrl}callback`, postLogoutRedirectUri: publicUrl },
      accounts: { ada: { name: 'Ada Lovelace', mcdewey_vendors: ['acme'] } },
    });
    server = await startServe([...oidcServeArgs(library, issuer.issuer, `${publicUrl}mcp`), '--oidc-sign-in-scopes', 'openid profile mcdewey']);
    const target = new URL(server.url);
    proxy.handle((incoming, outgoing) => {
      const forwarded = httpRequest({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      forwarded.on('error', () => outgoing.writeHead(502).end());
      incoming.pipe(forwarded);
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server) expect(await server.stop()).toBe(0);
    await Promise.all([proxy?.close(), issuer?.close()]);
    library?.remove();
  });

  test('a page sends the person to sign in and back, shows their name and vendors, and signs out at the issuer', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${proxy.origin}/browse`);
      await signInAtIssuer(page, issuer, 'ada');
      await page.waitForURL(`${proxy.origin}/browse`);
      await expect.poll(() => page.locator('.site-account').textContent()).toBe('Signed in as Ada Lovelace');
      // Ada's claim grants acme only.
      expect(await page.locator('main a[href="/browse/acme"]').count()).toBeGreaterThan(0);
      expect(await page.locator('main a[href="/browse/globex"]').count()).toBe(0);
      const session = (await context.cookies(proxy.origin)).find((cookie) => cookie.name === 'mcdewey_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

      // Sign-out is a link (the CSP's form-action 'self' would stop a form going on to the issuer).
      await page.locator('a.sign-out').click();
      await page.locator('button', { hasText: 'Yes, sign me out' }).click();
      // Back at the app without a session, which sends the browser to sign in again.
      await page.waitForURL((url) => url.origin === issuer.issuer && url.pathname.startsWith('/interaction/'));
      expect(await page.locator('input[name="login"]').count()).toBe(1);
      expect((await context.cookies(proxy.origin)).map((cookie) => cookie.name)).not.toContain('mcdewey_session');
      const replay = await fetch(`${proxy.origin}/api/vendors`, { headers: { cookie: `mcdewey_session=${session!.value}` } });
      expect(replay.status).toBe(401);
    } finally {
      await context.close();
    }
  }, 60_000);
});
