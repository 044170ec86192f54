import type { DocumentRecord } from '../types.js';

/**
 * Where each document's chunks sit among an index's rows: a document holds consecutive rows, in
 * document order, so a row's document and chunk id follow from the document records alone.
 * Browser-safe: the static site's client finds a row's document with it too.
 */
export class DocumentRows {
  /** Row of each document's first chunk, and the total at the end. */
  readonly firstRows: Uint32Array;

  constructor(private readonly documents: readonly Pick<DocumentRecord, 'id' | 'chunkCount'>[]) {
    this.firstRows = new Uint32Array(documents.length + 1);
    documents.forEach((record, i) => (this.firstRows[i + 1] = this.firstRows[i]! + record.chunkCount));
  }

  /** Number of rows the documents hold. */
  get count(): number {
    return this.firstRows[this.documents.length]!;
  }

  /** The position of the document holding `row` (which must be in range). */
  documentIndexOf(row: number): number {
    // The last document whose first row is <= row (empty documents share their successor's first row).
    let low = 0;
    let high = this.documents.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.firstRows[middle]! <= row) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The rows `[first, end)` of the document at `index`. */
  rowsOfDocument(index: number): { first: number; end: number } {
    return { first: this.firstRows[index]!, end: this.firstRows[index + 1]! };
  }

  /** The chunk id `row` holds: its document's id and its ordinal in the document. */
  chunkIdAt(row: number): string {
    const index = this.documentIndexOf(row);
    return `${this.documents[index]!.id}::${row - this.firstRows[index]!}`;
  }
}
