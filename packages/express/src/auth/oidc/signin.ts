import { parse as parseCookies } from 'cookie';
import { Router, type CookieOptions, type Request, type Response } from 'express';
import * as client from 'openid-client';
import { AuthFailure, type Authenticator, type Principal } from '../principal.js';
import { isLoopbackUrl, nameFromClaims, resolveOidcConfig, vendorsFromClaims, type OidcConfig, type ResolvedOidcConfig } from './config.js';
import { ExpiringStore } from './session-store.js';

/** The session cookie: an opaque random id of a session kept in this process's memory. */
export const SESSION_COOKIE = 'mcdewey_session';
/** The cookie tying a sign-in under way to the browser that started it (state, nonce, PKCE verifier stay here). */
export const SIGN_IN_COOKIE = 'mcdewey_signin';
const SIGN_IN_TTL_MS = 10 * 60 * 1000;

/** What `oidcSignIn` gives: the sign-in routes and the authenticator of the sessions they open. */
export interface OidcSignIn {
  /**
   * `GET login?return=/path` (to the issuer), `GET callback` (back from it) and `GET|POST logout`.
   * Mount it at the path `publicUrl` points to; send people who must sign in to `login` with the
   * page they wanted as `return`.
   */
  readonly router: Router;
  /** Recognises the session cookie (`via: 'oidc-session'`). */
  readonly authenticator: Authenticator;
}

interface SignInUnderWay {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

interface Session {
  principal: Principal;
  idToken: string | undefined;
}

/**
 * People sign in with the issuer: authorization code flow with PKCE (S256), state and nonce, through
 * `openid-client`. A signed-in browser holds only an HttpOnly, SameSite=Lax cookie with a random id
 * (Secure when `publicUrl` is https); the session itself (name, vendors from the configured claim or
 * group mapping, from the ID token or else userinfo) stays in memory until it expires or the user
 * signs out. Sign-out also ends the session at the issuer when it offers RP-initiated logout.
 */
export function oidcSignIn(config: OidcConfig): OidcSignIn {
  const settings = resolveOidcConfig(config);
  if (settings.clientId === undefined) throw new TypeError('oidc clientId is required for people to sign in');
  const issuer = issuerClient(settings);
  const signIns = new ExpiringStore<SignInUnderWay>(SIGN_IN_TTL_MS);
  const sessions = new ExpiringStore<Session>(settings.sessionTtlSeconds * 1000);
  const redirectUri = new URL('callback', settings.publicUrl);
  const cookieOptions = (request: Request, maxAge: number): CookieOptions => ({
    httpOnly: true,
    sameSite: 'lax',
    secure: settings.publicUrl.protocol === 'https:',
    path: request.baseUrl || '/',
    maxAge,
  });

  const router = Router();
  router.get('/login', async (request, response) => {
    const configuration = await issuer();
    const returnTo = safeReturnPath(request.query.return) ?? `${request.baseUrl}/`;
    const signIn = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce(), returnTo };
    response.cookie(SIGN_IN_COOKIE, signIns.add(signIn), cookieOptions(request, SIGN_IN_TTL_MS));
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(
      client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri.href,
        scope: settings.signInScopes.join(' '),
        code_challenge: await client.calculatePKCECodeChallenge(signIn.verifier),
        code_challenge_method: 'S256',
        state: signIn.state,
        nonce: signIn.nonce,
      }).href,
    );
  });

  router.get('/callback', async (request, response) => {
    const signIn = signIns.take(cookieOf(request, SIGN_IN_COOKIE));
    response.clearCookie(SIGN_IN_COOKIE, { path: request.baseUrl || '/' });
    response.setHeader('Cache-Control', 'no-store');
    if (signIn === undefined) return refuse(response, 400, 'This sign-in expired or was started in another browser; sign in again.');
    const configuration = await issuer();
    // The redirect URI as registered, with the parameters the issuer sent: proxies may rewrite the rest.
    const current = new URL(redirectUri);
    current.search = new URL(request.originalUrl, redirectUri).search;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, current, { pkceCodeVerifier: signIn.verifier, expectedState: signIn.state, expectedNonce: signIn.nonce, idTokenExpected: true });
    } catch (error) {
      return refuse(response, 401, `Sign-in failed: ${signInError(error)}`);
    }
    const claims = await userClaims(configuration, tokens, settings);
    const principal: Principal = { name: nameFromClaims(claims), via: 'oidc-session', vendors: vendorsFromClaims(claims, settings) };
    response.cookie(SESSION_COOKIE, sessions.add({ principal, idToken: tokens.id_token }), cookieOptions(request, settings.sessionTtlSeconds * 1000));
    response.redirect(signIn.returnTo);
  });

  const logout = async (request: Request, response: Response) => {
    const session = sessions.take(cookieOf(request, SESSION_COOKIE));
    response.clearCookie(SESSION_COOKIE, { path: request.baseUrl || '/' });
    response.setHeader('Cache-Control', 'no-store');
    const configuration = session === undefined ? undefined : await issuer();
    if (configuration?.serverMetadata().end_session_endpoint === undefined) return response.redirect(`${request.baseUrl}/`);
    const parameters: Record<string, string> = { post_logout_redirect_uri: settings.publicUrl.href, client_id: settings.clientId! };
    if (session?.idToken !== undefined) parameters.id_token_hint = session.idToken;
    return response.redirect(client.buildEndSessionUrl(configuration, parameters).href);
  };
  router.get('/logout', logout);
  router.post('/logout', logout);

  const authenticator: Authenticator = async (request) => {
    const id = cookieOf(request, SESSION_COOKIE);
    if (id === undefined) return undefined;
    const session = sessions.get(id);
    if (session === undefined) throw new AuthFailure(401, 'invalid_token', 'the session has ended; sign in again');
    return session.principal;
  };
  return { router, authenticator };
}

