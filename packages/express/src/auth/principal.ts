// packages/express/src/auth/principal.ts — identical in both #18 branches; do not change it (add fields in another file if you must).
import type { Request } from 'express';

/** Who is asking, as an authenticator established it. */
export interface Principal {
  /** Shown in the access log and on pages: a token's name or the user's name or e-mail. Never a secret. */
  readonly name: string;
  /** How the request proved it. */
  readonly via: 'token' | 'oidc-bearer' | 'oidc-session';
  /** The vendors this principal may see; `'all'` for every vendor. */
  readonly vendors: 'all' | readonly string[];
}

/** Why a request was refused: 401 (missing or bad credentials) or 403 (not allowed). */
export class AuthFailure extends Error {
  constructor(
    readonly status: 401 | 403,
    /** RFC 6750 error code, used in `WWW-Authenticate`. */
    readonly reason: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
    message: string,
  ) {
    super(message);
    this.name = 'AuthFailure';
  }
}

/**
 * Establishes who sent a request. Resolves `undefined` when the request carries no credentials this
 * authenticator understands (the next one is asked), the principal when they are valid, and rejects
 * with an `AuthFailure` when they are its kind but invalid (expired, wrong audience, revoked…).
 */
export type Authenticator = (request: Request) => Promise<Principal | undefined>;
