import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Request } from 'express';
import { AuthFailure, type Authenticator, type Principal } from '../principal.js';
import { TOKEN_PREFIX, readTokenFile, secretMatches, splitToken, type StoredToken } from './token-file.js';

/** Options of {@link tokenAuthenticator}. */
export interface TokenAuthenticatorOptions {
  /** Told when the token file cannot be read (every token is refused meanwhile). Default: stderr. */
  onFileError?: (error: unknown) => void;
  /** The clock, for expiry. Default `Date.now`. */
  now?: () => number;
}

/**
 * An `Authenticator` for `Authorization: Bearer mcd_…` API tokens kept in `file` (see
 * `createToken`). Tokens without the `mcd_` prefix (a JWT) are left to other authenticators. The
 * file is checked for changes on every request, so a revoked token is refused from the next
 * request on, without a restart. A token's secret is compared with its stored scrypt hash in
 * constant time; a verified token is remembered (by its SHA-256) until the file changes.
 */
export function tokenAuthenticator(file: string, options: TokenAuthenticatorOptions = {}): Authenticator {
  const now = options.now ?? Date.now;
  const onFileError = options.onFileError ?? ((error: unknown) => console.error(`mcdewey: cannot read the token file: ${(error as Error).message}`));
  let loaded: { signature: string; byId: Map<string, StoredToken> } | undefined;
  let verified = new Map<string, StoredToken>();

  const tokens = async (): Promise<Map<string, StoredToken>> => {
    let signature: string;
    try {
      const info = await stat(file, { bigint: true });
      signature = `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onFileError(error);
      signature = 'missing';
    }
    if (loaded?.signature !== signature) {
      verified = new Map();
      try {
        const data = signature === 'missing' ? { tokens: [] } : await readTokenFile(file);
        loaded = { signature, byId: new Map(data.tokens.map((token) => [token.id, token])) };
      } catch (error) {
        // Fail closed: a damaged file refuses every token until it is mended.
        onFileError(error);
        loaded = { signature, byId: new Map() };
      }
    }
    return loaded.byId;
  };

  return async (request: Request): Promise<Principal | undefined> => {
    const token = bearerToken(request);
    if (token === undefined || !token.startsWith(TOKEN_PREFIX)) return undefined;
    const byId = await tokens();
    const digest = createHash('sha256').update(token).digest('hex');
    let record = verified.get(digest);
    if (!record) {
      const parts = splitToken(token);
      const candidate = parts ? byId.get(parts.id) : undefined;
      if (!parts || !candidate || !(await secretMatches(candidate, parts.secret))) throw new AuthFailure(401, 'invalid_token', 'The API token is not valid (unknown, revoked or mistyped)');
      record = candidate;
      verified.set(digest, record);
    }
    if (record.expires !== null && Date.parse(record.expires) <= now()) throw new AuthFailure(401, 'invalid_token', `The API token "${record.name}" expired on ${record.expires}`);
    return { name: record.name, via: 'token', vendors: record.vendors };
  };
}

/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none. */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer +([\x21-\x7e]+) *$/i.exec(header) : null;
  return match?.[1];
}
