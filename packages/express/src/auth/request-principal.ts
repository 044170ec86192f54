import type { IncomingMessage } from 'node:http';
import type { Principal } from './principal.js';

const principals = new WeakMap<IncomingMessage, Principal>();

/** The principal the router's authentication established for this request, if any. */
export function principalOf(request: IncomingMessage): Principal | undefined {
  return principals.get(request);
}

/** Records the request's principal (the authentication gate does, once). */
export function setPrincipal(request: IncomingMessage, principal: Principal): void {
  principals.set(request, principal);
}

/** A key naming a principal and what it may see: MCP sessions and rate limits belong to one. */
export function principalKey(principal: Principal): string {
  return `${principal.via}:${principal.name}:${principal.vendors === 'all' ? '*' : [...principal.vendors].sort().join(',')}`;
}
