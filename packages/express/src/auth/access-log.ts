import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { principalOf } from './request-principal.js';

const calls = new WeakMap<IncomingMessage, string>();

/** Notes what an MCP request called (`tools/call search_docs`), for its access log line. */
export function noteCall(request: IncomingMessage, call: string): void {
  calls.set(request, call);
}

/**
 * One line per request once it is answered: time, principal (`-` when none), method, route (the
 * path without its query string) or MCP call, status, duration. Never a credential: tokens travel
 * in headers, which are not logged.
 */
export function accessLog(write: (line: string) => void) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = performance.now();
    const path = request.originalUrl.split('?')[0] ?? '/';
    response.once('finish', () => {
      const who = (principalOf(request)?.name ?? '-').replace(/[\p{C}\s]+/gu, '_');
      const call = calls.get(request);
      const milliseconds = (performance.now() - started).toFixed(1);
      write(`${new Date().toISOString()} ${who} ${request.method} ${path}${call ? ` ${call}` : ''} ${response.statusCode} ${milliseconds}ms`);
    });
    next();
  };
}
