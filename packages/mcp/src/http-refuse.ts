import type { ServerResponse } from 'node:http';

/** JSON-RPC codes used for transport-level refusals (as the SDK does). */
export const RPC_CODES = {
  BAD_REQUEST: -32000,
  SESSION_NOT_FOUND: -32001,
  INTERNAL_ERROR: -32603,
  PARSE_ERROR: -32700,
} as const;

/** Answers with an HTTP status and a JSON-RPC error body (or just ends a response already under way). */
export function refuse(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
