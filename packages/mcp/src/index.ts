/**
 * @mcdewey/mcp — McDewey for AI agents: an MCP server over an open `@mcdewey/core` index, served
 * over Streamable HTTP (a handler any Express or `node:http` app mounts at `/mcp`) or stdio.
 *
 * ```ts
 * import { openIndex } from '@mcdewey/core';
 * import { createMcpHttpHandler } from '@mcdewey/mcp';
 * const library = await openIndex('.mcdewey/index');
 * app.all('/mcp', createMcpHttpHandler(library));
 * ```
 */
export { createMcpServer } from './server.js';
export type { McpServerOptions } from './server.js';
export { createMcpHttpHandler, startMcpHttpServer } from './http.js';
export type { McpHttpHandler, McpHttpHandlerOptions, McpRequestScope, RunningMcpHttpServer, StartMcpHttpServerOptions } from './http.js';
export { serveStdio } from './stdio.js';
export type { ServeStdioOptions, StdioServer } from './stdio.js';
export { TOOL_LIMITS } from './tools/index.js';
