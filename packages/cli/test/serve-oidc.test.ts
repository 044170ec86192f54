import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McdeweyError } from '@mcdewey/core';
import { afterAll, describe, expect, test } from 'vitest';
import { OIDC_FLAGS } from '../src/commands/serve-oidc-flags.js';
import { oidcServeParts, parseOidcFlags } from '../src/commands/serve-oidc.js';

const dir = mkdtempSync(join(tmpdir(), 'mcdewey-serve-oidc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const BASE = { oidcIssuer: 'https://login.example.com/realms/docs', oidcAudience: 'https://docs.example.com/mcp' };

/** The one-line error of a parse, with the flag it names. */
function refusal(flags: Parameters<typeof parseOidcFlags>[0]): { message: string; parameter: unknown } {
  try {
    parseOidcFlags(flags);
  } catch (error) {
    expect(error).toBeInstanceOf(McdeweyError);
    expect((error as McdeweyError).code).toBe('INVALID_ARGUMENT');
    return { message: (error as Error).message, parameter: (error as McdeweyError).details.parameter };
  }
  throw new Error('expected the flags to be refused');
}

describe('mcdewey serve --oidc-* flags', () => {
  test('no OIDC flag: no OIDC', () => {
    expect(parseOidcFlags({})).toBeUndefined();
  });

  test('every flag, read into one config', () => {
    const secret = file('secret', 'web-secret\n');
    const groups = file('groups.json', JSON.stringify({ claim: 'roles', groups: { 'team-db': ['postgresql'], admins: ['*'] } }));
    const config = parseOidcFlags({
      ...BASE,
      oidcClientId: 'mcdewey-web',
      oidcClientSecretFile: secret,
      oidcVendorsClaim: 'mcdewey_vendors',
      oidcGroupVendors: groups,
      oidcSignInScopes: 'openid profile groups',
    });
    expect(config).toEqual({
      issuer: BASE.oidcIssuer,
      audience: BASE.oidcAudience,
      clientId: 'mcdewey-web',
      clientSecret: 'web-secret',
      vendorsClaim: 'mcdewey_vendors',
      groupsClaim: 'roles',
      groupVendors: { 'team-db': ['postgresql'], admins: ['*'] },
      signInScopes: ['openid', 'profile', 'groups'],
    });
    const parts = oidcServeParts(config!);
    expect(parts.authenticators).toHaveLength(2);
    expect(parts.signIn).toBeDefined();
    expect(parts.auth.challenge?.({} as never)).toEqual({ resource_metadata: 'https://docs.example.com/.well-known/oauth-protected-resource/mcp' });
    expect(parts.auth.publicRoutes).toBe(parts.signIn!.router);
    expect(parts.publicHost).toBe('docs.example.com');
    expect(parts.notice.join('\n')).toContain('register the redirect URI https://docs.example.com/callback');
  });

  test('without a client id: access tokens only, no sign-in', () => {
    const parts = oidcServeParts(parseOidcFlags(BASE)!);
    expect(parts.authenticators).toHaveLength(1);
    expect(parts.signIn).toBeUndefined();
    expect(parts.notice[1]).toContain('people cannot sign in (no --oidc-client-id)');
  });

  test('bad flags are refused in one line naming the flag', () => {
    expect(refusal({ oidcClientId: 'web' })).toEqual({ message: '--oidc-issuer is required with --oidc-client-id', parameter: '--oidc-issuer' });
    expect(refusal({ oidcIssuer: BASE.oidcIssuer }).parameter).toBe('--oidc-audience');
    expect(refusal({ ...BASE, oidcIssuer: 'http://login.example.com' })).toEqual({
      message: '--oidc-issuer must be an https URL (http only on localhost), got "http://login.example.com"',
      parameter: '--oidc-issuer',
    });
    expect(refusal({ ...BASE, oidcAudience: 'docs' })).toEqual({ message: '--oidc-audience must be a URL, got "docs"', parameter: '--oidc-audience' });
    expect(refusal({ ...BASE, oidcClientSecretFile: file('s1', 'x') }).parameter).toBe('--oidc-client-id');
    expect(refusal({ ...BASE, oidcClientId: 'web', oidcSignInScopes: 'profile' })).toEqual({ message: '--oidc-sign-in-scopes must include "openid"', parameter: '--oidc-sign-in-scopes' });
  });

  test('unreadable or malformed files are refused, naming the flag and the file', () => {
    const missing = join(dir, 'missing.json');
    expect(refusal({ ...BASE, oidcGroupVendors: missing })).toEqual({ message: `--oidc-group-vendors ${missing}: cannot read it (ENOENT)`, parameter: '--oidc-group-vendors' });
    const broken = file('broken.json', '{ "groups": ');
    expect(refusal({ ...BASE, oidcGroupVendors: broken }).message).toMatch(new RegExp(`^--oidc-group-vendors ${broken}: not JSON \\(`));
    const flat = file('flat.json', '{ "team-db": ["postgresql"] }');
    expect(refusal({ ...BASE, oidcGroupVendors: flat }).message).toBe(`--oidc-group-vendors ${flat}: expected {"claim": "groups", "groups": {"team-db": ["postgresql"]}}`);
    const wrong = file('wrong.json', '{ "groups": { "team-db": "postgresql" } }');
    expect(refusal({ ...BASE, oidcGroupVendors: wrong }).message).toBe(`--oidc-group-vendors ${wrong}: group "team-db" must map to a list of vendor names`);
    const empty = file('empty-secret', '\n');
    expect(refusal({ ...BASE, oidcClientId: 'web', oidcClientSecretFile: empty })).toEqual({
      message: `--oidc-client-secret-file ${empty}: the file must hold the secret on one line`,
      parameter: '--oidc-client-secret-file',
    });
  });

  test('the flag table names every flag the parser reads', () => {
    const camel = OIDC_FLAGS.map((flag) =>
      flag.flags
        .split(' ')[0]!
        .replace(/^--/, '')
        .replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
    );
    expect(camel.sort()).toEqual(['oidcAudience', 'oidcClientId', 'oidcClientSecretFile', 'oidcGroupVendors', 'oidcIssuer', 'oidcSignInScopes', 'oidcVendorsClaim']);
  });
});
