import { setTimeout as sleep } from 'node:timers/promises';
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, UnsecuredJWT } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuthFailure, oidcBearerAuthenticator, protectedResourceMetadata, type OidcConfig } from '../src/index.js';
import { guardedApp, loopbackServer, signingKey, startTestIssuer, type LoopbackServer, type TestIssuer } from './oidc-fixtures.js';

// A real OpenID provider on loopback mints every token these tests send; only the forged ones
// (alg none, another key, a broken signature) are made here, from a real token's claims.
const OTHER_RESOURCE = 'https://other.example/mcp';

let app: LoopbackServer;
let issuer: TestIssuer;
let impostor: TestIssuer;
let config: OidcConfig;
let resource: string;

beforeAll(async () => {
  app = await loopbackServer();
  resource = `${app.origin}/mcp`;
  const key = await signingKey('issuer-key');
  const agents = {
    'agent-db': { mcdewey_vendors: ['postgresql'] },
    'agent-spaced': { mcdewey_vendors: 'etcd postgresql' },
    'agent-team': { groups: ['team-db', 'team-unknown'] },
    'agent-admin': { groups: ['admins'] },
    'agent-plain': {},
    'agent-brief': { mcdewey_vendors: ['etcd'] },
  };
  issuer = await startTestIssuer({ key, resources: [resource, OTHER_RESOURCE], agents, shortLived: ['agent-brief'] });
  // Same keys, another issuer URL: its tokens verify, so only the issuer check can refuse them.
  impostor = await startTestIssuer({ key, resources: [resource], agents });
  config = {
    issuer: issuer.issuer,
    audience: resource,
    vendorsClaim: 'mcdewey_vendors',
    groupVendors: { 'team-db': ['postgresql', 'mysql'], admins: ['*'] },
    defaultVendors: [],
    clockToleranceSeconds: 0,
  };
  app.handle(guardedApp(config, [oidcBearerAuthenticator(config)], (express) => express.use(protectedResourceMetadata(config))));
}, 60_000);

afterAll(async () => {
  await app?.close();
  await issuer?.close();
  await impostor?.close();
});

/** An access token from the issuer by client credentials, for a resource. */
async function accessToken(from: TestIssuer, agent: string, audience = resource): Promise<string> {
  const configuration = await client.discovery(new URL(from.issuer), agent, `${agent}-secret`, undefined, { execute: [client.allowInsecureRequests] });
  const tokens = await client.clientCredentialsGrant(configuration, { resource: audience, scope: 'mcdewey' });
  return tokens.access_token;
}

async function call(token?: string, authorization = token === undefined ? undefined : `Bearer ${token}`) {
  const response = await fetch(`${app.origin}/mcp`, { headers: authorization === undefined ? {} : { authorization } });
  return { status: response.status, challenge: response.headers.get('www-authenticate') ?? '', body: (await response.json()) as Record<string, unknown> };
}

const metadataUrl = () => `${app.origin}/.well-known/oauth-protected-resource/mcp`;