/** The issuer's client configuration, discovered on first use; a failed discovery is retried next time. */
function issuerClient(settings: ResolvedOidcConfig): () => Promise<client.Configuration> {
  let found: Promise<client.Configuration> | undefined;
  return () => {
    if (found === undefined) {
      const authentication = settings.clientSecret === undefined ? client.None() : client.ClientSecretBasic(settings.clientSecret);
      const execute = isLoopbackUrl(settings.issuerUrl) && settings.issuerUrl.protocol === 'http:' ? [client.allowInsecureRequests] : [];
      found = client.discovery(settings.issuerUrl, settings.clientId!, undefined, authentication, { execute, timeout: 10 });
      found.catch(() => (found = undefined));
    }
    return found;
  };
}

/** The ID token's claims, completed from userinfo when the vendor claims are not in the ID token. */
async function userClaims(configuration: client.Configuration, tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>, settings: ResolvedOidcConfig): Promise<Record<string, unknown>> {
  const claims: Record<string, unknown> = { ...tokens.claims() };
  const wanted = [settings.vendorsClaim, settings.groupsClaim].filter((claim) => claim !== undefined);
  if (wanted.every((claim) => claim in claims) || configuration.serverMetadata().userinfo_endpoint === undefined) return claims;
  const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, String(claims.sub));
  return { ...userinfo, ...claims, ...Object.fromEntries(wanted.filter((claim) => claim in userinfo).map((claim) => [claim, userinfo[claim]])) };
}

/** A same-origin path to return to after sign-in; anything else (another origin, `//host`) → undefined. */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  return /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : undefined;
}

function cookieOf(request: Request, name: string): string | undefined {
  return parseCookies(request.get('cookie') ?? '')[name];
}

function signInError(error: unknown): string {
  const cause = error as { error?: unknown; error_description?: unknown; message?: unknown; cause?: unknown };
  if (typeof cause.error === 'string') return typeof cause.error_description === 'string' ? `${cause.error}: ${cause.error_description}` : cause.error;
  // openid-client says "invalid response encountered"; what was invalid is in the cause.
  const detail = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
  return `${String(cause.message ?? error)}${detail}`.split('\n')[0]!;
}

function refuse(response: Response, status: number, message: string): void {
  response.status(status).type('text/plain').send(`${message}\n`);
}
