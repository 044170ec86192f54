import type { Request } from 'express';

/** Whether the router answers this request (path relative to the router) with JSON rather than a page. */
export function wantsJson(request: Request): boolean {
  return request.path.startsWith('/api/') || request.path === '/api' || request.path === '/healthz' || request.path === '/mcp';
}
