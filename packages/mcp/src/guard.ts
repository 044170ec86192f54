/**
 * Request checks that protect a local server from web pages: the Origin check stops a page on
 * another site from calling it from a browser, and the Host check stops DNS rebinding (a foreign
 * name resolving to 127.0.0.1). The MCP endpoint applies them; the Express router applies the same
 * functions (through `@mcdewey/mcp/guard`) to every other route.
 */

const LOOPBACK_HOSTNAMES = new Set(['localhost', '[::1]', '::1']);

/** True for localhost, 127.0.0.0/8 and ::1 (hostnames as `URL` gives them, IPv6 in brackets). */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return LOOPBACK_HOSTNAMES.has(name) || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name);
}

/** The hostname of a Host header value (`example.com:8080` → `example.com`, `[::1]:80` → `[::1]`). */
export function hostnameOf(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** True when a Host header may be served: a loopback name, or one listed (with or without its port). */
export function hostAllowed(host: string | undefined, allowedHosts: readonly string[]): boolean {
  if (!host) return false;
  const hostname = hostnameOf(host);
  if (hostname === undefined) return false;
  if (isLoopbackHostname(hostname)) return true;
  const value = host.toLowerCase();
  return allowedHosts.some((allowed) => {
    const entry = allowed.toLowerCase();
    return entry === value || entry === hostname;
  });
}

const HOST_ENTRY = /^(\[[0-9a-f:.]+\]|[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*)(:\d{1,5})?$/i;

/**
 * Checks one `allowedHosts` entry: a hostname (`docs.example.com`, IPv6 in brackets) or
 * `hostname:port`, with no scheme or path. Returns it lower-cased.
 * @throws TypeError naming the entry and the expected form.
 */
export function allowedHostEntry(entry: string): string {
  const value = entry.trim();
  if (!HOST_ENTRY.test(value)) throw new TypeError(`"${entry}" is not a host name: give a name like docs.example.com or docs.example.com:8080 (no scheme, no path)`);
  return value.toLowerCase();
}

/** The one-line refusal for a Host that `hostAllowed` refused (the header is cut to 100 characters). */
export function hostRefusal(host: string | undefined, allowedHosts: readonly string[]): string {
  const shown = (host ?? '').slice(0, 100).replace(/[^\x20-\x7e]/g, '?');
  const allowed = ['localhost', '127.0.0.1', '[::1]', ...allowedHosts].join(', ');
  return `Forbidden: Host "${shown}" is not allowed (DNS rebinding protection); allowed: ${allowed}. Serve other names with --allowed-hosts or the allowedHosts option`;
}

/** True when a request's Origin may be served: none at all, a loopback origin, or one listed exactly. */
export function originAllowed(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopbackHostname(parsed.hostname)) return true;
  return allowedOrigins.some((allowed) => allowed.replace(/\/+$/, '').toLowerCase() === parsed.origin.toLowerCase());
}
