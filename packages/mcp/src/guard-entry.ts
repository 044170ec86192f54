/**
 * `@mcdewey/mcp/guard`: the Host and Origin checks of the MCP endpoint and the path redaction of its
 * error messages, without the MCP SDK, so the Express router applies the very same functions to
 * every other route it serves; and the check of the web app's public URL, for the CLI's `--public-url`.
 */
export { allowedHostEntry, hostAllowed, hostRefusal, hostnameOf, isLoopbackHostname, originAllowed } from './guard.js';
export { clientMessage, redactPaths } from './redact.js';
export { normalizePublicUrl } from './public-url.js';
