import type { Request, RequestHandler } from 'express';
import type { Authenticator, Principal } from './principal.js';

/**
 * Who may use the router (`auth` of `mcdeweyRouter`/`createApp`). Every route but `healthz`,
 * `assets/` and `publicRoutes` then needs a principal from one of the authenticators, and each
 * request sees only the vendors its principal may see.
 */
export interface AuthOptions {
  /** Asked in order; the first to resolve a principal wins, an `AuthFailure` refuses the request. */
  authenticators: Authenticator[];
  /**
   * What a refusal says besides `realm` and `error`: extra `WWW-Authenticate` parameters for this
   * request (OIDC adds `resource_metadata="https://…/.well-known/oauth-protected-resource"`).
   */
  challenge?: ((request: Request) => Record<string, string>) | undefined;
  /**
   * Routes answered before authentication, mounted at the router's root (an OIDC sign-in router:
   * `/login`, `/callback`, `/logout`, `/.well-known/oauth-protected-resource`); what it does not
   * answer goes on to authentication. Host checks and security headers still apply.
   */
  publicRoutes?: RequestHandler | undefined;
  /**
   * How a person signs in, for the page a browser gets with 401: a link (OIDC's
   * `login?return=…`), or with `redirect: true` a redirect there for a page asked for with GET.
   * Default: the page explains API tokens (`Authorization: Bearer`).
   */
  signIn?: ((request: Request) => { href: string; label: string; redirect?: boolean | undefined } | undefined) | undefined;
  /**
   * Where the signed-in principal of this request signs out, shown in the page header beside
   * their name as a plain link (OIDC's `logout`). Default: the name only, no link.
   */
  signOut?: ((request: Request, principal: Principal) => { href: string; label: string } | undefined) | undefined;
  /** `realm` of the challenge. Default: the router's `title`. */
  realm?: string | undefined;
}

/** Per-principal request limit (`rateLimit` of the router). */
export interface RateLimitOptions {
  /** Requests each principal (or, without auth, each client address) may make per window. */
  requests: number;
  /** Window length in seconds. Default 60. */
  perSeconds?: number | undefined;
}
