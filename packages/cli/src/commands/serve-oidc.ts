import { readFileSync } from 'node:fs';
import { McdeweyError } from '@mcdewey/core';
import { oidcBearerAuthenticator, oidcSignIn, protectedResourceMetadata, resourceMetadataUrl, type Authenticator, type AuthOptions, type OidcConfig, type OidcSignIn } from '@mcdewey/express';
import type { OidcFlags } from './serve-oidc-flags.js';

/** Which flag sets each config field, to name the flag in an error. */
const FLAG_OF: Record<string, string> = {
  issuer: '--oidc-issuer',
  audience: '--oidc-audience',
  publicUrl: '--oidc-audience',
  clientId: '--oidc-client-id',
  signInScopes: '--oidc-sign-in-scopes',
};

/**
 * The OIDC configuration of `mcdewey serve` from its flags, or `undefined` when none is given.
 * Throws an `INVALID_ARGUMENT` error naming the flag (and file) at fault.
 */
export function parseOidcFlags(flags: OidcFlags): OidcConfig | undefined {
  const given = Object.entries(flags).filter(([, value]) => value !== undefined);
  if (given.length === 0) return undefined;
  if (flags.oidcIssuer === undefined) throw invalid('--oidc-issuer', `--oidc-issuer is required with ${flagName(given[0]![0])}`);
  if (flags.oidcAudience === undefined) throw invalid('--oidc-audience', "--oidc-audience is required with --oidc-issuer: this server's /mcp URL, e.g. https://docs.example.com/mcp");
  if (flags.oidcClientSecretFile !== undefined && flags.oidcClientId === undefined) throw invalid('--oidc-client-id', '--oidc-client-secret-file needs --oidc-client-id');
  const groups = flags.oidcGroupVendors === undefined ? undefined : readGroupVendors(flags.oidcGroupVendors);
  const config: OidcConfig = {
    issuer: flags.oidcIssuer,
    audience: flags.oidcAudience,
    clientId: flags.oidcClientId,
    clientSecret: flags.oidcClientSecretFile === undefined ? undefined : readSecret(flags.oidcClientSecretFile),
    vendorsClaim: flags.oidcVendorsClaim,
    groupsClaim: groups?.claim,
    groupVendors: groups?.groups,
    signInScopes: flags.oidcSignInScopes?.split(/\s+/).filter(Boolean),
  };
  // Building the parts checks every field once, in the express package; name the flag in its error.
  try {
    oidcServeParts(config);
  } catch (error) {
    const field = /^oidc (\w+)/.exec((error as Error).message)?.[1];
    const flag = (field && FLAG_OF[field]) ?? '--oidc-issuer';
    throw invalid(flag, (error as Error).message.replace(/^oidc \w+/, flag), error);
  }
  return config;
}

/** What `mcdewey serve` plugs in for an OIDC issuer. */
export interface OidcServeParts {
  /** Ask these, in order, after the API-token authenticator: bearer access tokens, then the web session. */
  authenticators: Authenticator[];
  /** RFC 9728 metadata; mount at the root of the app (well-known paths ignore the base path). */
  metadata: ReturnType<typeof protectedResourceMetadata>;
  /** `login`, `callback`, `logout`; mount at the base path. Absent without `--oidc-client-id`. */
  signIn: OidcSignIn | undefined;
  /** The router's auth options: these authenticators, the sign-in routes as public routes, `resource_metadata` in every challenge, sign-in and sign-out links. */
  auth: AuthOptions;
  /** The host (`name` or `name:port`) of the public URL, which the server must answer besides loopback names. */
  publicHost: string;
  /** Lines for the startup notice: what is accepted and what the issuer must know. */
  notice: string[];
}

/** The authenticators, routes and challenge for an OIDC issuer (see `OidcServeParts`). */
export function oidcServeParts(config: OidcConfig): OidcServeParts {
  // The bearer authenticator checks the config first, so a bad URL fails here with the field named.
  const bearer = oidcBearerAuthenticator(config);
  const signIn = config.clientId === undefined ? undefined : oidcSignIn(config);
  const publicUrl = new URL(config.publicUrl ?? new URL('./', config.audience).href);
  const metadataUrl = resourceMetadataUrl(config.audience).href;
  const notice = [
    `OIDC: /mcp and /api accept access tokens from ${config.issuer} for the audience ${config.audience}; MCP clients find the issuer in ${metadataUrl}`,
    signIn === undefined
      ? 'OIDC: people cannot sign in (no --oidc-client-id); API tokens and access tokens only'
      : `OIDC: people sign in at ${publicUrl.href}login; register the redirect URI ${publicUrl.href}callback and the post-logout URI ${publicUrl.href} with the issuer`,
  ];
  const authenticators = [bearer, ...(signIn === undefined ? [] : [signIn.authenticator])];
  const auth: AuthOptions = {
    authenticators,
    challenge: () => ({ resource_metadata: metadataUrl }),
    publicRoutes: signIn?.router,
    // A page asked for without a session (or with an ended one) goes to sign-in and comes back.
    signIn: signIn && ((request) => ({ href: `${request.baseUrl}/login?return=${encodeURIComponent(request.originalUrl)}`, label: `Sign in with ${new URL(config.issuer).host}`, redirect: true })),
    // A link, not a form: sign-out goes on to the issuer, which the CSP's form-action 'self' would block.
    signOut: (request, principal) => (principal.via === 'oidc-session' ? { href: `${request.baseUrl}/logout`, label: 'Sign out' } : undefined),
  };
  return { authenticators, metadata: protectedResourceMetadata(config), signIn, auth, publicHost: publicUrl.host, notice };
}

function readSecret(file: string): string {
  const secret = readText(file, '--oidc-client-secret-file').trim();
  if (secret === '' || /[\r\n]/.test(secret)) throw invalid('--oidc-client-secret-file', `--oidc-client-secret-file ${file}: the file must hold the secret on one line`);
  return secret;
}

/** `{"claim": "groups", "groups": {"team-db": ["postgresql"], "admins": ["*"]}}`; `claim` is optional. */
function readGroupVendors(file: string): { claim: string | undefined; groups: Record<string, string[]> } {
  const fail = (why: string) => invalid('--oidc-group-vendors', `--oidc-group-vendors ${file}: ${why}`);
  let data: unknown;
  try {
    data = JSON.parse(readText(file, '--oidc-group-vendors'));
  } catch (error) {
    if (error instanceof McdeweyError) throw error;
    throw fail(`not JSON (${(error as Error).message})`);
  }
  const shape = 'expected {"claim": "groups", "groups": {"team-db": ["postgresql"]}}';
  if (!isObject(data) || !isObject(data.groups)) throw fail(shape);
  if (data.claim !== undefined && (typeof data.claim !== 'string' || data.claim === '')) throw fail('"claim" must be the name of the groups claim');
  for (const [group, vendors] of Object.entries(data.groups)) {
    if (!Array.isArray(vendors) || !vendors.every((vendor) => typeof vendor === 'string' && vendor !== '')) throw fail(`group "${group}" must map to a list of vendor names`);
  }
  return { claim: data.claim as string | undefined, groups: data.groups as Record<string, string[]> };
}

function readText(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw invalid(flag, `${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

function invalid(parameter: string, message: string, cause?: unknown): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', message, { cause, details: { parameter } });
}
