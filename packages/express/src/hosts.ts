import { hostAllowed, hostRefusal } from '@mcdewey/mcp/guard';
import type { NextFunction, Request, Response } from 'express';

/**
 * Refuses, with 403 and one line of text, a request whose `Host` is neither a loopback name nor
 * one of `allowedHosts`: the DNS rebinding check of the MCP endpoint (the same function), on every
 * route. The router has no other state-changing route than `/mcp`, which checks `Origin` itself.
 */
export function hostCheck(allowedHosts: readonly string[]) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (hostAllowed(request.headers.host, allowedHosts)) return next();
    response.status(403).type('text/plain').setHeader('Cache-Control', 'no-store');
    response.send(`${hostRefusal(request.headers.host, allowedHosts)}\n`);
  };
}
