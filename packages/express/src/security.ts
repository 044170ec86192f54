import type { NextFunction, Request, Response } from 'express';

/**
 * The policy of every page: scripts, styles, images and requests from this origin only; no
 * inline script, no plugins, no framing, forms post only here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Chrome renders a PDF through an internal `<embed>` with inline styles, which `object-src` and
 * `style-src` would block (crbug.com/271452); PDFs get a policy that only forbids framing by
 * other sites.
 */
export const PDF_CONTENT_SECURITY_POLICY = "frame-ancestors 'self'";

/** Sets the security headers on every response of the router. */
export function securityHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'same-origin');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  next();
}

/** HTTP status of an error raised by Express or its parsers (`status` 4xx), else 500. */
export function clientErrorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

const REASONS: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Request too large',
  414: 'URI too long',
};

/** A generic, fixed message for a status: what goes out when the cause must not. */
export function reason(status: number): string {
  return REASONS[status] ?? (status < 500 ? 'Bad request' : 'Internal server error');
}
