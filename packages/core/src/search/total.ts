import type { SearchSource } from '../query/source.js';
import type { DiversifyOptions } from '../rank/diversify.js';
import { PAGED_PLACE_SPAN } from './places.js';

/** A query's result count: see `SearchResponse.total` and `totalExact` for what is counted. */
export interface ResultCount {
  total: number;
  exact: boolean;
}

/**
 * Matching rows a count walks one by one, folding identical texts. Past this many it counts the
 * rest a document at a time, without folding, as an upper estimate: a query of common words marks
 * most rows of a large library, and walking a million of them costs more than the search itself.
 */
export const EXACT_COUNT_ROWS = 10_000;

/** A count in progress. */
interface Tally {
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
  /** Text number of each row (rows with identical text share it); -1 until first needed. */
  private readonly textOf: Int32Array;
  private readonly documentNumbers = new Map<string, number>();
  private readonly textNumbers = new Map<string, number>();
  private readonly familyNumbers = new Map<string, number>();
  /** Per document number: its family number, whether it has pages (a PDF), and its end row when the source tells it. */
  private readonly familyOf: number[] = [];
  private readonly paged: boolean[] = [];
  private readonly documentEnd: number[] = [];
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

  constructor(private readonly source: Pick<SearchSource, 'chunkCount' | 'documentOfRow' | 'documentSpanOfRow' | 'sameTextKey'>) {
    const rows = source.chunkCount;
    this.documentOf = new Int32Array(rows).fill(-1);
    this.textOf = new Int32Array(rows).fill(-1);
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
   * Past `exactRows` rows (and when the source tells where documents end) the rest is counted by
   * {@link countByDocument}.
   */
  count(marks: Uint8Array, skip: ((row: number) => boolean) | undefined, grouping: Omit<DiversifyOptions, 'nearDuplicate'>, exactRows: number): ResultCount {
    // Wraps after four billion counts; marks of a stamp that old are long overwritten or harmless.
    const stamp = (this.stamp = (this.stamp % 0xfffffffe) + 1);
    const tally: Tally = { total: 0, exact: true };
    const canEstimate = this.source.documentSpanOfRow !== undefined;
    let walked = 0;
    for (let row = marks.indexOf(1); row >= 0 && row < marks.length; row = marks.indexOf(1, row + 1)) {
      if (skip?.(row)) continue;
      if (canEstimate && walked++ === exactRows) {
        this.countByDocument(marks, row, skip, grouping, stamp, tally);
        tally.exact = false;
        break;
      }
      const document = this.documentNumberOf(row);
      if (grouping.collapseDuplicates) {
        let text = this.textOf[row]!;
        if (text === -1) this.textOf[row] = text = intern(this.textNumbers, this.source.sameTextKey(row));
        if (this.textSeen[text] === stamp) {
          // Which document holds the one result depends on rank, not row order.
          if (this.textDocument[text] !== document) tally.exact = false;
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
          tally.exact = false;
        }
      }
      this.countRow(row, document, stamp, grouping, tally);
    }
    return tally;
  }

  /**
   * Counts the marked rows from `from` on a document at a time, as `count` would without folding
   * identical texts (so never less): a document's rows past what it can still add are skipped
   * (past `maxPerDocument` with `moreLimit`, for a document without pages), so the cost follows
   * the matching documents rather than the matching rows. `skip` is decided by a row's document.
   */
  private countByDocument(marks: Uint8Array, from: number, skip: ((row: number) => boolean) | undefined, grouping: Omit<DiversifyOptions, 'nearDuplicate'>, stamp: number, tally: Tally): void {
    const cap = grouping.maxPerDocument;
    const capStops = cap > 0 && (grouping.moreLimit ?? 0) > 0;
    let row = from;
    while (row >= 0 && row < marks.length) {
      const document = this.documentNumberOf(row);
      const end = this.documentEnd[document]!;
      if (!skip?.(row)) {
        const stopAtCap = capStops && !this.paged[document];
        for (; row >= 0 && row < end; row = marks.indexOf(1, row + 1)) {
          this.countRow(row, document, stamp, grouping, tally);
          if (stopAtCap && this.counted[document]! >= cap) break;
        }
      }
      row = row < 0 ? -1 : marks.indexOf(1, end);
    }
  }

  /** Counts a row not folded into another as a result of its document (its place, for a PDF), up to the cap. */
  private countRow(row: number, document: number, stamp: number, grouping: Omit<DiversifyOptions, 'nearDuplicate'>, tally: Tally): void {
    if (this.documentSeen[document] !== stamp) {
      this.documentSeen[document] = stamp;
      this.counted[document] = 0;
      this.placeStart[document] = row;
    } else if (this.paged[document] && row - this.placeStart[document]! > PAGED_PLACE_SPAN) {
      // A new place of the PDF; places made best first may cut the chunks elsewhere.
      tally.exact = false;
      this.counted[document] = 0;
      this.placeStart[document] = row;
    }
    const cap = grouping.maxPerDocument;
    if (cap === 0 || this.counted[document]! < cap || (grouping.moreLimit ?? 0) === 0) tally.total++;
    this.counted[document]!++;
  }

  private documentNumberOf(row: number): number {
    const known = this.documentOf[row]!;
    if (known !== -1) return known;
    const document = this.source.documentOfRow(row);
    let number = this.documentNumbers.get(document.id);
    if (number === undefined) {
      number = this.documentNumbers.size;
      this.documentNumbers.set(document.id, number);
      this.paged[number] = (document.pageCount ?? 0) > 0;
      this.familyOf[number] = intern(this.familyNumbers, `${document.vendor}\n${document.group}\n${document.doc}`);
      const span = this.source.documentSpanOfRow?.(row);
      if (span) this.documentEnd[number] = span.end;
    }
    return (this.documentOf[row] = number);
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
 * once. `skip` drops rows the list leaves out (decided by a row's document). Exact unless folding
 * could make the ranked list shorter (see `SearchResponse.totalExact`), or more than `exactRows`
 * rows match and the source tells where documents end: the rest is then counted a document at a
 * time without folding, an upper estimate.
 */
export function countResults(
  source: SearchSource<unknown>,
  marks: Uint8Array,
  skip: ((row: number) => boolean) | undefined,
  grouping: Omit<DiversifyOptions, 'nearDuplicate'>,
  exactRows = EXACT_COUNT_ROWS,
): ResultCount {
  const owner = source.identity ?? source;
  let keys = keysOfLibrary.get(owner);
  if (!keys) keysOfLibrary.set(owner, (keys = new RowKeys(source)));
  return keys.count(marks, skip, grouping, exactRows);
}
