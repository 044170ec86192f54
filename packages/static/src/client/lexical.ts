import { bm25Contribution, bm25Idf } from '@mcdewey/core/ranking';
import { ByteReader, type LexicalInfo } from '../format.js';

/** One term's postings in one field: rows ascending, with the term's frequency and the field's length in each row. */
export interface FieldPostings {
  rows: number[];
  termFrequencies: number[];
  fieldLengths: number[];
}

/**
 * One `data/terms/<i>.bin` shard. Records are `term, byteLength, counts per field, postings`
 * (all varints; rows delta-coded per field); the shard is scanned once for the offsets of its
 * terms and a term's postings are decoded when asked for.
 */
export class TermShard {
  private readonly offsets = new Map<string, number>();
  private readonly decoded = new Map<string, (FieldPostings | undefined)[]>();

  constructor(
    private readonly data: Uint8Array,
    private readonly fieldCount: number,
  ) {
    const reader = new ByteReader(data);
    while (!reader.done) {
      const term = reader.string();
      const length = reader.varint();
      this.offsets.set(term, reader.offset);
      reader.offset += length;
    }
  }

  get size(): number {
    return this.offsets.size;
  }

  /** The term's postings per field (undefined for a field the term does not occur in), or undefined for an unknown term. */
  postings(term: string): (FieldPostings | undefined)[] | undefined {
    const cached = this.decoded.get(term);
    if (cached) return cached;
    const offset = this.offsets.get(term);
    if (offset === undefined) return undefined;
    const reader = new ByteReader(this.data);
    reader.offset = offset;
    const counts: number[] = [];
    for (let field = 0; field < this.fieldCount; field++) counts.push(reader.varint());
    const fields = counts.map((count) => {
      if (count === 0) return undefined;
      const postings: FieldPostings = { rows: new Array(count), termFrequencies: new Array(count), fieldLengths: new Array(count) };
      let row = 0;
      for (let i = 0; i < count; i++) {
        row += reader.varint();
        postings.rows[i] = row;
        postings.termFrequencies[i] = reader.varint();
        postings.fieldLengths[i] = reader.varint();
      }
      return postings;
    });
    this.decoded.set(term, fields);
    return fields;
  }
}

/** A lexical hit: the row and its BM25 score. */
export interface LexicalHit {
  row: number;
  score: number;
}

/**
 * BM25 over the postings with core's own formula (`bm25Idf`, `bm25Contribution`), so scores are
 * identical to core's and ties break the same way (the lower row first):
 *
 * - every query term, repeats included, adds for each field it occurs in its contribution with
 *   weight `boost × idf`, `n` being the rows holding the term in that field;
 * - the filter runs inside the loop (a row failing it gets nothing), so `n` and `N` stay the
 *   index's and a filtered ranking is the unfiltered one restricted;
 * - the best `limit` rows are returned, best first.
 */
export function scoreBm25(
  tokens: readonly string[],
  postingsOf: (term: string) => (FieldPostings | undefined)[] | undefined,
  info: LexicalInfo,
  limit: number,
  accepts?: (row: number) => boolean,
): LexicalHit[] {
  const { k, b } = info.bm25;
  const rowCount = info.documentCount;
  const scores = new Map<number, number>();
  for (const term of tokens) {
    const fields = postingsOf(term);
    if (!fields) continue;
    for (let field = 0; field < info.fields.length; field++) {
      const postings = fields[field];
      if (!postings) continue;
      const matching = postings.rows.length;
      const idf = bm25Idf(rowCount, matching);
      const weight = info.boosts[field]! * idf;
      const averageLength = info.averageFieldLength[field]!;
      for (let p = 0; p < matching; p++) {
        const row = postings.rows[p]!;
        if (accepts && !accepts(row)) continue;
        const contribution = bm25Contribution(weight, postings.termFrequencies[p]!, postings.fieldLengths[p]!, averageLength, k, b);
        scores.set(row, (scores.get(row) ?? 0) + contribution);
      }
    }
  }
  const hits: LexicalHit[] = [];
  for (const [row, score] of scores) hits.push({ row, score });
  return hits.sort((x, y) => y.score - x.score || x.row - y.row).slice(0, limit);
}
