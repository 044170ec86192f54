import { McdeweyError, plural, type Library } from '@mcdewey/core';
import { defaultTokenFile, readTokenFile, tokenAuthenticator, type AuthOptions, type RateLimitOptions } from '@mcdewey/express';
import { isLoopbackHostname } from '@mcdewey/mcp/guard';

/** The auth flags of `mcdewey serve`. */
export interface ServeAuthFlags {
  host: string;
  index: string;
  /** `--auth tokens|oidc`; false for `--no-auth`; undefined when neither was given. */
  auth?: 'tokens' | 'oidc' | false;
  /** `--tokens <file>`. */
  tokens?: string;
  /** `--rate-limit`; false for `--rate-limit 0`. */
  rateLimit?: { requests: number; perSeconds: number } | false;
}

/** What `serve` hands the app: who may use it, the rate limit, whether to log each request. */
export interface ServeAccess {
  auth: AuthOptions | undefined;
  rateLimit: RateLimitOptions | undefined;
  accessLog: boolean;
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
  if (flags.tokens !== undefined && flags.auth !== 'tokens')
    throw new McdeweyError('INVALID_ARGUMENT', '--tokens is the token file of --auth tokens; add --auth tokens', { details: { parameter: '--tokens' } });
  if (flags.auth === 'oidc') {
    throw new McdeweyError('INVALID_ARGUMENT', '--auth oidc is not available in this build; use --auth tokens', { details: { parameter: '--auth' } });
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
  const { tokens } = await readTokenFile(file);
  const usable = tokens.filter((token) => token.expires === null || Date.parse(token.expires) > Date.now());
  if (usable.length === 0) log(`notice: ${file} holds no usable API token yet: every request is refused until one is made (mcdewey token create --name <name> --vendors <list>)`);
  else log(`API tokens: ${plural(usable.length, 'token')} in ${file} (checked for changes on every request)`);
  return { auth: { authenticators: [tokenAuthenticator(file)] }, rateLimit, accessLog: true };
}

function isLoopback(host: string): boolean {
  return isLoopbackHostname(host.includes(':') ? `[${host}]` : host);
}
