import type { Principal } from '../principal.js';

/**
 * How McDewey trusts an OpenID Connect issuer: as an OAuth 2.1 resource server for `/mcp` (bearer
 * access tokens) and, with a client id, for people signing in to the web app.
 */
export interface OidcConfig {
  /** The issuer's URL exactly as it appears in its tokens (`https://login.example.com/realms/docs`). */
  issuer: string;
  /**
   * This server's resource identifier: the audience its access tokens must carry and the `resource`
   * of its protected resource metadata (RFC 9728), normally the MCP endpoint's URL
   * (`https://docs.example.com/mcp`).
   */
  audience: string;
  /**
   * The public URL the web app is reached at, ending in `/` (`https://docs.example.com/`): the
   * sign-in callback is `callback` below it and the session cookie is `Secure` when it is https.
   * Default: the folder of `audience` (`https://docs.example.com/mcp` → `https://docs.example.com/`).
   */
  publicUrl?: string | undefined;
  /** The web app's client id at the issuer. Without it people cannot sign in; bearer tokens still work. */
  clientId?: string | undefined;
  /** The client secret; without it the client is public (PKCE only, no client authentication). */
  clientSecret?: string | undefined;
  /**
   * A claim listing the vendors the principal may see, as an array or a space-separated string
   * (`mcdewey_vendors`). `*` in it means every vendor. Default: none.
   */
  vendorsClaim?: string | undefined;
  /** The claim listing the principal's groups, for `groupVendors`. Default `"groups"`. */
  groupsClaim?: string | undefined;
  /** Vendors each group may see (`{ 'team-db': ['postgresql'], admins: ['*'] }`). Default `{}`. */
  groupVendors?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Vendors of a principal whose token names none through either claim. Default `[]`: nothing. */
  defaultVendors?: readonly string[] | undefined;
  /** Scopes asked for when people sign in; add the one your issuer needs for the vendor or group claim. Default `openid profile email`. */
  signInScopes?: readonly string[] | undefined;
  /** Scopes this resource understands, listed in its metadata; a bearer token must carry all of them. Default `[]`. */
  scopes?: readonly string[] | undefined;
  /** Signature algorithms accepted on access tokens. Default: the asymmetric JWS algorithms (never `none` or HMAC). */
  algorithms?: readonly string[] | undefined;
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. Default 5. */
  clockToleranceSeconds?: number | undefined;
  /** How long a web session lasts, in seconds. Default 28 800 (8 hours). */
  sessionTtlSeconds?: number | undefined;
}

/** Defaults of every optional `OidcConfig` field, in one place. */
export const OIDC_DEFAULTS = {
  groupsClaim: 'groups',
  scopes: [] as readonly string[],
  signInScopes: ['openid', 'profile', 'email'] as readonly string[],
  algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as readonly string[],
  clockToleranceSeconds: 5,
  sessionTtlSeconds: 8 * 60 * 60,
} as const;

/** An `OidcConfig` checked, with defaults applied and URLs parsed. */
export interface ResolvedOidcConfig {
  issuer: string;
  issuerUrl: URL;
  audience: string;
  publicUrl: URL;
  clientId: string | undefined;
  clientSecret: string | undefined;
  vendorsClaim: string | undefined;
  groupsClaim: string;
  groupVendors: Readonly<Record<string, readonly string[]>>;
  defaultVendors: readonly string[];
  scopes: readonly string[];
  signInScopes: readonly string[];
  algorithms: string[];
  clockToleranceSeconds: number;
  sessionTtlSeconds: number;
}

