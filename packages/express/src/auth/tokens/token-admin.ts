import { McdeweyError } from '@mcdewey/core';
import { newToken, readTokenFile, writeTokenFile, type StoredToken } from './token-file.js';

/** What `token list` shows of a token: never its hash. */
export type TokenSummary = Omit<StoredToken, 'hash' | 'id'>;

/** Options of {@link createToken}. */
export interface CreateTokenOptions {
  /** Letters, digits, `.`, `_`, `-`, `@`; unique in the file. */
  name: string;
  /** Vendors the token may see (at least one), or `'all'`. */
  vendors: 'all' | string[];
  /** When the token stops working; undefined for never. */
  expires?: Date | undefined;
}

const NAME = /^[A-Za-z0-9][\w.@-]{0,63}$/;

/**
 * Adds a token to the token file (created 0600 if missing) and returns it: the only time the token
 * is ever seen, since the file keeps its hash only.
 * @throws McdeweyError `INVALID_ARGUMENT` for a bad or taken name, no vendors, or a past expiry.
 */
export async function createToken(file: string, options: CreateTokenOptions): Promise<{ token: string; summary: TokenSummary }> {
  if (!NAME.test(options.name)) throw invalid('--name', `--name must be 1-64 letters, digits, ".", "_", "-" or "@", starting with a letter or digit; got "${options.name.slice(0, 80)}"`);
  if (options.vendors !== 'all' && options.vendors.length === 0) throw invalid('--vendors', '--vendors needs at least one vendor (comma-separated), or "all"');
  if (options.expires && options.expires.getTime() <= Date.now()) throw invalid('--expires', '--expires must be in the future');
  const data = await readTokenFile(file);
  if (data.tokens.some((token) => token.name === options.name))
    throw invalid('--name', `a token named "${options.name}" exists in ${file}; revoke it first (mcdewey token revoke --name ${options.name})`);
  const { token, record } = await newToken({ name: options.name, vendors: options.vendors, expires: options.expires?.toISOString() ?? null });
  await writeTokenFile(file, { ...data, tokens: [...data.tokens, record] });
  return { token, summary: summaryOf(record) };
}

/** The tokens of the file: name, vendors, created, expires (never the hash). */
export async function listTokens(file: string): Promise<TokenSummary[]> {
  return (await readTokenFile(file)).tokens.map(summaryOf);
}

/**
 * Removes the token named `name`; a running server refuses it from its next request on.
 * @throws McdeweyError `INVALID_ARGUMENT` when no token has that name.
 */
export async function revokeToken(file: string, name: string): Promise<void> {
  const data = await readTokenFile(file);
  const kept = data.tokens.filter((token) => token.name !== name);
  if (kept.length === data.tokens.length)
    throw invalid('--name', `no token named "${name.slice(0, 80)}" in ${file}${data.tokens.length ? `; tokens: ${data.tokens.map((token) => token.name).join(', ')}` : ''}`);
  await writeTokenFile(file, { ...data, tokens: kept });
}

/**
 * `90d`, `12h`, `4w`, `30m` from now.
 * @throws McdeweyError `INVALID_ARGUMENT` naming `--expires`.
 */
export function expiryOf(text: string, now = new Date()): Date {
  const match = /^(\d{1,5})([mhdw])$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw invalid('--expires', `--expires must be a duration like 90d, 12h, 4w or 30m; got "${text.slice(0, 40)}"`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return new Date(now.getTime() + Number(match[1]) * unit);
}

function summaryOf({ name, vendors, created, expires }: StoredToken): TokenSummary {
  return { name, vendors, created, expires };
}

function invalid(parameter: string, message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', message, { details: { parameter } });
}
