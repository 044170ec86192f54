import type { Readable, Writable } from 'node:stream';
import type { Library } from '@mcdewey/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, type McpServerOptions } from './server.js';

/** Options of `serveStdio`. Every field is optional. */
export interface ServeStdioOptions {
  /** Where MCP messages come from. Default `process.stdin`. */
  stdin?: Readable;
  /** Where MCP messages go; nothing else is ever written to it. Default `process.stdout`. */
  stdout?: Writable;
  /** Where diagnostics go (one line each). Default: `process.stderr`. */
  log?: (line: string) => void;
  /** Options of the MCP server. */
  server?: McpServerOptions;
}

/** A server running over stdio (see `serveStdio`). */
export interface StdioServer {
  server: McpServer;
  /** Settles when the client closes stdin or `close()` is called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves an index to one MCP client over stdin/stdout (newline-delimited JSON-RPC). stdout carries
 * only MCP messages; diagnostics and unexpected tool errors go to stderr (or `log`). The server
 * stops when stdin ends.
 */
export async function serveStdio(library: Library, options: ServeStdioOptions = {}): Promise<StdioServer> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const server = createMcpServer(library, {
    ...options.server,
    onError: (error, tool) => {
      log(`mcdewey mcp: ${tool}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      options.server?.onError?.(error, tool);
    },
  });
  const transport = new StdioServerTransport(stdin, stdout);
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  transport.onclose = () => resolveClosed();
  transport.onerror = (error) => log(`mcdewey mcp: transport error: ${error.message}`);
  await server.connect(transport);
  const close = async () => {
    await server.close();
    resolveClosed();
  };
  const onEnd = () => void close();
  stdin.once('end', onEnd);
  stdin.once('close', onEnd);
  void closed.then(() => {
    stdin.off('end', onEnd);
    stdin.off('close', onEnd);
  });
  const { counts } = library.manifest;
  log(`mcdewey mcp: serving ${counts.documents} documents (${counts.chunks} chunks) from ${library.dir} over stdio`);
  return { server, closed, close };
}