describe('/mcp as an OAuth 2.1 resource server, against a real OpenID provider', () => {
  test('a valid access token is accepted: the name and vendors come from its claims', async () => {
    const token = await accessToken(issuer, 'agent-db');
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(decodeJwt(token)).toMatchObject({ iss: issuer.issuer, aud: resource, client_id: 'agent-db' });
    expect(await call(token)).toMatchObject({ status: 200, body: { name: 'agent-db', via: 'oidc-bearer', vendors: ['postgresql'] } });
  });

  test('vendors: a space-separated claim, a group mapping, a wildcard group, and none without a claim', async () => {
    expect((await call(await accessToken(issuer, 'agent-spaced'))).body.vendors).toEqual(['etcd', 'postgresql']);
    // team-unknown maps to nothing; team-db's vendors are granted.
    expect((await call(await accessToken(issuer, 'agent-team'))).body.vendors).toEqual(['mysql', 'postgresql']);
    expect((await call(await accessToken(issuer, 'agent-admin'))).body.vendors).toBe('all');
    expect((await call(await accessToken(issuer, 'agent-plain'))).body.vendors).toEqual([]);
  });

  test('an expired token is refused with 401 and invalid_token', async () => {
    const token = await accessToken(issuer, 'agent-brief');
    expect((await call(token)).status).toBe(200);
    await sleep(4100);
    const refused = await call(token);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: 'invalid_token', message: 'the access token has expired' });
    expect(refused.challenge).toBe(`Bearer resource_metadata="${metadataUrl()}", error="invalid_token", error_description="the access token has expired"`);
  });

  test('a token for another resource (wrong audience) is refused', async () => {
    const refused = await call(await accessToken(issuer, 'agent-db', OTHER_RESOURCE));
    expect(refused).toMatchObject({ status: 401, body: { error: 'invalid_token', message: `the access token is not for ${resource}` } });
  });

  test('a token from another issuer with the same keys (wrong issuer) is refused', async () => {
    const token = await accessToken(impostor, 'agent-db');
    expect(decodeJwt(token).iss).toBe(impostor.issuer);
    expect(await call(token)).toMatchObject({ status: 401, body: { error: 'invalid_token', message: `the access token was not issued by ${issuer.issuer}` } });
  });

  test('a broken signature, alg none, and a token signed with another key are refused', async () => {
    const token = await accessToken(issuer, 'agent-db');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    expect(await call(`${header}.${payload}.${flipped}`)).toMatchObject({ status: 401, body: { message: 'the access token signature does not verify' } });

    const claims = decodeJwt(token);
    const unsigned = new UnsecuredJWT(claims).encode();
    expect(await call(unsigned)).toMatchObject({ status: 401, body: { error: 'invalid_token', message: 'the access token is signed with an algorithm this server does not accept' } });

    const stranger = await importJWK(await signingKey('stranger'), 'RS256');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'stranger', typ: 'at+jwt' }).sign(stranger);
    expect(await call(forged)).toMatchObject({ status: 401, body: { message: "the access token is not signed by one of the issuer's keys" } });
    // The issuer's own key id on a token from another key: the signature check refuses it.
    const borrowed = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'issuer-key', typ: 'at+jwt' }).sign(stranger);
    expect(await call(borrowed)).toMatchObject({ status: 401, body: { message: 'the access token signature does not verify' } });
  });

  test('no token, or a bearer token that is not a JWT, is left to the next authenticator', async () => {
    const authenticator = oidcBearerAuthenticator(config);
    const request = (authorization?: string) => ({ get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined) }) as never;
    await expect(authenticator(request())).resolves.toBeUndefined();
    await expect(authenticator(request('Bearer mcd_0123456789abcdefghijklmnop'))).resolves.toBeUndefined();
    await expect(authenticator(request('Basic dXNlcjpwYXNz'))).resolves.toBeUndefined();
    // Nothing any authenticator accepts: 401 pointing at the metadata.
    const refused = await call(undefined, 'Bearer mcd_0123456789abcdefghijklmnop');
    expect(refused).toMatchObject({ status: 401, challenge: `Bearer resource_metadata="${metadataUrl()}"` });
  });

  test('protected resource metadata (RFC 9728), at the plain and the path-suffixed well-known URL', async () => {
    for (const url of [metadataUrl(), `${app.origin}/.well-known/oauth-protected-resource`]) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.json()).toEqual({
        resource,
        authorization_servers: [issuer.issuer],
        bearer_methods_supported: ['header'],
        scopes_supported: [],
        resource_name: 'McDewey',
      });
    }
  });

  test('a required scope the token lacks answers 403 insufficient_scope', async () => {
    const strict = { ...config, scopes: ['mcdewey', 'mcdewey:admin'] };
    const server = await loopbackServer();
    try {
      server.handle(guardedApp(strict, [oidcBearerAuthenticator(strict)]));
      const response = await fetch(`${server.origin}/mcp`, { headers: { authorization: `Bearer ${await accessToken(issuer, 'agent-db')}` } });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope", error_description="the access token lacks the scope mcdewey:admin", scope="mcdewey mcdewey:admin"');
    } finally {
      await server.close();
    }
  });

  test('an issuer that cannot be reached is an error of the server, not of the token', async () => {
    const gone = await loopbackServer();
    await gone.close();
    const authenticator = oidcBearerAuthenticator({ ...config, issuer: gone.origin });
    const token = await accessToken(issuer, 'agent-db');
    const request = { get: () => `Bearer ${token}` } as never;
    await expect(authenticator(request)).rejects.toThrow(`cannot read the OIDC issuer's discovery document ${gone.origin}/.well-known/openid-configuration`);
    // Discovery answers but the key set cannot be fetched: still not the token's fault.
    const keyless = await loopbackServer();
    try {
      keyless.handle((_request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ issuer: keyless.origin, jwks_uri: `${gone.origin}/jwks` }));
      });
      const failure = await oidcBearerAuthenticator({ ...config, issuer: keyless.origin })(request).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(failure).not.toBeInstanceOf(AuthFailure);
    } finally {
      await keyless.close();
    }
  });
});
