import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { McdeweyError } from '@mcdewey/core';

/**
 * One API token as stored: never the token itself, only its scrypt hash. scrypt comes from
 * node:crypto (no native addon to build, unlike argon2 bindings); the tokens carry 256 random
 * bits, so the hash is there so a leaked file grants nothing, not to slow down guessing.
 */
export interface StoredToken {
  /** Public part of the token (`mcd_<id>_…`): picks the record without trying every hash. */
  id: string;
  /** Shown in the access log and `token list`. */
  name: string;
  /** Vendors the token may see, or `'all'`. */
  vendors: 'all' | string[];
  /** ISO time of creation. */
  created: string;
  /** ISO time after which the token is refused; null for never. */
  expires: string | null;
  /** `scrypt:N:r:p:<salt base64url>:<hash base64url>`. */
  hash: string;
}

/** The token file: `{ format, version, tokens }`. */
export interface TokenFile {
  format: 'mcdewey-tokens';
  version: 1;
  tokens: StoredToken[];
}

/** Every token starts with this, so a JWT (or anything else) is left to other authenticators. */
export const TOKEN_PREFIX = 'mcd_';
const TOKEN_PATTERN = /^mcd_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

/** Where tokens are kept unless `--tokens` says otherwise: a file beside the index directory. */
export function defaultTokenFile(indexDir: string): string {
  return join(dirname(indexDir), `${basename(indexDir)}.tokens.json`);
}

/** A new token (shown once) and its record (stored). */
export async function newToken(fields: Pick<StoredToken, 'name' | 'vendors' | 'expires'>, now = new Date()): Promise<{ token: string; record: StoredToken }> {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, SCRYPT.keylen, SCRYPT);
  const record: StoredToken = { id, ...fields, created: now.toISOString(), hash: `scrypt:${SCRYPT.N}:${SCRYPT.r}:${SCRYPT.p}:${salt.toString('base64url')}:${hash.toString('base64url')}` };
  return { token: `${TOKEN_PREFIX}${id}_${secret}`, record };
}

/** The id and secret of a token string, or undefined when it is not one of ours in shape. */
export function splitToken(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Whether `secret` hashes to the record's hash (compared in constant time). */
export async function secretMatches(record: StoredToken, secret: string): Promise<boolean> {
  const [scheme, n, r, p, salt, expected] = record.hash.split(':');
  if (scheme !== 'scrypt' || !salt || !expected) return false;
  const wanted = Buffer.from(expected, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), wanted.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

/**
 * Reads a token file; a missing file holds no tokens.
 * @throws McdeweyError `INVALID_ARGUMENT` naming the file when it is not a token file.
 */
export async function readTokenFile(file: string): Promise<TokenFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 'mcdewey-tokens', version: 1, tokens: [] };
    throw error;
  }
  return parseTokenFile(text, file);
}

function parseTokenFile(text: string, file: string): TokenFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw notATokenFile(file, 'not JSON');
  }
  const candidate = data as Partial<TokenFile> | null;
  if (candidate?.format !== 'mcdewey-tokens' || candidate.version !== 1 || !Array.isArray(candidate.tokens) || !candidate.tokens.every(isStoredToken)) {
    throw notATokenFile(file, 'expected {"format":"mcdewey-tokens","version":1,"tokens":[…]}');
  }
  return candidate as TokenFile;
}

function notATokenFile(file: string, why: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `${file} is not a McDewey token file (${why})`, { details: { parameter: '--tokens', path: file } });
}

function isStoredToken(value: unknown): value is StoredToken {
  const token = value as Partial<StoredToken> | null;
  return (
    typeof token?.id === 'string' &&
    typeof token.name === 'string' &&
    (token.vendors === 'all' || (Array.isArray(token.vendors) && token.vendors.every((vendor) => typeof vendor === 'string'))) &&
    typeof token.created === 'string' &&
    (token.expires === null || typeof token.expires === 'string') &&
    typeof token.hash === 'string'
  );
}

/**
 * Writes the token file atomically (a temporary file in the same folder, flushed, then renamed
 * over it) and readable by its owner only (0600), so a reader never sees half a file.
 */
export async function writeTokenFile(file: string, data: TokenFile): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(data, null, 2)}\n`);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, file);
}

function scryptAsync(secret: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(secret, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))));
}
