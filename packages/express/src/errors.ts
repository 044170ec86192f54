import { isMcdeweyError } from '@mcdewey/core';
import { redactPaths } from '@mcdewey/mcp/guard';
import { clientErrorStatus, reason } from './security.js';

/** An error the router answers with a status and a message meant for the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** What a client is told about an error; `unexpected` errors are also reported to `onError`. */
export interface ClientError {
  status: number;
  code: string;
  message: string;
  unexpected: boolean;
}

/**
 * Maps an error to what the client may see. McDewey's own input errors keep their message (it
 * names the bad parameter and the valid values) with server paths taken out (relative to the
 * parent of one of `roots`, else `<path>`); anything else gets a fixed message, never a stack.
 */
export function toClientError(error: unknown, roots: readonly (string | undefined)[] = []): ClientError {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message, unexpected: false };
  if (isMcdeweyError(error)) {
    switch (error.code) {
      case 'VENDOR_NOT_ALLOWED':
        return { status: 403, code: error.code, message: error.message, unexpected: false };
      case 'INVALID_ARGUMENT':
      case 'INVALID_CHUNK_ID':
        return { status: 400, code: error.code, message: redactPaths(error.message, roots), unexpected: false };
      case 'CHUNK_NOT_FOUND': {
        // The library's message names the index directory; a web client has no business with it.
        const id = typeof error.details.id === 'string' ? error.details.id : '';
        return { status: 404, code: error.code, message: `No chunk or document "${id}" in this index`, unexpected: false };
      }
      case 'INDEX_CORRUPT':
        // The server keeps running; the message names no server path, the operator hears of it through onError.
        return { status: 500, code: error.code, message: 'The index this server reads is damaged; its operator must re-run mcdewey ingest', unexpected: true };
      case 'EMBEDDER_UNAVAILABLE':
      case 'EMBEDDER_MISMATCH':
      case 'VECTOR_INDEX_UNAVAILABLE':
        return { status: 503, code: error.code, message: 'Semantic search is not available on this server; use mode=lexical', unexpected: true };
      default:
        break;
    }
  }
  const status = clientErrorStatus(error);
  if (status !== undefined) return { status, code: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: reason(status), unexpected: false };
  return { status: 500, code: 'INTERNAL', message: reason(500), unexpected: true };
}
