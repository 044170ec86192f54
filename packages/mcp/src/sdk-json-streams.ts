import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** The SDK transport's private bookkeeping this works around (1.x `WebStandardStreamableHTTPServerTransport`). */
interface TransportInternals {
  _streamMapping?: unknown;
  _requestToStreamMapping?: unknown;
}

/**
 * Releases the answered JSON-response streams of a stateful transport. In JSON-response mode the
 * SDK (1.x, up to at least 1.32) resolves each POST's response but never deletes its stream entry,
 * so a session leaks one entry (and the response it holds) per call: 20,000 calls grew the server's
 * heap by 150 MB (typescript-sdk issue #2559). An entry no pending request points at is answered
 * and is dropped here. Does nothing when the SDK's internals differ (a fixed or changed SDK).
 */
export function releaseAnsweredJsonStreams(transport: StreamableHTTPServerTransport): void {
  const inner = (transport as unknown as { _webStandardTransport?: TransportInternals })._webStandardTransport;
  const streams = inner?._streamMapping;
  const pending = inner?._requestToStreamMapping;
  if (!(streams instanceof Map) || !(pending instanceof Map)) return;
  const inUse = new Set(pending.values());
  for (const [id, stream] of streams) {
    if (typeof (stream as { resolveJson?: unknown }).resolveJson === 'function' && !inUse.has(id)) streams.delete(id);
  }
}
