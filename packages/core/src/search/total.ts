import type { SearchSource } from '../query/source.js';
import type { DiversifyOptions } from '../rank/diversify.js';
import { PAGED_PLACE_SPAN } from './places.js';

/** A query's result count: see `SearchResponse.total` and `totalExact` for what is counted. */
export interface ResultCount {
  total: number;
  exact: boolean;
}

/**
 * What counting needs of each row (its document, its text, the document's family and pages) as
 * small numbers in typed arrays, filled the first time a row is counted: one search reads these
 * for thousands of matching rows, and the source's objects and strings would cost more than the
 * search itself. Kept per library (see `SearchSource.identity`).
 */
class RowKeys {
  /** Document number of each row; -1 until the row is first met. */
  private readonly documentOf: Int32Array;
  /** Text number of each row (rows with identical text share it). */
  private readonly textOf: Int32Array;
  private readonly documentNumbers = new Map<string, number>();
  private readonly textNumbers = new Map<string, number>();
  private readonly familyNumbers = new Map<string, number>();
  /** Per document number: its family number, and whether it has pages (a PDF). */
  private readonly familyOf: number[] = [];
  private readonly paged: boolean[] = [];
  // Per-count marks, valid when equal to the count's stamp: nothing is cleared between counts.
  private stamp = 0;
  private readonly textSeen: Uint32Array;
  /** The document of a text's first row in this count. */
  private readonly textDocument: Int32Array;
  private readonly documentSeen: Uint32Array;
  private readonly familySeen: Uint32Array;
  private readonly familyDocument: Int32Array;
  /** Per document: results counted so far, and for a PDF the first row of its current place. */
  private readonly counted: Uint32Array;
  private readonly placeStart: Int32Array;

  constructor(private readonly source: Pick<SearchSource, 'chunkCount' | 'documentOfRow' | 'sameTextKey'>) {
    const rows = source.chunkCount;
    this.documentOf = new Int32Array(rows).fill(-1);
    this.textOf = new Int32Array(rows);
    this.textSeen = new Uint32Array(rows);
    this.textDocument = new Int32Array(rows);
    this.documentSeen = new Uint32Array(rows);
    this.familySeen = new Uint32Array(rows);
    this.familyDocument = new Int32Array(rows);
    this.counted = new Uint32Array(rows);
    this.placeStart = new Int32Array(rows);
  }

  /**
   * Walks the marked rows in row order, as the result list would group them: a row whose text an
   * earlier row has is folded into it; the others make a result of their document (of their place,
   * for a PDF) up to `maxPerDocument`, and beyond it one of their own only with `moreLimit` 0.
   */
  count(marks: Uint8Array, skip: ((row: number) => boolean) | undefined, grouping: Omit<DiversifyOptions, 'nearDuplicate'>): ResultCount {
    // Wraps after four billion counts; marks of a stamp that old are long overwritten or harmless.
    const stamp = (this.stamp = (this.stamp % 0xfffffffe) + 1);
    const cap = grouping.maxPerDocument;
    const overflowCounts = (grouping.moreLimit ?? 0) === 0;
    let total = 0;
    let exact = true;
    for (let row = marks.indexOf(1); row >= 0 && row < marks.length; row = marks.indexOf(1, row + 1)) {
      if (skip?.(row)) continue;
      if (this.documentOf[row] === -1) this.learn(row);
      const document = this.documentOf[row]!;
      if (grouping.collapseDuplicates) {
        const text = this.textOf[row]!;
        if (this.textSeen[text] === stamp) {
          // Which document holds the one result depends on rank, not row order.
          if (this.textDocument[text] !== document) exact = false;
          continue;
        }
        this.textSeen[text] = stamp;
        this.textDocument[text] = document;
        const family = this.familyOf[document]!;
        if (this.familySeen[family] !== stamp) {
          this.familySeen[family] = stamp;
          this.familyDocument[family] = document;
        } else if (this.familyDocument[family] !== document) {
          // Two versions of one document: their passages may fold when compared.
          exact = false;
        }
      }
      if (this.documentSeen[document] !== stamp) {
        this.documentSeen[document] = stamp;
        this.counted[document] = 0;
        this.placeStart[document] = row;
      } else if (this.paged[document] && row - this.placeStart[document]! > PAGED_PLACE_SPAN) {
        // A new place of the PDF; places made best first may cut the chunks elsewhere.
        exact = false;
        this.counted[document] = 0;
        this.placeStart[document] = row;
      }
      if (cap === 0 || this.counted[document]! < cap || overflowCounts) total++;
      this.counted[document]!++;
    }
    return { total, exact };
  }

  private learn(row: number): void {
    const document = this.source.documentOfRow(row);
    let number = this.documentNumbers.get(document.id);
    if (number === undefined) {
      number = this.documentNumbers.size;
      this.documentNumbers.set(document.id, number);
      this.paged[number] = (document.pageCount ?? 0) > 0;
      this.familyOf[number] = intern(this.familyNumbers, `${document.vendor}\n${document.group}\n${document.doc}`);
    }
    this.documentOf[row] = number;
    this.textOf[row] = intern(this.textNumbers, this.source.sameTextKey(row));
  }
}

function intern(numbers: Map<string, number>, key: string): number {
  let number = numbers.get(key);
  if (number === undefined) numbers.set(key, (number = numbers.size));
  return number;
}

const keysOfLibrary = new WeakMap<object, RowKeys>();

/**
 * Counts the results of a query over `marks` (one byte per row, 1 for a row in the query's result
 * list), without ranking them: distinct documents (PDF places) among the rows, identical texts
 * once. `skip` drops rows the list leaves out. Exact unless folding could make the ranked list
 * shorter (see `SearchResponse.totalExact`).
 */
export function countResults(source: SearchSource<unknown>, marks: Uint8Array, skip: ((row: number) => boolean) | undefined, grouping: Omit<DiversifyOptions, 'nearDuplicate'>): ResultCount {
  const owner = source.identity ?? source;
  let keys = keysOfLibrary.get(owner);
  if (!keys) keysOfLibrary.set(owner, (keys = new RowKeys(source)));
  return keys.count(marks, skip, grouping);
}
