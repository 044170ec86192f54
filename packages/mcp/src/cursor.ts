/**
 * Opaque pagination cursors. A cursor names the listing it belongs to (`scope`: the list and its
 * filters) and the offset of the next page, so a cursor from one listing is refused by another.
 */
export function encodeCursor(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset }), 'utf8').toString('base64url');
}

/** The offset a cursor points at, or undefined when it is not a cursor of this scope. */
export function decodeCursor(cursor: string, scope: string): number | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { s, o } = value as { s?: unknown; o?: unknown };
    if (s !== scope || typeof o !== 'number' || !Number.isInteger(o) || o < 0) return undefined;
    return o;
  } catch {
    return undefined;
  }
}

/** One page of `items` from `offset`, with the cursor of the next page when there is one. */
export function page<T>(items: readonly T[], offset: number, size: number, scope: string): { items: T[]; nextCursor?: string } {
  const end = offset + size;
  return { items: items.slice(offset, end), ...(end < items.length ? { nextCursor: encodeCursor(scope, end) } : {}) };
}
