import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { wantsJson } from '../request-kind.js';
import type { RateLimitOptions } from './options.js';
import { principalOf } from './request-principal.js';

/**
 * Limits each principal (each client address when no one signed in) to `requests` per window, with
 * rate-limiter-flexible's in-memory fixed windows (a well-kept library, so the window arithmetic
 * is not ours). Over the limit: 429 with `Retry-After` in seconds.
 * @throws TypeError for a limit that is not a positive integer.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  const perSeconds = options.perSeconds ?? 60;
  if (!Number.isInteger(options.requests) || options.requests < 1) throw new TypeError(`rateLimit.requests must be a positive integer, got ${options.requests}`);
  if (!Number.isInteger(perSeconds) || perSeconds < 1) throw new TypeError(`rateLimit.perSeconds must be a positive integer, got ${perSeconds}`);
  const limiter = new RateLimiterMemory({ points: options.requests, duration: perSeconds });
  return async (request: Request, response: Response, next: NextFunction) => {
    const principal = principalOf(request);
    const key = principal ? `${principal.via}:${principal.name}` : `address:${request.socket.remoteAddress ?? 'unknown'}`;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) return next(rejection);
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      const message = `Too many requests: at most ${options.requests} every ${perSeconds} s; retry in ${seconds} s`;
      response.status(429).setHeader('Retry-After', String(seconds));
      response.setHeader('Cache-Control', 'no-store');
      if (request.path === '/mcp') response.json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
      else if (wantsJson(request)) response.json({ error: { code: 'RATE_LIMITED', message } });
      else response.type('text/plain').send(`${message}\n`);
      return;
    }
    next();
  };
}
