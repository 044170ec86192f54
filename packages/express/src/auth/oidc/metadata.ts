import { Router } from 'express';
import type { AuthFailure } from '../principal.js';
import { resolveOidcConfig, type OidcConfig } from './config.js';

/** Where a resource's metadata lives (RFC 9728 §3.1): the well-known path, then the resource's own path. */
export function resourceMetadataUrl(resource: string): URL {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return new URL(`/.well-known/oauth-protected-resource${path}`, url.origin);
}

/**
 * A router answering `GET /.well-known/oauth-protected-resource` and the path-suffixed form for the
 * resource (`/.well-known/oauth-protected-resource/mcp` for `https://docs.example.com/mcp`) with the
 * protected resource metadata of RFC 9728, which MCP clients read to find the issuer to sign in
 * with. Mount it at the root of the host: well-known paths do not follow a mount path.
 */
export function protectedResourceMetadata(config: OidcConfig): Router {
  const settings = resolveOidcConfig(config);
  const metadata = {
    resource: settings.audience,
    authorization_servers: [settings.issuer],
    bearer_methods_supported: ['header'],
    scopes_supported: [...settings.scopes],
    resource_name: 'McDewey',
  };
  const paths = [...new Set(['/.well-known/oauth-protected-resource', resourceMetadataUrl(settings.audience).pathname])];
  const router = Router();
  router.get(paths, (_request, response) => {
    // Public metadata that MCP clients running in a browser read from another origin.
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Cache-Control', 'public, max-age=3600');
    response.json(metadata);
  });
  return router;
}

/**
 * The `WWW-Authenticate` value of a 401 or 403 from the resource (RFC 6750 §3, RFC 9728 §5.1):
 * `Bearer resource_metadata="…"`, with `error` and `error_description` when a token was refused and
 * the required `scope` when it lacked one.
 */
export function bearerChallenge(config: OidcConfig, failure?: AuthFailure): string {
  const settings = resolveOidcConfig(config);
  const parts = [`resource_metadata="${resourceMetadataUrl(settings.audience).href}"`];
  if (failure !== undefined) {
    parts.push(`error="${failure.reason}"`, `error_description="${quotable(failure.message)}"`);
    if (failure.reason === 'insufficient_scope' && settings.scopes.length > 0) parts.push(`scope="${quotable(settings.scopes.join(' '))}"`);
  }
  return `Bearer ${parts.join(', ')}`;
}

/** RFC 6750 limits these values to printable ASCII without `"` and `\`. */
function quotable(text: string): string {
  return text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, "'");
}
