/** What diversifying needs to know of a row: its document and its text hash. */
export interface RowIdentity {
  /** Any value naming the row's document; rows of one document give the same value. */
  document: string | number;
  /** Equal for rows with identical text. */
  hash: string;
}

/** How the final list is made readable. */
export interface DiversifyOptions {
  /** At most this many chunks of one document in the list; 0 for no cap. */
  maxPerDocument: number;
  /** Show a chunk found with identical text in several versions once, naming the others. */
  collapseDuplicates: boolean;
}

/** A row kept for the result list, with the rows of identical chunks it stands for. */
export interface DiversifiedRow {
  row: number;
  duplicates: number[];
}

/**
 * Walks rows best first, keeping at most `maxPerDocument` per document and folding identical
 * chunks (same text hash, other version) into the first one, until `limit` rows are kept. When
 * the cap leaves the list short (a query filtered to one document), the capped rows fill it.
 */
export function diversify(rows: readonly number[], identify: (row: number) => RowIdentity, limit: number, options: DiversifyOptions): DiversifiedRow[] {
  const kept: DiversifiedRow[] = [];
  const byHash = new Map<string, DiversifiedRow>();
  const perDocument = new Map<string | number, number>();
  const overflow: DiversifiedRow[] = [];
  const rankOf = new Map<number, number>();
  rows.forEach((row, rank) => rankOf.set(row, rank));
  for (const row of rows) {
    const { document, hash } = identify(row);
    const same = options.collapseDuplicates ? byHash.get(hash) : undefined;
    if (same) {
      same.duplicates.push(row);
      continue;
    }
    if (kept.length >= limit) continue;
    const entry: DiversifiedRow = { row, duplicates: [] };
    byHash.set(hash, entry);
    const count = perDocument.get(document) ?? 0;
    if (options.maxPerDocument > 0 && count >= options.maxPerDocument) {
      overflow.push(entry);
      continue;
    }
    perDocument.set(document, count + 1);
    kept.push(entry);
  }
  if (kept.length < limit && overflow.length > 0) {
    kept.push(...overflow.slice(0, limit - kept.length));
    kept.sort((a, b) => rankOf.get(a.row)! - rankOf.get(b.row)!);
  }
  return kept;
}
