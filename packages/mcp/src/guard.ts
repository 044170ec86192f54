/**
 * Request checks that protect a local MCP endpoint from web pages: the Origin check stops a page on
 * another site from calling it from a browser, and the Host check stops DNS rebinding (a foreign
 * name resolving to 127.0.0.1).
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
