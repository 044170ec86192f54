import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from 'express';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { AuthFailure, createToken, defaultTokenFile, expiryOf, listTokens, revokeToken, tokenAuthenticator } from '../src/index.js';
import { testdir } from './helpers.js';

const folder = testdir();
afterAll(() => folder.remove());

/** A request carrying only an Authorization header, as the authenticator reads it. */
function withAuthorization(value: string | undefined): Request {
  return { headers: value === undefined ? {} : { authorization: value } } as Request;
}

/** The AuthFailure a refused authentication rejects with. */
async function refusal(promise: Promise<unknown>): Promise<AuthFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AuthFailure);
    return error as AuthFailure;
  }
  throw new Error('expected the authenticator to refuse');
}

describe('token file', () => {
  test('keeps only a scrypt hash, in a file only its owner can read, written atomically', async () => {
    const file = join(folder.dir, 'store.tokens.json');
    const { token, summary } = await createToken(file, { name: 'ci-bot', vendors: ['etcd', 'postgresql'] });
    expect(token).toMatch(/^mcd_[0-9a-f]{12}_[\w-]{43}$/);
    expect(summary).toEqual({ name: 'ci-bot', vendors: ['etcd', 'postgresql'], created: expect.any(String), expires: null });
    const text = readFileSync(file, 'utf8');
    // The secret is base64url, so it may itself hold "_": it is everything after `mcd_<id>_`.
    expect(text).not.toContain(token.slice('mcd_'.length + 13));
    expect(JSON.parse(text).tokens[0].hash).toMatch(/^scrypt:16384:8:1:[\w-]+:[\w-]{43}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await listTokens(file)).toEqual([summary]);
    expect(JSON.stringify(await listTokens(file))).not.toMatch(/scrypt|hash/);
    // No temporary file is left beside it.
    expect(readdirSync(folder.dir)).toEqual(['store.tokens.json']);
  });

  test('refuses a taken or malformed name, no vendors, a past expiry; revoke names the tokens there are', async () => {
    const file = join(folder.dir, 'rules.tokens.json');
    await createToken(file, { name: 'one', vendors: 'all' });
    await expect(createToken(file, { name: 'one', vendors: 'all' })).rejects.toThrow(/a token named "one" exists .*revoke it first/);
    await expect(createToken(file, { name: 'bad name', vendors: 'all' })).rejects.toThrow(/^--name must be/);
    await expect(createToken(file, { name: 'two', vendors: [] })).rejects.toThrow(/^--vendors needs at least one vendor/);
    await expect(createToken(file, { name: 'two', vendors: 'all', expires: new Date(Date.now() - 1000) })).rejects.toThrow(/^--expires must be in the future/);
    await expect(revokeToken(file, 'nobody')).rejects.toThrow(/no token named "nobody" in .*; tokens: one/);
    await revokeToken(file, 'one');
    expect(await listTokens(file)).toEqual([]);
  });

  test('reads durations for --expires and refuses anything else naming the flag', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(expiryOf('90d', now).toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(expiryOf('12h', now).toISOString()).toBe('2026-01-01T12:00:00.000Z');
    for (const bad of ['0d', '90', 'soon', '-1d', '3y']) expect(() => expiryOf(bad, now)).toThrow(/^--expires must be a duration/);
  });

  test('lives beside the index by default', () => {
    expect(defaultTokenFile(join('srv', '.mcdewey', 'index'))).toBe(join('srv', '.mcdewey', 'index.tokens.json'));
  });

  test('a file that is not a token file fails with a one-line error naming it', async () => {
    const file = join(folder.dir, 'broken.tokens.json');
    writeFileSync(file, '{"tokens": 3}');
    await expect(listTokens(file)).rejects.toThrow(`${file} is not a McDewey token file`);
  });
});

describe('tokenAuthenticator', () => {
  test('accepts a valid token as its principal and leaves other credentials to other authenticators', async () => {
    const file = join(folder.dir, 'auth.tokens.json');
    const { token } = await createToken(file, { name: 'reader', vendors: ['pdfco'] });
    const authenticate = tokenAuthenticator(file);
    expect(await authenticate(withAuthorization(`Bearer ${token}`))).toEqual({ name: 'reader', via: 'token', vendors: ['pdfco'] });
    // Verified once, then remembered: still the same principal.
    expect(await authenticate(withAuthorization(`bearer ${token}`))).toEqual({ name: 'reader', via: 'token', vendors: ['pdfco'] });
    expect(await authenticate(withAuthorization(undefined))).toBeUndefined();
    expect(await authenticate(withAuthorization('Basic dXNlcjpwYXNz'))).toBeUndefined();
    expect(await authenticate(withAuthorization('Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'))).toBeUndefined();
  });

  test('refuses a mistyped, forged or unknown token with invalid_token', async () => {
    const file = join(folder.dir, 'forged.tokens.json');
    const { token } = await createToken(file, { name: 'real', vendors: 'all' });
    const authenticate = tokenAuthenticator(file);
    const forged = `${token.slice(0, -4)}AAAA`;
    for (const bad of [forged, 'mcd_short', `mcd_000000000000_${'A'.repeat(43)}`]) {
      const failure = await refusal(authenticate(withAuthorization(`Bearer ${bad}`)));
      expect([failure.status, failure.reason]).toEqual([401, 'invalid_token']);
    }
  });

  test('refuses an expired token, and a revoked one from the next request on, without a restart', async () => {
    const file = join(folder.dir, 'life.tokens.json');
    const { token: expiring } = await createToken(file, { name: 'short', vendors: 'all', expires: new Date(Date.now() + 60_000) });
    const { token: revoked } = await createToken(file, { name: 'gone', vendors: 'all' });
    let now = Date.now();
    const authenticate = tokenAuthenticator(file, { now: () => now });
    expect((await authenticate(withAuthorization(`Bearer ${expiring}`)))?.name).toBe('short');
    expect((await authenticate(withAuthorization(`Bearer ${revoked}`)))?.name).toBe('gone');
    now += 120_000;
    expect((await refusal(authenticate(withAuthorization(`Bearer ${expiring}`)))).message).toMatch(/"short" expired on/);
    await revokeToken(file, 'gone');
    expect((await refusal(authenticate(withAuthorization(`Bearer ${revoked}`)))).status).toBe(401);
  });

  test('a damaged token file refuses every token (and says so) until it is mended', async () => {
    const file = join(folder.dir, 'damaged.tokens.json');
    const { token } = await createToken(file, { name: 'fine', vendors: 'all' });
    const onFileError = vi.fn();
    const authenticate = tokenAuthenticator(file, { onFileError });
    expect((await authenticate(withAuthorization(`Bearer ${token}`)))?.name).toBe('fine');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, '{ damaged');
    await refusal(authenticate(withAuthorization(`Bearer ${token}`)));
    expect(onFileError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('is not a McDewey token file') }));
    writeFileSync(file, good);
    expect((await authenticate(withAuthorization(`Bearer ${token}`)))?.name).toBe('fine');
  });
});
