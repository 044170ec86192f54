import { describe, expect, test } from 'vitest';
import { resolveOidcConfig, vendorsFromClaims, type OidcConfig } from '../src/auth/oidc/config.js';
import { bearerChallenge, resourceMetadataUrl } from '../src/auth/oidc/metadata.js';
import { ExpiringStore } from '../src/auth/oidc/session-store.js';
import { safeReturnPath } from '../src/auth/oidc/signin.js';
import { AuthFailure } from '../src/auth/principal.js';

const BASE: OidcConfig = { issuer: 'https://login.example.com/realms/docs', audience: 'https://docs.example.com/mcp' };

describe('OIDC config', () => {
  test('defaults: the public URL is the folder of the audience; asymmetric algorithms only', () => {
    const settings = resolveOidcConfig(BASE);
    expect(settings.publicUrl.href).toBe('https://docs.example.com/');
    expect(settings.algorithms).not.toContain('none');
    expect(settings.algorithms.some((alg) => alg.startsWith('HS'))).toBe(false);
    expect(settings).toMatchObject({ groupsClaim: 'groups', clockToleranceSeconds: 5, sessionTtlSeconds: 28_800, defaultVendors: [] });
  });

  test('bad values are refused, naming the field', () => {
    expect(() => resolveOidcConfig({ ...BASE, issuer: 'login.example.com' })).toThrow('oidc issuer must be a URL, got "login.example.com"');
    expect(() => resolveOidcConfig({ ...BASE, issuer: 'http://login.example.com' })).toThrow('oidc issuer must be an https URL (http only on localhost)');
    expect(() => resolveOidcConfig({ ...BASE, issuer: 'http://127.0.0.1:8080' })).not.toThrow();
    expect(() => resolveOidcConfig({ ...BASE, audience: 'ftp://docs.example.com/mcp' })).toThrow('oidc audience must be an https URL');
    expect(() => resolveOidcConfig({ ...BASE, publicUrl: 'https://docs.example.com/app' })).toThrow('oidc publicUrl must end with "/"');
    expect(() => resolveOidcConfig({ ...BASE, algorithms: ['RS256', 'HS256'] })).toThrow('oidc algorithms: "HS256" is not allowed');
    expect(() => resolveOidcConfig({ ...BASE, algorithms: ['none'] })).toThrow('"none" is not allowed');
    expect(() => resolveOidcConfig({ ...BASE, signInScopes: ['profile'] })).toThrow('oidc signInScopes must include "openid"');
    expect(() => resolveOidcConfig({ ...BASE, clockToleranceSeconds: -1 })).toThrow('oidc clockToleranceSeconds must be from 0 to 300');
  });

  test('vendors from the claim, the groups, the wildcard and the default', () => {
    const settings = resolveOidcConfig({ ...BASE, vendorsClaim: 'vendors', groupVendors: { dba: ['postgresql', 'mysql'], root: ['*'] }, defaultVendors: ['public-docs'] });
    expect(vendorsFromClaims({ vendors: ['etcd', 'etcd', ' mysql '] }, settings)).toEqual(['etcd', 'mysql']);
    expect(vendorsFromClaims({ vendors: 'etcd  postgresql' }, settings)).toEqual(['etcd', 'postgresql']);
    expect(vendorsFromClaims({ vendors: ['etcd'], groups: ['dba'] }, settings)).toEqual(['etcd', 'mysql', 'postgresql']);
    expect(vendorsFromClaims({ groups: 'root' }, settings)).toBe('all');
    expect(vendorsFromClaims({ vendors: '*' }, settings)).toBe('all');
    // A group that maps to nothing grants nothing; no claim at all gets the default.
    expect(vendorsFromClaims({ groups: ['visitors'] }, settings)).toEqual([]);
    expect(vendorsFromClaims({}, settings)).toEqual(['public-docs']);
    expect(vendorsFromClaims({ vendors: 42 }, settings)).toEqual(['public-docs']);
    // Inherited object keys are not groups.
    expect(vendorsFromClaims({ groups: ['constructor', '__proto__'] }, settings)).toEqual([]);
  });
});

describe('resource metadata and challenges', () => {
  test('the metadata URL puts the well-known path before the resource path (RFC 9728 §3.1)', () => {
    expect(resourceMetadataUrl('https://docs.example.com/mcp').href).toBe('https://docs.example.com/.well-known/oauth-protected-resource/mcp');
    expect(resourceMetadataUrl('https://docs.example.com/team/mcp/').href).toBe('https://docs.example.com/.well-known/oauth-protected-resource/team/mcp');
    expect(resourceMetadataUrl('https://docs.example.com/').href).toBe('https://docs.example.com/.well-known/oauth-protected-resource');
  });

  test('a description with quotes or other characters RFC 6750 forbids is made safe', () => {
    const challenge = bearerChallenge(BASE, new AuthFailure(401, 'invalid_token', 'bad "token"\\ ünïcode'));
    expect(challenge).toBe('Bearer resource_metadata="https://docs.example.com/.well-known/oauth-protected-resource/mcp", error="invalid_token", error_description="bad \'token\'\' \'n\'code"');
  });
});

describe('sessions and sign-in return paths', () => {
  test('entries expire, are taken once, and the oldest go first past capacity', () => {
    let now = 1000;
    const store = new ExpiringStore<string>(100, 2, () => now);
    const first = store.add('a');
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.get(first)).toBe('a');
    now += 100;
    expect(store.get(first)).toBeUndefined();
    const second = store.add('b');
    expect(store.take(second)).toBe('b');
    expect(store.take(second)).toBeUndefined();
    const ids = ['c', 'd', 'e'].map((value) => store.add(value));
    expect(store.size).toBe(2);
    expect(ids.map((id) => store.get(id))).toEqual([undefined, 'd', 'e']);
  });

  test('only a path on this site is a place to return to', () => {
    expect(safeReturnPath('/library?q=wal%20archiving')).toBe('/library?q=wal%20archiving');
    for (const hostile of ['//evil.example/', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/a b', '', undefined, ['/x'], '/'.padEnd(3000, 'a')]) {
      expect(safeReturnPath(hostile)).toBeUndefined();
    }
  });
});
