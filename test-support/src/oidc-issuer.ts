import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type ClientMetadata } from 'oidc-provider';
import type { Page } from 'playwright-core';

/** A real OpenID provider on loopback for the sign-in tests of the web app and of `mcdewey serve`. */

/**
 * A server on 127.0.0.1, port 0, whose handler is set once its URL is known. Its origin names
 * `hostname` (`localhost` makes it another site than `127.0.0.1`, as an issuer usually is).
 */
export interface LoopbackServer {
  readonly origin: string;
  handle(listener: RequestListener): void;
  close(): Promise<void>;
}

export async function loopbackServer(hostname = '127.0.0.1'): Promise<LoopbackServer> {
  let listener: RequestListener = (_request, response) => response.writeHead(503).end();
  const server: Server = createServer((request, response) => listener(request, response));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${hostname}:${port}`,
    handle: (next) => (listener = next),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** An RSA signing key as a private JWK, for an issuer's `jwks`. */
export async function signingKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

/** A user of the test issuer: the login typed on its sign-in page is the account id. */
export interface TestAccount {
  name: string;
  mcdewey_vendors?: string[] | string;
  groups?: string[];
}

export interface TestIssuerOptions {
  /** The host name in the issuer URL. Default `127.0.0.1`. */
  hostname?: string;
  key: JWK;
  /** Resource indicators the issuer mints JWT access tokens for. */
  resources: string[];
  /** Clients using client credentials (agents): id → extra claims put in their access tokens. */
  agents?: Record<string, Record<string, unknown>>;
  /** Agents whose access tokens live three seconds (at least two after they are issued: `iat` is rounded down). */
  shortLived?: string[];
  /** The web app's client, for the code flow. */
  web?: { clientId: string; clientSecret: string; redirectUri: string; postLogoutRedirectUri: string };
  accounts?: Record<string, TestAccount>;
}

export interface TestIssuer {
  readonly issuer: string;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (`oidc-provider`) on loopback: discovery, JWKS, client credentials and the
 * code flow with its development login and consent pages, JWT access tokens for the given resources.
 */
export async function startTestIssuer(options: TestIssuerOptions): Promise<TestIssuer> {
  const server = await loopbackServer(options.hostname);
  const agents = options.agents ?? {};
  const clients: ClientMetadata[] = Object.keys(agents).map((id) => ({
    client_id: id,
    client_secret: `${id}-secret`,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'mcdewey',
  }));
  if (options.web) {
    clients.push({
      client_id: options.web.clientId,
      client_secret: options.web.clientSecret,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [options.web.redirectUri],
      post_logout_redirect_uris: [options.web.postLogoutRedirectUri],
    });
  }
  const accounts = options.accounts ?? {};
  const provider = new Provider(server.origin, {
    jwks: { keys: [options.key] },
    clients,
    cookies: { keys: ['test-issuer-cookie-key'] },
    scopes: ['openid', 'mcdewey'],
    claims: { openid: ['sub'], profile: ['name'], mcdewey: ['mcdewey_vendors', 'groups'] },
    pkce: { required: () => true },
    // Set, so the provider does not print a notice for each default it falls back on.
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 300,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 300,
      IdToken: 300,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined as unknown as string,
        useGrantedResource: () => false,
        getResourceServerInfo: (_ctx, resource, client) => {
          if (!options.resources.includes(resource)) throw new Error(`unknown resource ${resource}`);
          const ttl = options.shortLived?.includes(client.clientId) ? 3 : 300;
          return { audience: resource, scope: 'mcdewey', accessTokenFormat: 'jwt', accessTokenTTL: ttl };
        },
      },
    },
    extraTokenClaims: (_ctx, token) => (token.clientId === undefined ? undefined : agents[token.clientId]),
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, ...(accounts[id] ?? { name: id }) }),
    }),
  });
  server.handle(provider.callback());
  return { issuer: server.origin, close: () => server.close() };
}

/** Signs in on the test issuer's own login and consent pages (any password), once the browser is there. */
export async function signInAtIssuer(page: Page, issuer: TestIssuer, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === issuer.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.locator('button', { hasText: 'Continue' }).click();
}
