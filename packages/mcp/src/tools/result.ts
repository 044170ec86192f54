import { isMcdeweyError } from '@mcdewey/core';
import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { clientMessage } from '../redact.js';

/** Called with an unexpected (non-McDewey) error of a tool, before the agent gets an error result. */
export type ToolErrorListener = (error: unknown, tool: string) => void;

/**
 * A successful tool result: the structured content, the same as JSON text for older clients, and
 * `resource_link` items (to the chunks and documents it cites) after the text.
 */
export function ok(structured: Record<string, unknown>, links: readonly ResourceLink[] = []): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured) }, ...links], structuredContent: structured };
}

/** A tool error the agent can act on: what was wrong and what is valid. The server keeps serving. */
export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** What to do next, by error code, appended to a tool's error message. */
const HINTS: Partial<Record<string, string>> = {
  CHUNK_NOT_FOUND: 'Take chunk ids from search_docs results, or first_chunk_id from list_documents.',
  INVALID_CHUNK_ID: 'Take chunk ids from search_docs results, or first_chunk_id from list_documents.',
  EMBEDDER_MISMATCH: 'Retry with mode "lexical".',
  EMBEDDER_UNAVAILABLE: 'Retry with mode "lexical".',
  VECTOR_INDEX_UNAVAILABLE: 'Retry with mode "lexical".',
};

/** What `guarded` needs besides the tool: the error listener and the folders to keep out of messages. */
export interface GuardContext {
  onError: ToolErrorListener | undefined;
  /** The index folder: paths inside it are shown relative, any other absolute path not at all. */
  roots: readonly string[];
}

/**
 * Runs a tool's handler; a McdeweyError becomes an error result naming its code (and a hint), any
 * other error is reported to `onError` and becomes an "internal error" result. Paths are redacted.
 */
export async function guarded(tool: string, context: GuardContext, run: () => Promise<CallToolResult> | CallToolResult): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    if (isMcdeweyError(error)) {
      const hint = HINTS[error.code];
      return errorResult(`${tool} failed (${error.code}): ${clientMessage(error, context.roots)}${hint ? `. ${hint}` : ''}`);
    }
    context.onError?.(error, tool);
    return errorResult(`${tool} failed with an internal error: ${clientMessage(error, context.roots)}. The server is still running; retry or report it.`);
  }
}
