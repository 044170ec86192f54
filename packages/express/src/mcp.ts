import type { LibrarySource } from '@mcdewey/core';
import type { McpHttpHandler, McpHttpHandlerOptions } from '@mcdewey/mcp';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** A request handler for `/mcp` that can end the MCP sessions it holds. */
export interface ClosableHandler extends RequestHandler {
  close(): Promise<void>;
}

/**
 * The MCP Streamable HTTP handler of `@mcdewey/mcp` for this library. The MCP SDK is loaded on
 * the first request to `/mcp`, so an app that never sees one never pays for it.
 */
export function mcpHandler(library: LibrarySource, options: McpHttpHandlerOptions): ClosableHandler {
  let loading: Promise<McpHttpHandler> | undefined;
  const handler = async (request: Request, response: Response, next: NextFunction) => {
    loading ??= import('@mcdewey/mcp').then((mcp) => mcp.createMcpHttpHandler(library, options));
    let mcp: McpHttpHandler;
    try {
      mcp = await loading;
    } catch (error) {
      loading = undefined;
      throw error;
    }
    await mcp(request, response, next);
  };
  return Object.assign(handler, {
    close: async () => {
      const mcp = await loading?.catch(() => undefined);
      await mcp?.close();
    },
  });
}
