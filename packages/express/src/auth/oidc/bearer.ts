import type { Request } from 'express';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { AuthFailure, type Authenticator } from '../principal.js';
import { nameFromClaims, resolveOidcConfig, vendorsFromClaims, type OidcConfig, type ResolvedOidcConfig } from './config.js';

/** Three dot-separated base64url parts: what a JWS compact serialisation looks like. API tokens do not. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * An authenticator for `Authorization: Bearer <JWT>` access tokens from the configured issuer, as an
 * OAuth 2.1 resource server checks them: the signature against the issuer's JWKS (found through its
 * `/.well-known/openid-configuration`, fetched on first use and cached by `jose`), the algorithm
 * against an allow-list, the issuer, the audience (this server's resource URI), expiry and
 * not-before with a small clock tolerance, and the configured scopes. A bearer token that is not a
 * JWT (an API token) and a request without one are left to the next authenticator.
 */
export function oidcBearerAuthenticator(config: OidcConfig): Authenticator {
  const settings = resolveOidcConfig(config);
  const keys = issuerKeys(settings);
  return async (request: Request) => {
    const token = bearerToken(request);
    if (token === undefined || !JWT_SHAPE.test(token)) return undefined;
    const payload = await verify(token, await keys(), settings);
    const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    const missing = settings.scopes.filter((scope) => !granted.includes(scope));
    if (missing.length > 0) throw new AuthFailure(403, 'insufficient_scope', `the access token lacks the scope ${missing.join(' ')}`);
    return { name: nameFromClaims(payload), via: 'oidc-bearer', vendors: vendorsFromClaims(payload, settings) };
  };
}

/** The token of an `Authorization: Bearer` header, if the request has one. */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer +([^\s]+) *$/i.exec(request.get('authorization') ?? '');
  return match?.[1];
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

async function verify(token: string, keys: KeySet, settings: ResolvedOidcConfig): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: settings.algorithms,
      clockTolerance: settings.clockToleranceSeconds,
      requiredClaims: ['exp'],
    });
    return payload;
  } catch (error) {
    throw new AuthFailure(401, 'invalid_token', whyInvalid(error, settings));
  }
}

/** One line saying what is wrong with the token, for `error_description` (never the token itself). */
function whyInvalid(error: unknown, settings: ResolvedOidcConfig): string {
  // The issuer's keys could not be had: the server's trouble, not the token's.
  if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) throw error;
  if (error instanceof errors.JWTExpired) return 'the access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return `the access token was not issued by ${settings.issuer}`;
    if (error.claim === 'aud') return `the access token is not for ${settings.audience}`;
    if (error.claim === 'nbf') return 'the access token is not valid yet';
    return `the access token's "${error.claim}" claim is invalid`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the access token is signed with an algorithm this server does not accept';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the access token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return "the access token is not signed by one of the issuer's keys";
  return 'the access token is malformed';
}

/**
 * The issuer's key set, found through its discovery document on first use. A failed discovery is
 * retried on the next request rather than remembered.
 */
function issuerKeys(settings: ResolvedOidcConfig): () => Promise<KeySet> {
  let found: Promise<KeySet> | undefined;
  return () => {
    if (found === undefined) {
      found = discoverJwksUri(settings.issuerUrl).then((uri) => createRemoteJWKSet(uri));
      found.catch(() => (found = undefined));
    }
    return found;
  };
}

/** The `jwks_uri` of an issuer, from its OpenID discovery document, checking the document is the issuer's own. */
export async function discoverJwksUri(issuer: URL): Promise<URL> {
  const url = new URL(`${issuer.pathname.replace(/\/$/, '')}/.well-known/openid-configuration`, issuer);
  let metadata: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    metadata = (await response.json()) as typeof metadata;
  } catch (error) {
    throw new Error(`cannot read the OIDC issuer's discovery document ${url.href}: ${(error as Error).message}`, { cause: error });
  }
  if (metadata.issuer !== issuer.href && metadata.issuer !== issuer.href.replace(/\/$/, '')) {
    throw new Error(`the discovery document at ${url.href} names the issuer ${String(metadata.issuer)}, not ${issuer.href}`);
  }
  if (typeof metadata.jwks_uri !== 'string') throw new Error(`the discovery document at ${url.href} has no jwks_uri`);
  return new URL(metadata.jwks_uri);
}
