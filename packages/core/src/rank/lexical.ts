import type { ChunkRecord } from '../types.js';
import { decodePostings, encodePostings, type FieldPostings, type PostingsData } from './postings.js';
import { TERM_SETTINGS, TOKEN_SEPARATOR, normalizeTerm } from './terms.js';
import { topK } from './top-k.js';

/** BM25 parameters and field boosts of the lexical leg, as recorded in an index's manifest. */
export interface LexicalSettings {
  engine: string;
  bm25: { k: number; b: number; d: number };
  boost: { title: number; headings: number; text: number };
  tokenizer: string;
  stemmer: string;
  stopWords: string;
}

/** The lexical settings new indexes are built with; an opened index scores with its own. */
export const LEXICAL_SETTINGS: LexicalSettings = {
  engine: 'mcdewey-bm25 (minisearch-compatible scoring)',
  bm25: { k: 1.2, b: 0.75, d: 0 },
  // Every field weighs 1: a section's first chunk already starts with its heading line, and often
  // with the title, so a heavier title/headings field counted those words twice. Measured with
  // bench/quality.mjs and the golden set (test/golden): title 1.5 / headings 2 scored Cranfield
  // nDCG@10 0.333, CISI 0.348, golden 0.712; 1 / 1 scores 0.343, 0.368, 0.744.
  boost: { title: 1, headings: 1, text: 1 },
  ...TERM_SETTINGS,
};

/** One lexical match: the chunk's row in the index and its BM25 score. */
export interface LexicalHit {
  row: number;
  score: number;
}

const FIELDS = ['title', 'headings', 'text'] as const;

function fieldValues(chunk: ChunkRecord): string[] {
  return [chunk.title, chunk.headings.join(' / '), chunk.text];
}

/**
 * BM25 over title, headings and text of every chunk, keyed by the chunk's row number.
 *
 * Scores are those of MiniSearch with `bm25.d = 0` divided by the number of matched query terms,
 * i.e. the plain per-field BM25 sum (see bench/PEERS.md for why). MiniSearch itself scored and
 * sorted every match and took seconds to load on the full corpus; postings in typed arrays, a
 * binary file and a bounded top-k keep queries in milliseconds and opening near-instant.
 */
export class LexicalIndex {
  private readonly boosts: number[];
  private scores: Float64Array;
  private filterMemo: Uint8Array;

  private constructor(
    private readonly data: PostingsData,
    private readonly settings: LexicalSettings,
  ) {
    this.boosts = FIELDS.map((field) => settings.boost[field]);
    this.scores = new Float64Array(data.rowCount);
    this.filterMemo = new Uint8Array(data.rowCount);
  }

  /** Indexes chunks; a chunk's row is its position in `chunks`. */
  static build(chunks: readonly ChunkRecord[], settings: LexicalSettings = LEXICAL_SETTINGS): LexicalIndex {
    const termIds = new Map<string, number>();
    const perField = FIELDS.map(() => ({ rows: [] as number[][], tfs: [] as number[][], lengths: new Uint32Array(chunks.length) }));
    chunks.forEach((chunk, row) => {
      fieldValues(chunk).forEach((value, f) => {
        const tokens = value.split(TOKEN_SEPARATOR);
        const field = perField[f]!;
        field.lengths[row] = new Set(tokens).size;
        const counts = new Map<string, number>();
        for (const token of tokens) {
          const term = normalizeTerm(token);
          if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
        }
        for (const [term, count] of counts) {
          let id = termIds.get(term);
          if (id === undefined) {
            id = termIds.size;
            termIds.set(term, id);
          }
          (field.rows[id] ??= []).push(row);
          (field.tfs[id] ??= []).push(Math.min(count, 0xffff));
        }
      });
    });

    const terms = [...termIds.keys()].sort(compareTerms);
    const fields: FieldPostings[] = perField.map((field) => {
      const offsets = new Uint32Array(terms.length + 1);
      terms.forEach((term, i) => (offsets[i + 1] = offsets[i]! + (field.rows[termIds.get(term)!]?.length ?? 0)));
      const rows = new Uint32Array(offsets[terms.length]!);
      const tfs = new Uint16Array(rows.length);
      terms.forEach((term, i) => {
        const id = termIds.get(term)!;
        rows.set(field.rows[id] ?? [], offsets[i]);
        tfs.set(field.tfs[id] ?? [], offsets[i]);
      });
      const averageLength = chunks.length === 0 ? 0 : field.lengths.reduce((sum, length) => sum + length, 0) / chunks.length;
      return { offsets, rows, tfs, lengths: field.lengths, averageLength };
    });
    return new LexicalIndex({ rowCount: chunks.length, terms, fields }, settings);
  }

  /**
   * Restores an index saved with `toBytes`, scoring with the settings it was built with (from the
   * manifest), so an index keeps its ranking when the defaults change. `path` names the file in errors.
   */
  static fromBytes(bytes: Uint8Array, path: string, settings: LexicalSettings = LEXICAL_SETTINGS): LexicalIndex {
    return new LexicalIndex(decodePostings(bytes, path), settings);
  }

  /** The index as one binary blob (see `postings.ts` for the layout). */
  toBytes(): Uint8Array {
    return encodePostings(this.data);
  }

  /** Number of distinct terms. */
  get termCount(): number {
    return this.data.terms.length;
  }

  /**
   * The best `limit` chunks matching any query term and passing `filter`, best first. The filter
   * runs inside the scoring loop, so a filtered query is ranked among passing chunks only.
   */
  search(query: string, filter?: (row: number) => boolean, limit = 100): LexicalHit[] {
    const { k, b } = this.settings.bm25;
    const { scores, filterMemo } = this;
    const rowCount = this.data.rowCount;
    const touched: number[] = [];
    const memoized: number[] = [];
    for (const token of query.split(TOKEN_SEPARATOR)) {
      const term = normalizeTerm(token);
      const id = term ? this.termId(term) : -1;
      if (id < 0) continue;
      this.data.fields.forEach((field, f) => {
        const from = field.offsets[id]!;
        const to = field.offsets[id + 1]!;
        if (to === from) return;
        const matching = to - from;
        const idf = Math.log(1 + (rowCount - matching + 0.5) / (matching + 0.5));
        const weight = this.boosts[f]! * idf;
        for (let p = from; p < to; p++) {
          const row = field.rows[p]!;
          if (filter) {
            let memo = filterMemo[row]!;
            if (memo === 0) {
              memo = filter(row) ? 1 : 2;
              filterMemo[row] = memo;
              memoized.push(row);
            }
            if (memo === 2) continue;
          }
          const tf = field.tfs[p]!;
          const norm = 1 - b + (b * field.lengths[row]!) / field.averageLength;
          if (scores[row] === 0) touched.push(row);
          scores[row]! += (weight * (tf * (k + 1))) / (tf + k * norm);
        }
      });
    }
    const best = topK(touched, (row) => scores[row]!, limit).map((row) => ({ row, score: scores[row]! }));
    for (const row of touched) scores[row] = 0;
    for (const row of memoized) filterMemo[row] = 0;
    return best;
  }

  private termId(term: string): number {
    const { terms } = this.data;
    let low = 0;
    let high = terms.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const order = compareTerms(terms[middle]!, term);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}

function compareTerms(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
