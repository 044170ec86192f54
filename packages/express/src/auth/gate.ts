import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { wantsJson } from '../request-kind.js';
import type { AuthOptions } from './options.js';
import { AuthFailure, type Principal } from './principal.js';
import { setPrincipal } from './request-principal.js';

/** Writes the page a browser gets when it must sign in (401) or may not see something (403). */
export type RefusalPage = (request: Request, response: Response, status: 401 | 403, message: string) => void;

/**
 * The authentication gate: asks each authenticator in turn, records the principal for the routes
 * after it, and refuses a request without one: 401 with `WWW-Authenticate: Bearer realm=…` when
 * it carries no credentials, an `AuthFailure`'s status and RFC 6750 error otherwise. `/api` and
 * `/mcp` get JSON, other routes `page`.
 */
export function authGate(auth: AuthOptions, realm: string, page: RefusalPage): RequestHandler {
  return async (request: Request, response: Response, next: NextFunction) => {
    let principal: Principal | undefined;
    try {
      for (const authenticate of auth.authenticators) {
        principal = await authenticate(request);
        if (principal) break;
      }
    } catch (error) {
      if (!(error instanceof AuthFailure)) return next(error);
      return refuse(request, response, auth, realm, page, error);
    }
    if (!principal) return refuse(request, response, auth, realm, page, undefined);
    setPrincipal(request, principal);
    next();
  };
}

function refuse(request: Request, response: Response, auth: AuthOptions, realm: string, page: RefusalPage, failure: AuthFailure | undefined): void {
  const status = failure?.status ?? 401;
  const message = failure?.message ?? 'Sign-in required: this library is served to its team only';
  const parameters: Record<string, string> = { realm, ...(failure ? { error: failure.reason, error_description: failure.message } : {}), ...auth.challenge?.(request) };
  response.setHeader(
    'WWW-Authenticate',
    `Bearer ${Object.entries(parameters)
      .map(([key, value]) => `${key}="${quoted(value)}"`)
      .join(', ')}`,
  );
  response.setHeader('Cache-Control', 'no-store');
  if (request.path === '/mcp') {
    response.status(status).json({ jsonrpc: '2.0', error: { code: -32001, message }, id: null });
  } else if (wantsJson(request)) {
    response.status(status).json({ error: { code: status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', message } });
  } else {
    page(request, response, status, message);
  }
}

/** A quoted-string value (RFC 9110): no quotes, backslashes or control characters inside. */
function quoted(value: string): string {
  return value.replace(/[\\"]/g, "'").replace(/\p{C}/gu, ' ');
}
