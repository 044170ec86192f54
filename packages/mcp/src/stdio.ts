import type { Readable, Writable } from 'node:stream';
import { currentLibrary, type LibrarySource } from '@mcdewey/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LineLimiter, type OversizeLine } from './line-limit.js';
import { createMcpServer, type McpServerOptions } from './server.js';

/** Options of `serveStdio`. Every field is optional. */
export interface ServeStdioOptions {
  /** Where MCP messages come from. Default `process.stdin`. */
  stdin?: Readable;
  /** Where MCP messages go; nothing else is ever written to it. Default `process.stdout`. */
  stdout?: Writable;
  /** Where diagnostics go (one line each). Default: `process.stderr`. */
  log?: (line: string) => void;
  /**
   * Largest incoming message (one line) in bytes. A longer line is dropped, answered with a
   * JSON-RPC error (-32600, "Message too large"), and the server goes on reading the next line.
   * Default 10 MiB (the MCP SDK's stdio buffer limit).
   */
  maxMessageBytes?: number;
  /** Options of the MCP server. */
  server?: McpServerOptions;
}

/** A server running over stdio (see `serveStdio`). */
export interface StdioServer {
  server: McpServer;
  /** Settles when the client closes stdin or stdout, or `close()` is called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Default of `maxMessageBytes`. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** Errors of a stdout whose reader has gone: the client closed its end. */
const GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ECONNRESET']);

/**
 * Serves an index to one MCP client over stdin/stdout (newline-delimited JSON-RPC). stdout carries
 * only MCP messages; diagnostics and unexpected tool errors go to stderr (or `log`). A message over
 * `maxMessageBytes` gets an error answer and is skipped. The server stops when stdin ends or the
 * client closes stdout (a write then fails with EPIPE; the server stops without a word). A
 * `LiveLibrary` is served generation by generation, as the HTTP endpoint serves it.
 */
export async function serveStdio(library: LibrarySource, options: ServeStdioOptions = {}): Promise<StdioServer> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const log = options.log ?? stderrLog();
  const maxMessageBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < 1024) throw new RangeError(`maxMessageBytes must be an integer of at least 1024, got ${maxMessageBytes}`);
  const server = createMcpServer(library, {
    ...options.server,
    onError: (error, tool) => {
      log(`mcdewey mcp: ${tool}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      options.server?.onError?.(error, tool);
    },
  });

  let transport: StdioServerTransport | undefined;
  const tooLarge = ({ bytes, id }: OversizeLine) => {
    log(`mcdewey mcp: dropped a message of ${bytes} bytes (the limit is ${maxMessageBytes})`);
    const message = `Message too large: ${bytes} bytes; the limit is ${maxMessageBytes} bytes. The message was dropped; the server goes on.`;
    // JSON-RPC answers a message whose id cannot be read with `"id": null`, which the SDK's types leave out.
    const answer = { jsonrpc: '2.0', id, error: { code: ErrorCode.InvalidRequest, message } } as unknown as JSONRPCMessage;
    void transport?.send(answer).catch(() => {});
  };
  // Lines reach the SDK's transport whole and within the limit, so its own buffer limit never trips.
  const lines = new LineLimiter(maxMessageBytes, tooLarge);
  stdin.pipe(lines);
  transport = new StdioServerTransport(lines, stdout, { maxBufferSize: maxMessageBytes + 16 });

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  transport.onclose = () => resolveClosed();
  transport.onerror = (error) => log(`mcdewey mcp: transport error: ${error.message}`);
  const close = async () => {
    await server.close();
    resolveClosed();
  };
  const onEnd = () => void close();
  const onInputError = (error: Error) => log(`mcdewey mcp: stdin error: ${error.message}`);
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (!GONE.has(error.code ?? '')) log(`mcdewey mcp: stdout error: ${error.message}`);
    void close();
  };
  stdin.once('end', onEnd);
  stdin.once('close', onEnd);
  stdin.on('error', onInputError);
  stdout.on('error', onOutputError);
  await server.connect(transport);
  void closed.then(() => {
    stdin.off('end', onEnd);
    stdin.off('close', onEnd);
    stdin.off('error', onInputError);
    stdin.unpipe(lines);
    stdin.pause();
    // stdout keeps its error listener: a response still in flight may fail after the close.
  });
  const served = currentLibrary(library);
  const { counts } = served.manifest;
  log(`mcdewey mcp: serving ${counts.documents} documents (${counts.chunks} chunks) from ${served.dir} over stdio`);
  return { server, closed, close };
}

/** Writes diagnostics to stderr, ignoring a stderr the client has closed. */
function stderrLog(): (line: string) => void {
  if (process.stderr.listenerCount('error') === 0) process.stderr.on('error', () => {});
  return (line) => void process.stderr.write(`${line}\n`);
}
