/**
 * `@mcdewey/mcp/guard`: the Host and Origin checks of the MCP endpoint and the path redaction of its
 * error messages, without the MCP SDK, so the Express router applies the very same functions to
 * every other route it serves.
 */
export { allowedHostEntry, hostAllowed, hostRefusal, hostnameOf, isLoopbackHostname, originAllowed } from './guard.js';
export { clientMessage, redactPaths } from './redact.js';
