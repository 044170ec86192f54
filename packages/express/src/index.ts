/**
 * @mcdewey/express — McDewey's web library as an Express router: the search page, the chunk page,
 * the document in context, browse pages, original PDFs at their page, a JSON API, and the MCP
 * endpoint at `/mcp`.
 *
 * ```ts
 * import express from 'express';
 * import { openIndex } from '@mcdewey/core';
 * import { mcdeweyRouter } from '@mcdewey/express';
 *
 * const app = express();
 * app.use('/docs', mcdeweyRouter(await openIndex('.mcdewey/index'), { corpusDir: 'corpus' }));
 * app.listen(3000);
 * ```
 */
export { mcdeweyRouter, createApp } from './router.js';
export type { McdeweyRouter, McdeweyApp } from './router.js';
export type { McdeweyRouterOptions, CreateAppOptions } from './options.js';
export { ROUTER_DEFAULTS } from './options.js';
export { CONTENT_SECURITY_POLICY } from './security.js';
export { assetSizes } from './assets.js';
// Sign-in with an OpenID Connect issuer (#18): building blocks for the router's auth seam.
export { AuthFailure } from './auth/principal.js';
export type { Authenticator, Principal } from './auth/principal.js';
export { OIDC_DEFAULTS } from './auth/oidc/config.js';
export type { OidcConfig } from './auth/oidc/config.js';
export { oidcBearerAuthenticator } from './auth/oidc/bearer.js';
export { bearerChallenge, protectedResourceMetadata, resourceMetadataUrl } from './auth/oidc/metadata.js';
export { oidcSignIn } from './auth/oidc/signin.js';
export type { OidcSignIn } from './auth/oidc/signin.js';
export type { AuthOptions, RateLimitOptions } from './auth/options.js';
export { principalOf } from './auth/request-principal.js';
export { tokenAuthenticator, bearerToken } from './auth/tokens/token-authenticator.js';
export type { TokenAuthenticatorOptions } from './auth/tokens/token-authenticator.js';
export { createToken, listTokens, revokeToken, expiryOf } from './auth/tokens/token-admin.js';
export type { CreateTokenOptions, TokenSummary } from './auth/tokens/token-admin.js';
export { defaultTokenFile, readTokenFile } from './auth/tokens/token-file.js';
