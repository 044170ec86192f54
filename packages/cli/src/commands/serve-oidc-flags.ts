/**
 * The `mcdewey serve` flags for an OpenID Connect issuer. Kept apart from `serve-oidc.ts` and free of
 * imports so that `bin.ts` can declare them without loading the web server:
 * `for (const flag of OIDC_FLAGS) serve.option(flag.flags, flag.description)`.
 */
export const OIDC_FLAGS = [
  { flags: '--oidc-issuer <url>', description: 'OpenID Connect issuer whose access tokens /mcp accepts and whose users sign in (https)' },
  { flags: '--oidc-audience <uri>', description: "this server's resource URI, the audience its access tokens must carry: its public /mcp URL, e.g. https://docs.example.com/mcp" },
  { flags: '--oidc-client-id <id>', description: 'client id of the web app at the issuer; lets people sign in (redirect URI: <public URL>/callback)' },
  { flags: '--oidc-client-secret-file <file>', description: 'file holding the client secret (without it the client is public, PKCE only)' },
  { flags: '--oidc-vendors-claim <name>', description: 'claim listing the vendors a user or agent may see (array or space-separated; * for all)' },
  { flags: '--oidc-group-vendors <file>', description: 'JSON file mapping groups to vendors: {"claim": "groups", "groups": {"team-db": ["postgresql"]}}' },
  { flags: '--oidc-sign-in-scopes <scopes>', description: 'scopes asked for at sign-in, space-separated (default "openid profile email")' },
] as const;

/** The OIDC flags as commander hands them over (camel case). */
export interface OidcFlags {
  oidcIssuer?: string | undefined;
  oidcAudience?: string | undefined;
  oidcClientId?: string | undefined;
  oidcClientSecretFile?: string | undefined;
  oidcVendorsClaim?: string | undefined;
  oidcGroupVendors?: string | undefined;
  oidcSignInScopes?: string | undefined;
}
