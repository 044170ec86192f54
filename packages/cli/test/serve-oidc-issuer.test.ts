import { setTimeout as sleep } from 'node:timers/promises';
import { signingKey, startTestIssuer, type TestIssuer } from '@mcdewey/test-support/oidc-issuer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli as mcdewey, oidcServeArgs, startServe, twoVendorIndex, type RunningServe } from './cli-run.js';

/**
 * `mcdewey serve --auth oidc` through the built CLI, against a real OpenID provider on loopback.
 * The server is published as https://docs.example.com/ (behind a proxy, as a team would run it)
 * while the test reaches it on 127.0.0.1: the audience is the public /mcp URL, not the listening address.
 */
const PUBLIC = 'https://docs.example.com/';
const AUDIENCE = `${PUBLIC}mcp`;
const OTHER_AUDIENCE = 'https://other.example/mcp';

let library: ReturnType<typeof twoVendorIndex>;
let issuer: TestIssuer;
let server: RunningServe;
let apiToken: string;

beforeAll(async () => {
  library = twoVendorIndex('mcdewey-cli-oidc-');
  const { index } = library;
  // A token file beside the index: API tokens keep working beside the issuer.
  apiToken = mcdewey('token', 'create', '--name', 'globex-bot', '--vendors', 'globex', '--index', index).stdout.trim();
  issuer = await startTestIssuer({
    key: await signingKey('issuer-key'),
    resources: [AUDIENCE, OTHER_AUDIENCE],
    agents: { 'agent-acme': { mcdewey_vendors: ['acme'] }, 'agent-brief': { mcdewey_vendors: ['acme'] } },
    shortLived: ['agent-brief'],
    web: { clientId: 'mcdewey-web', clientSecret: 'web-secret', redirectUri: `${PUBLIC}callback`, postLogoutRedirectUri: PUBLIC },
  });
  server = await startServe([...oidcServeArgs(library, issuer.issuer, AUDIENCE), '--host', '0.0.0.0']);
}, 120_000);

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
  await issuer?.close();
  library?.remove();
});

/** An access token for `audience` from the issuer by client credentials (the agent's secret is `<id>-secret`). */
async function accessToken(agent: string, audience = AUDIENCE): Promise<string> {
  const discovery = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as { token_endpoint: string };
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${agent}:${agent}-secret`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource: audience, scope: 'mcdewey' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, redirect: 'manual' });
const vendorsOf = async (response: Response) => ((await response.json()) as { results: { vendor: string }[] }).results.map((result) => result.vendor);

describe('mcdewey serve --auth oidc, against a real OpenID provider', () => {
  test('the startup notice says what is accepted and what to register at the issuer', () => {
    expect(server.stderr()).toContain(`OIDC: /mcp and /api accept access tokens from ${issuer.issuer} for the audience ${AUDIENCE}`);
    expect(server.stderr()).toContain(`register the redirect URI ${PUBLIC}callback and the post-logout URI ${PUBLIC} with the issuer`);
    expect(server.stderr()).toMatch(/API tokens: 1 token in \S+index\.tokens\.json/);
  });

  test('/mcp without a token: 401 whose challenge points to the protected resource metadata', async () => {
    const response = await fetch(`${server.url}mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('resource_metadata="https://docs.example.com/.well-known/oauth-protected-resource/mcp"');
  });

  test('the protected resource metadata names this resource and the issuer, without sign-in', async () => {
    for (const path of ['.well-known/oauth-protected-resource/mcp', '.well-known/oauth-protected-resource']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ resource: AUDIENCE, authorization_servers: [issuer.issuer], bearer_methods_supported: ['header'] });
    }
  });

  test('an access token limited by its vendors claim sees that vendor only; an API token still sees its own', async () => {
    const token = await accessToken('agent-acme');
    const search = await get('api/search?q=backups+snapshot', token);
    expect(search.status).toBe(200);
    expect(await vendorsOf(search)).toEqual(['acme']);
    const byApiToken = await get('api/search?q=backups+snapshot', apiToken);
    expect(new Set(await vendorsOf(byApiToken))).toEqual(new Set(['globex']));
    // A page shows who is asking; a bearer principal has no web session to sign out of.
    const page = await (await get('browse', token)).text();
    expect(page).toContain('Signed in as <strong>agent-acme</strong>');
    expect(page).not.toContain('class="sign-out"');
  });

  test('a token for another audience, and an expired one, are refused with 401', async () => {
    const brief = await accessToken('agent-brief');
    const other = await get('api/vendors', await accessToken('agent-acme', OTHER_AUDIENCE));
    expect(other.status).toBe(401);
    expect(other.headers.get('www-authenticate')).toMatch(/error="invalid_token", error_description="the access token is not for https:\/\/docs\.example\.com\/mcp", resource_metadata=/);
    // Lives 3 s, and the server allows 5 s of clock skew.
    await sleep(9_000);
    const expired = await get('api/vendors', brief);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error_description="the access token has expired"');
  }, 30_000);

  test('a page without a session goes to sign-in and back; /login sends the browser to the issuer with PKCE', async () => {
    const page = await get('browse?vendor=acme');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/login?return=%2Fbrowse%3Fvendor%3Dacme');
    const login = await get('login?return=%2Fbrowse');
    expect(login.status).toBe(302);
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.origin).toBe(issuer.issuer);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ client_id: 'mcdewey-web', redirect_uri: `${PUBLIC}callback`, code_challenge_method: 'S256' });
    // JSON routes answer 401, never a redirect.
    expect((await get('api/vendors')).status).toBe(401);
  });
});
