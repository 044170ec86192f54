import express from 'express';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { oidcSignIn, type OidcConfig } from '../src/index.js';
import { loopbackServer, signingKey, startTestIssuer, type LoopbackServer, type TestIssuer } from './oidc-fixtures.js';

// The sign-in routes over HTTP, without a browser: what /login sends to the issuer, the cookie it
// sets behind an https public URL, and a sign-in the issuer refuses.
const PUBLIC = 'https://docs.example.com/';

let app: LoopbackServer;
let issuer: TestIssuer;

beforeAll(async () => {
  app = await loopbackServer();
  issuer = await startTestIssuer({
    key: await signingKey('issuer-key'),
    resources: [`${PUBLIC}mcp`],
    web: { clientId: 'mcdewey-web', clientSecret: 'web-secret', redirectUri: `${PUBLIC}callback`, postLogoutRedirectUri: PUBLIC },
  });
  const config: OidcConfig = { issuer: issuer.issuer, audience: `${PUBLIC}mcp`, clientId: 'mcdewey-web', clientSecret: 'web-secret' };
  const web = express();
  web.use(oidcSignIn(config).router);
  app.handle(web);
}, 60_000);

afterAll(() => Promise.all([app?.close(), issuer?.close()]));

async function startSignIn(path = '/login?return=%2Flibrary') {
  const response = await fetch(`${app.origin}${path}`, { redirect: 'manual' });
  return { response, location: new URL(response.headers.get('location') ?? ''), cookie: response.headers.get('set-cookie') ?? '' };
}

describe('the sign-in routes', () => {
  test('login sends the browser to the issuer with PKCE S256, state, nonce and the registered redirect URI', async () => {
    const { response, location } = await startSignIn();
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(location.origin + location.pathname).toBe(`${issuer.issuer}/auth`);
    const parameters = Object.fromEntries(location.searchParams);
    expect(parameters).toMatchObject({ client_id: 'mcdewey-web', response_type: 'code', redirect_uri: `${PUBLIC}callback`, scope: 'openid profile email', code_challenge_method: 'S256' });
    expect(parameters.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parameters.state).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(parameters.nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // Nothing of the sign-in travels in the URL but what the issuer must see.
    expect(location.search).not.toContain('library');
  });

  test('behind an https public URL the cookie is Secure, HttpOnly and SameSite=Lax, and holds only a random id', async () => {
    const { cookie } = await startSignIn();
    expect(cookie).toMatch(/^mcdewey_signin=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/);
  });

  test('a sign-in the issuer refuses answers 401 saying why, and cannot be replayed', async () => {
    const { location, cookie } = await startSignIn();
    const state = location.searchParams.get('state')!;
    const id = /^mcdewey_signin=([^;]+)/.exec(cookie)![1]!;
    const back = `${app.origin}/callback?error=access_denied&error_description=the+user+said+no&state=${state}&iss=${encodeURIComponent(issuer.issuer)}`;
    const refused = await fetch(back, { headers: { cookie: `mcdewey_signin=${id}` } });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toBe('Sign-in failed: access_denied: the user said no\n');
    const again = await fetch(back, { headers: { cookie: `mcdewey_signin=${id}` } });
    expect(again.status).toBe(400);
  });

  test('a callback whose state is not the one sent is refused', async () => {
    const { cookie } = await startSignIn();
    const id = /^mcdewey_signin=([^;]+)/.exec(cookie)![1]!;
    const response = await fetch(`${app.origin}/callback?code=abc&state=forged&iss=${encodeURIComponent(issuer.issuer)}`, { headers: { cookie: `mcdewey_signin=${id}` } });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('Sign-in failed: invalid response encountered (unexpected "state" response parameter value)\n');
  });

  test('logout without a session clears the cookie and goes home', async () => {
    const response = await fetch(`${app.origin}/logout`, { method: 'POST', redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    expect(response.headers.get('set-cookie')).toMatch(/^mcdewey_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
  });
});
