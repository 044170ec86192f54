import { createHash } from 'node:crypto';

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

/** A reading position: the item to continue at and, inside it, the character to continue from. */
export interface CursorPosition {
  item: number;
  char: number;
}

/** A long scope as a short fingerprint, so that cursors stay short (they count against token budgets). */
function scopeKey(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 12);
}

/**
 * A cursor for a position inside an item (a chunk read only in part), scoped like `encodeCursor`
 * but carrying only a fingerprint of the scope.
 */
export function encodePositionCursor(scope: string, position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ s: scopeKey(scope), o: position.item, c: position.char }), 'utf8').toString('base64url');
}

/** The position a position cursor points at, or undefined when it is not one of this scope. */
export function decodePositionCursor(cursor: string, scope: string): CursorPosition | undefined {
  const item = decodeCursor(cursor, scopeKey(scope));
  if (item === undefined) return undefined;
  const { c } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown };
  const char = c ?? 0;
  return typeof char === 'number' && Number.isInteger(char) && char >= 0 ? { item, char } : undefined;
}
