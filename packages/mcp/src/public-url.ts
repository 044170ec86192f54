/**
 * The web app's public base URL (`publicUrl`), checked: an absolute http(s) URL without query,
 * fragment or credentials. Returns it without a trailing slash.
 * Free of the MCP SDK and of core, so the CLI checks its `--public-url` flag with it at once.
 * @throws TypeError saying what a public URL must be, naming the value.
 */
export function normalizePublicUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new TypeError(`must be an absolute http(s) URL of the web app without query, fragment or credentials, e.g. https://docs.example.com/docs; got ${JSON.stringify(value)}`);
  }
  return url.href.replace(/\/+$/, '');
}
