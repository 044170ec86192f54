import { existsSync } from 'node:fs';
import { McdeweyError, plural, type Library } from '@mcdewey/core';
import { defaultTokenFile, readTokenFile, tokenAuthenticator, type Authenticator, type AuthOptions, type CreateAppOptions, type RateLimitOptions } from '@mcdewey/express';
import { isLoopbackHostname } from '@mcdewey/mcp/guard';
import { oidcServeParts, parseOidcFlags } from './serve-oidc.js';
import type { OidcFlags } from './serve-oidc-flags.js';

/** The auth flags of `mcdewey serve`. */
export interface ServeAuthFlags extends OidcFlags {
  host: string;
  index: string;
  /** `--auth tokens|oidc`; false for `--no-auth`; undefined when neither was given. */
  auth?: 'tokens' | 'oidc' | false;
  /** `--tokens <file>`: the token file of `--auth tokens`, or of `--auth oidc` beside the issuer. */
  tokens?: string;
  /** `--rate-limit`; false for `--rate-limit 0`. */
  rateLimit?: { requests: number; perSeconds: number } | false;
}

/** What `serve` hands the app: who may use it, the rate limit, whether to log each request. */
export interface ServeAccess {
  auth: AuthOptions | undefined;
  rateLimit: RateLimitOptions | undefined;
  accessLog: boolean;
  /** Routes at the root of the app, before sign-in (OIDC's protected resource metadata). */
  rootRoutes?: CreateAppOptions['rootRoutes'];
  /** Host names the server must answer besides those of `--allowed-hosts` (OIDC's public URL). */
  allowedHosts?: string[] | undefined;
}

/** The default limit of a server with an auth mode: generous for people, a ceiling for runaway scripts. */
const DEFAULT_RATE_LIMIT: RateLimitOptions = { requests: 600, perSeconds: 60 };

/**
 * Refuses, before anything is opened, to be open by accident: a non-loopback `--host` needs
 * `--auth` or an explicit `--no-auth`.
 * @throws McdeweyError `INVALID_ARGUMENT` naming `--auth` or `--tokens`.
 */
export function checkAuthFlags(flags: ServeAuthFlags): void {
  if (flags.auth === undefined && !isLoopback(flags.host)) {
    throw new McdeweyError(
      'INVALID_ARGUMENT',
      `--host ${flags.host} listens beyond this machine: choose --auth tokens (API tokens: mcdewey token create) or --auth oidc, or --no-auth to serve everyone who can reach it`,
      { details: { parameter: '--auth' } },
    );
  }
  if (flags.tokens !== undefined && flags.auth !== 'tokens' && flags.auth !== 'oidc')
    throw new McdeweyError('INVALID_ARGUMENT', '--tokens is the token file of --auth tokens; add --auth tokens', { details: { parameter: '--tokens' } });
  const oidcFlag = Object.keys(oidcFlagsOf(flags))[0];
  if (flags.auth !== 'oidc' && oidcFlag !== undefined) {
    const flag = `--${oidcFlag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    throw new McdeweyError('INVALID_ARGUMENT', `${flag} configures --auth oidc; add --auth oidc`, { details: { parameter: flag } });
  }
  if (flags.auth === 'oidc' && parseOidcFlags(oidcFlagsOf(flags)) === undefined) {
    throw new McdeweyError('INVALID_ARGUMENT', "--auth oidc needs --oidc-issuer and --oidc-audience (this server's public /mcp URL)", { details: { parameter: '--oidc-issuer' } });
  }
}

/**
 * Who may use the server, its rate limit and access log. `--no-auth` beyond loopback says on
 * stderr what it exposes; `--auth tokens` reads the token file now, so a damaged one fails at
 * startup with a one-line error naming it.
 * @throws McdeweyError `INVALID_ARGUMENT` naming `--auth`, `--tokens` or the token file.
 */
export async function serveAccess(flags: ServeAuthFlags, library: Library, log: (line: string) => void): Promise<ServeAccess> {
  checkAuthFlags(flags);
  const loopback = isLoopback(flags.host);
  const rateLimit = flags.rateLimit === false ? undefined : (flags.rateLimit ?? (flags.auth ? DEFAULT_RATE_LIMIT : undefined));
  if (flags.auth === false || flags.auth === undefined) {
    if (flags.auth === false && !loopback) {
      const { counts } = library.manifest;
      log(
        `warning: --no-auth: anyone who can reach ${flags.host} can use the web app (/), the JSON API (/api), the MCP endpoint (/mcp) and the original files (/files/) of all ${plural(counts.documents, 'document')} from ${plural(counts.vendors, 'vendor')}`,
      );
    }
    return { auth: undefined, rateLimit, accessLog: flags.auth === false };
  }
  const file = flags.tokens ?? defaultTokenFile(flags.index);
  if (flags.auth === 'oidc') {
    const parts = oidcServeParts(parseOidcFlags(oidcFlagsOf(flags))!);
    // API tokens come first when there is a token file: scripts keep working beside the issuer.
    const tokens = flags.tokens !== undefined || existsSync(file) ? [await tokenFileAuthenticator(file, log)] : [];
    for (const line of parts.notice) log(line);
    const allowedHosts = isLoopback(new URL(`http://${parts.publicHost}`).hostname) ? [] : [parts.publicHost];
    return { auth: { ...parts.auth, authenticators: [...tokens, ...parts.auth.authenticators] }, rateLimit, accessLog: true, rootRoutes: parts.metadata, allowedHosts };
  }
  return { auth: { authenticators: [await tokenFileAuthenticator(file, log)] }, rateLimit, accessLog: true };
}

/** The API tokens of `file`, read now so a damaged file fails at startup; says how many are usable. */
async function tokenFileAuthenticator(file: string, log: (line: string) => void): Promise<Authenticator> {
  const { tokens } = await readTokenFile(file);
  const usable = tokens.filter((token) => token.expires === null || Date.parse(token.expires) > Date.now());
  if (usable.length === 0) log(`notice: ${file} holds no usable API token yet: every request is refused until one is made (mcdewey token create --name <name> --vendors <list>)`);
  else log(`API tokens: ${plural(usable.length, 'token')} in ${file} (checked for changes on every request)`);
  return tokenAuthenticator(file);
}

/** The `--oidc-*` flags that were given, and no other. */
function oidcFlagsOf(flags: ServeAuthFlags): OidcFlags {
  return Object.fromEntries(Object.entries(flags).filter(([key, value]) => /^oidc[A-Z]/.test(key) && value !== undefined));
}

function isLoopback(host: string): boolean {
  return isLoopbackHostname(host.includes(':') ? `[${host}]` : host);
}
