/**
 * Result-list diversity exactly as core does it (`rank/diversify.ts`): at most `maxPerDocument`
 * chunks per document, identical chunks folded into the first one, capped rows filling a short
 * list. Rows are described by their document and their duplicate group instead of records, so
 * no chunk text is needed to decide.
 */
export interface DiversifyOptions {
  maxPerDocument: number;
  collapseDuplicates: boolean;
}

export interface DiversifiedRow {
  row: number;
  duplicates: number[];
}

/** `documentOf(row)` names a row's document; `sameTextKey(row)` is equal for rows with identical text. */
export function diversify(
  rows: readonly number[],
  documentOf: (row: number) => number,
  sameTextKey: (row: number) => string,
  limit: number,
  options: DiversifyOptions,
): DiversifiedRow[] {
  const kept: DiversifiedRow[] = [];
  const byHash = new Map<string, DiversifiedRow>();
  const perDocument = new Map<number, number>();
  const overflow: DiversifiedRow[] = [];
  const rankOf = new Map<number, number>();
  rows.forEach((row, rank) => rankOf.set(row, rank));
  for (const row of rows) {
    const key = sameTextKey(row);
    const same = options.collapseDuplicates ? byHash.get(key) : undefined;
    if (same) {
      same.duplicates.push(row);
      continue;
    }
    if (kept.length >= limit) continue;
    const entry: DiversifiedRow = { row, duplicates: [] };
    byHash.set(key, entry);
    const document = documentOf(row);
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
