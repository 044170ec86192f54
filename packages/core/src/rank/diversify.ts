/** What diversifying needs to know of a row: its document and its text hash. */
export interface RowIdentity {
  /** Any value naming the row's document; rows of one document give the same value. */
  document: string | number;
  /** Equal for rows with identical text. */
  hash: string;
  /**
   * The document's place without its version (`vendor/group/doc`): rows of one such family in
   * other versions are compared with `nearDuplicate`. Optional; without it only identical text folds.
   */
  family?: string;
}

/** How the final list is made readable. */
export interface DiversifyOptions {
  /** At most this many chunks of one document in the list; 0 for no cap. */
  maxPerDocument: number;
  /** Show a chunk found with identical text in several versions once, naming the others. */
  collapseDuplicates: boolean;
  /**
   * Rows of a document beyond `maxPerDocument` are listed under the document's first result
   * (`more`, at most this many) instead of being dropped. Default 0: not listed.
   */
  moreLimit?: number;
  /**
   * Tells whether two rows of the same family in different versions carry nearly the same text;
   * such a row folds into the earlier one like an identical chunk. Called only for such pairs.
   */
  nearDuplicate?: (kept: number, candidate: number) => boolean;
  /**
   * Whether rows over the cap (with `moreLimit` 0) may fill a short list. Default true; false while
   * more rows may follow (search's pages), since the fill comes after every document's own rows.
   */
  fillShortList?: boolean;
}

/** A row kept for the result list, with the rows of identical chunks it stands for. */
export interface DiversifiedRow {
  row: number;
  duplicates: number[];
  /** Other matching rows of the same document, best first (with `moreLimit`). */
  more: number[];
}

/**
 * Walks rows best first, keeping at most `maxPerDocument` per document and folding identical
 * chunks (same text hash, other version) — and, with `nearDuplicate`, nearly identical chunks of
 * the same document in another version — into the first one, until `limit` rows are kept. Rows
 * over the cap go under their document's first row (`more`) when `moreLimit` allows; otherwise,
 * when the cap leaves the list short (a query filtered to one document), they fill it, best first,
 * after the documents' own rows: a list asked for with a larger `limit` starts with the shorter one.
 */
export function diversify(rows: readonly number[], identify: (row: number) => RowIdentity, limit: number, options: DiversifyOptions): DiversifiedRow[] {
  const kept: DiversifiedRow[] = [];
  const byHash = new Map<string, DiversifiedRow>();
  const listedUnder = new Set<string>();
  const byFamily = new Map<string, { document: string | number; entry: DiversifiedRow }[]>();
  const perDocument = new Map<string | number, DiversifiedRow[]>();
  const overflow: DiversifiedRow[] = [];
  const moreLimit = options.moreLimit ?? 0;
  for (const row of rows) {
    const { document, hash, family } = identify(row);
    if (options.collapseDuplicates && listedUnder.has(hash)) continue;
    const same = options.collapseDuplicates ? (byHash.get(hash) ?? nearDuplicateOf(row, document, family)) : undefined;
    if (same) {
      same.duplicates.push(row);
      continue;
    }
    const ofDocument = perDocument.get(document) ?? [];
    const capped = options.maxPerDocument > 0 && ofDocument.length >= options.maxPerDocument;
    if (capped && moreLimit > 0) {
      const first = ofDocument[0]!;
      if (first.more.length < moreLimit) first.more.push(row);
      // Its identical copy in another version would otherwise come back as a result of its own.
      listedUnder.add(hash);
      continue;
    }
    if (kept.length >= limit) continue;
    const entry: DiversifiedRow = { row, duplicates: [], more: [] };
    byHash.set(hash, entry);
    if (capped) {
      overflow.push(entry);
      continue;
    }
    ofDocument.push(entry);
    perDocument.set(document, ofDocument);
    // In place: a long list (a deep page) holds thousands of one family's entries.
    if (family !== undefined && options.nearDuplicate) {
      const members = byFamily.get(family);
      if (members) members.push({ document, entry });
      else byFamily.set(family, [{ document, entry }]);
    }
    kept.push(entry);
  }
  // After every document's own results, so that a longer list starts with a shorter one (pages).
  if (kept.length < limit && overflow.length > 0 && options.fillShortList !== false) kept.push(...overflow.slice(0, limit - kept.length));
  return kept;

  function nearDuplicateOf(row: number, document: string | number, family: string | undefined): DiversifiedRow | undefined {
    if (!options.nearDuplicate || family === undefined) return undefined;
    for (const other of byFamily.get(family) ?? []) {
      if (other.document !== document && options.nearDuplicate(other.entry.row, row)) return other.entry;
    }
    return undefined;
  }
}