/** Checks a config (throwing a `TypeError` naming the field) and applies the defaults. */
export function resolveOidcConfig(config: OidcConfig): ResolvedOidcConfig {
  const issuerUrl = httpUrl(config.issuer, 'issuer');
  const audienceUrl = httpUrl(config.audience, 'audience');
  const publicUrl = config.publicUrl === undefined ? new URL('./', audienceUrl) : httpUrl(config.publicUrl, 'publicUrl');
  if (!publicUrl.pathname.endsWith('/')) throw new TypeError(`oidc publicUrl must end with "/", got "${config.publicUrl}"`);
  const algorithms = [...(config.algorithms ?? OIDC_DEFAULTS.algorithms)];
  const unsafe = algorithms.find((alg) => alg === 'none' || alg.startsWith('HS'));
  if (unsafe !== undefined) throw new TypeError(`oidc algorithms: "${unsafe}" is not allowed on access tokens (no shared secret or unsigned tokens)`);
  if (config.signInScopes !== undefined && !config.signInScopes.includes('openid')) throw new TypeError('oidc signInScopes must include "openid"');
  const clockToleranceSeconds = config.clockToleranceSeconds ?? OIDC_DEFAULTS.clockToleranceSeconds;
  if (!(clockToleranceSeconds >= 0 && clockToleranceSeconds <= 300)) throw new TypeError(`oidc clockToleranceSeconds must be from 0 to 300, got ${clockToleranceSeconds}`);
  const sessionTtlSeconds = config.sessionTtlSeconds ?? OIDC_DEFAULTS.sessionTtlSeconds;
  if (!(Number.isInteger(sessionTtlSeconds) && sessionTtlSeconds > 0)) throw new TypeError(`oidc sessionTtlSeconds must be a positive integer, got ${sessionTtlSeconds}`);
  return {
    issuer: config.issuer,
    issuerUrl,
    audience: config.audience,
    publicUrl,
    clientId: config.clientId || undefined,
    clientSecret: config.clientSecret || undefined,
    vendorsClaim: config.vendorsClaim || undefined,
    groupsClaim: config.groupsClaim ?? OIDC_DEFAULTS.groupsClaim,
    groupVendors: config.groupVendors ?? {},
    defaultVendors: config.defaultVendors ?? [],
    scopes: config.scopes ?? OIDC_DEFAULTS.scopes,
    signInScopes: config.signInScopes ?? OIDC_DEFAULTS.signInScopes,
    algorithms,
    clockToleranceSeconds,
    sessionTtlSeconds,
  };
}

/** An https URL, or http on a loopback host (an issuer run on the same machine, as in tests). */
function httpUrl(text: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`oidc ${field} must be a URL, got "${text}"`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url))) return url;
  throw new TypeError(`oidc ${field} must be an https URL (http only on localhost), got "${text}"`);
}

/** Whether the URL names this machine (http is acceptable there). */
export function isLoopbackUrl(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
}

/**
 * The vendors a principal may see, from its claims: the vendors claim (an array or a space-separated
 * string) and the vendors of each of its groups; `*` anywhere means every vendor. Neither claim →
 * the configured default.
 */
export function vendorsFromClaims(claims: Readonly<Record<string, unknown>>, config: ResolvedOidcConfig): Principal['vendors'] {
  const named = config.vendorsClaim === undefined ? undefined : listClaim(claims[config.vendorsClaim]);
  const groups = listClaim(claims[config.groupsClaim]);
  const fromGroups = groups?.flatMap((group) => (Object.hasOwn(config.groupVendors, group) ? config.groupVendors[group]! : []));
  if (named === undefined && (fromGroups === undefined || Object.keys(config.groupVendors).length === 0)) return wildcard(config.defaultVendors);
  return wildcard([...(named ?? []), ...(fromGroups ?? [])]);
}

function wildcard(vendors: readonly string[]): Principal['vendors'] {
  return vendors.includes('*') ? 'all' : [...new Set(vendors)].sort();
}

/** A claim holding a list: an array of strings or one space-separated string; anything else → undefined. */
function listClaim(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(/\s+/).filter((item) => item !== '');
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => item.trim());
  return undefined;
}

/** The name shown for a principal: never a secret, the most readable claim it has. */
export function nameFromClaims(claims: Readonly<Record<string, unknown>>): string {
  for (const key of ['name', 'preferred_username', 'email', 'client_id', 'sub']) {
    const value = claims[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
  }
  return 'unnamed';
}
