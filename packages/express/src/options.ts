import type { McpHttpHandlerOptions } from '@mcdewey/mcp';
import { allowedHostEntry } from '@mcdewey/mcp/guard';
import type { Request, RequestHandler } from 'express';
import type { AuthOptions, RateLimitOptions } from './auth/options.js';

/** Options of `mcdeweyRouter`. Every field is optional. */
export interface McdeweyRouterOptions {
  /**
   * The corpus folder the index was ingested from. When given, the original of every indexed
   * document is served at `files/<source>` (PDFs as `application/pdf`, so `#page=N` opens the
   * cited page) and pages link to it. Only files that are documents of the index are served.
   * Default: none — no originals are served and no PDF links are shown.
   */
  corpusDir?: string | undefined;
  /**
   * Why the originals are not served, said on the pages of PDF documents in place of the link
   * when `corpusDir` is not given (`mcdewey serve` says whether the index records no corpus folder
   * or the recorded one moved). Default: "this server was started without the corpus folder".
   */
  originalsUnavailable?: string | undefined;
  /**
   * The MCP endpoint at `mcp`. `true` mounts `createMcpHttpHandler` from `@mcdewey/mcp` (loaded on
   * the first request to `/mcp`; it accepts loopback `Host` and `Origin` values only), an options
   * object mounts it with those options (`{ allowedHosts: ['docs.example.com'] }`), `false` leaves
   * `/mcp` unmounted, and a request handler is mounted as it is. Default `true`.
   */
  mcp?: boolean | McpHttpHandlerOptions | RequestHandler | undefined;
  /**
   * `Host` header values the router answers besides loopback names, either a hostname
   * (`docs.example.com`, any port) or `hostname:port`. Every route checks it (pages, `api/`,
   * `files/`, `assets/`, `healthz`, `mcp`), so a web page on a foreign name that resolves to this
   * server (DNS rebinding) reads nothing; any other Host gets 403 with a one-line text. List the
   * names the library is served under when it is not reached as localhost. The MCP endpoint gets
   * these too, besides its own `allowedHosts`. Default `[]`: only `localhost`, `127.0.0.0/8` and
   * `[::1]`, any port.
   */
  allowedHosts?: string[] | undefined;
  /** Name shown in the header and in page titles. Default `"McDewey"`. */
  title?: string | undefined;
  /** Results on the search page, and the default `limit` of `/api/search`. Default 10. */
  pageSize?: number | undefined;
  /**
   * Called with every unexpected error (a 500). The response itself only says "Internal server
   * error", never the message or stack. Default: writes the error to stderr.
   */
  onError?: ((error: unknown, request: Request) => void) | undefined;
  /**
   * Who may use the library, and what each may see (see `AuthOptions`): every route but
   * `healthz` (which then says only `ok`) and `assets/` needs a principal, and each request sees
   * only its principal's vendors. Default: none — everyone sees everything (loopback use).
   */
  auth?: AuthOptions | undefined;
  /** Requests per principal (per client address without auth) and window; over it, 429. Default: no limit. */
  rateLimit?: RateLimitOptions | undefined;
  /** Called with one line per answered request (time, principal, route or MCP call, status, duration). Default: no log. */
  accessLog?: ((line: string) => void) | undefined;
}

/** Options of `createApp`: the router's options and where to mount it. */
export interface CreateAppOptions extends McdeweyRouterOptions {
  /** Path the router is mounted at (`/docs`); links follow it. Default `"/"`. */
  basePath?: string | undefined;
  /**
   * Routes answered at the root of the app whatever `basePath` is, before the router and without
   * sign-in (the protected resource metadata at `/.well-known/oauth-protected-resource`, whose
   * path does not follow a mount path). Host checks and security headers still apply. Default none.
   */
  rootRoutes?: RequestHandler | undefined;
}

/** Defaults of every option, in one place. */
export const ROUTER_DEFAULTS = {
  title: 'McDewey',
  pageSize: 10,
  mcp: true,
} as const;

/** Router options with defaults applied. */
export interface ResolvedOptions {
  corpusDir: string | undefined;
  originalsUnavailable: string | undefined;
  allowedHosts: string[];
  mcp: boolean | McpHttpHandlerOptions | RequestHandler;
  title: string;
  pageSize: number;
  onError: (error: unknown, request: Request) => void;
  auth: AuthOptions | undefined;
  rateLimit: RateLimitOptions | undefined;
  accessLog: ((line: string) => void) | undefined;
}

export function resolveOptions(options: McdeweyRouterOptions): ResolvedOptions {
  const pageSize = options.pageSize ?? ROUTER_DEFAULTS.pageSize;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) throw new TypeError(`pageSize must be an integer from 1 to 200, got ${pageSize}`);
  const allowedHosts = (options.allowedHosts ?? []).map((entry) => {
    try {
      return allowedHostEntry(entry);
    } catch (error) {
      throw new TypeError(`allowedHosts: ${(error as Error).message}`, { cause: error });
    }
  });
  return {
    corpusDir: options.corpusDir,
    originalsUnavailable: options.originalsUnavailable,
    allowedHosts,
    mcp: options.mcp ?? ROUTER_DEFAULTS.mcp,
    title: options.title ?? ROUTER_DEFAULTS.title,
    pageSize,
    onError: options.onError ?? ((error) => console.error('mcdewey: unexpected error while serving a request:', error)),
    auth: options.auth,
    rateLimit: options.rateLimit,
    accessLog: options.accessLog,
  };
}

/** MCP handler options with the router's `allowedHosts` added to the handler's own. */
export function withHosts(options: McpHttpHandlerOptions, allowedHosts: readonly string[]): McpHttpHandlerOptions {
  return allowedHosts.length === 0 ? options : { ...options, allowedHosts: [...allowedHosts, ...(options.allowedHosts ?? [])] };
}
