import { McdeweyError, openIndex } from '@mcdewey/core';
import { createToken, defaultTokenFile, expiryOf, listTokens, revokeToken, type TokenSummary } from '@mcdewey/express';

/** Where the token file is: `--tokens`, else beside the index. */
interface TokenFileOptions {
  index: string;
  tokens?: string;
}

/** Options of `mcdewey token create`. */
export interface TokenCreateOptions extends TokenFileOptions {
  name: string;
  /** Comma-separated vendors, or `all`. */
  vendors: string;
  expires?: string;
  json?: boolean;
}

/**
 * `mcdewey token create`: the token on stdout, once; what was stored on stderr. The vendors are
 * checked against the index, so a typo does not make a token that sees nothing.
 */
export async function tokenCreateCommand(options: TokenCreateOptions): Promise<void> {
  const file = options.tokens ?? defaultTokenFile(options.index);
  const listed = options.vendors
    .split(',')
    .map((vendor) => vendor.trim())
    .filter(Boolean);
  const vendors = listed.length === 1 && listed[0] === 'all' ? 'all' : listed;
  const expires = options.expires === undefined ? undefined : expiryOf(options.expires);
  if (vendors !== 'all' && vendors.length > 0) await checkVendors(options.index, vendors);
  const { token, summary } = await createToken(file, { name: options.name, vendors, expires });
  if (options.json) process.stdout.write(`${JSON.stringify({ token, ...summary, file }, null, 2)}\n`);
  else process.stdout.write(`${token}\n`);
  process.stderr.write(`Created token "${summary.name}" for ${describeVendors(summary)}${summary.expires ? `, expiring ${summary.expires}` : ''}; only its hash is stored, in ${file}.\n`);
  process.stderr.write('This is the only time the token is shown. Send it as: Authorization: Bearer <token>\n');
}

/** `mcdewey token list`: one line per token, or JSON. */
export async function tokenListCommand(options: TokenFileOptions & { json?: boolean }): Promise<void> {
  const file = options.tokens ?? defaultTokenFile(options.index);
  const tokens = await listTokens(file);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ file, tokens }, null, 2)}\n`);
    return;
  }
  if (tokens.length === 0) {
    process.stderr.write(`No tokens in ${file}; create one with mcdewey token create --name <name> --vendors <list>\n`);
    return;
  }
  const now = Date.now();
  for (const token of tokens) {
    const expiry = token.expires === null ? 'never expires' : `${Date.parse(token.expires) <= now ? 'expired' : 'expires'} ${token.expires}`;
    process.stdout.write(`${token.name}\t${describeVendors(token)}\tcreated ${token.created}\t${expiry}\n`);
  }
}

/** `mcdewey token revoke --name`. */
export async function tokenRevokeCommand(options: TokenFileOptions & { name: string }): Promise<void> {
  const file = options.tokens ?? defaultTokenFile(options.index);
  await revokeToken(file, options.name);
  process.stderr.write(`Revoked token "${options.name}" (${file}); a running server refuses it from its next request on.\n`);
}

function describeVendors(token: Pick<TokenSummary, 'vendors'>): string {
  return token.vendors === 'all' ? 'all vendors' : token.vendors.join(', ');
}

/** Refuses vendor names the index does not hold (one line naming --vendors and the valid ones). */
async function checkVendors(indexDir: string, vendors: readonly string[]): Promise<void> {
  const library = await openIndex(indexDir);
  try {
    const known = new Set(library.documents.map((document) => document.vendor));
    const unknown = vendors.filter((vendor) => !known.has(vendor));
    if (unknown.length > 0) {
      throw new McdeweyError('INVALID_ARGUMENT', `--vendors: the index has no vendor ${unknown.map((vendor) => `"${vendor}"`).join(', ')}; it has ${[...known].sort().join(', ')}`, {
        details: { parameter: '--vendors', unknown },
      });
    }
  } finally {
    await library.dispose();
  }
}
