import type { ChunkRecord } from '../types.js';
import { bm25Idf } from './bm25.js';
import { type LexicalSearchStats, type ScoringList, maxScoreSearch } from './lexical-search.js';
import { corrupt, joinParts } from './postings-blob.js';
import { decodePostings, encodePostings, isPostingsV2, type FieldPostings, type PostingsData } from './postings.js';
import { looseImpactBound } from './postings-bounds.js';
import { PostingsBuilder } from './postings-builder.js';
import { upgradePostings } from './postings-v1.js';
import type { RowRanges } from './row-ranges.js';
import { CorrectionCandidates, SPELLING_SETTINGS } from './spelling.js';
import type { CorrectionList } from './spelling-list.js';
import { TERM_SETTINGS, TOKEN_SEPARATOR, normalizeTerm } from './terms.js';

export type { LexicalSearchStats } from './lexical-search.js';

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

// The one way besides `build` and `fromBytes` to make an index, for `LexicalBuilder`.
let createIndex: (data: PostingsData, settings: LexicalSettings) => LexicalIndex;

/** Calls `visit` with each row of a term's postings in one field that lies among `allowed` (every row when undefined). */
function forEachPostingRow(field: FieldPostings, id: number, allowed: RowRanges | undefined, visit: (row: number) => void): void {
  const { rows } = field;
  const to = field.offsets[id + 1]!;
  // Postings and ranges are both in row order: one merge walk.
  let range = 0;
  for (let at = field.offsets[id]!; at < to; at++) {
    const row = rows[at]!;
    if (allowed) {
      while (range < allowed.length && allowed[range + 1]! <= row) range += 2;
      if (range >= allowed.length) break;
      if (row < allowed[range]!) continue;
    }
    visit(row);
  }
}

/**
 * BM25 over title, headings and text of every chunk, keyed by the chunk's row number.
 *
 * Scores are those of MiniSearch with `bm25.d = 0` divided by the number of matched query terms,
 * i.e. the plain per-field BM25 sum (see bench/PEERS.md for why). MiniSearch itself scored and
 * sorted every match and took seconds to load on the full corpus; postings in typed arrays, a
 * binary file of views and MaxScore pruning keep queries in milliseconds and opening near-instant.
 */
export class LexicalIndex {
  static {
    createIndex = (data, settings) => new LexicalIndex(data, settings);
  }

  private readonly boosts: number[];
  private candidates: CorrectionCandidates | undefined;

  private constructor(
    private readonly data: PostingsData,
    private readonly settings: LexicalSettings,
    /** The file the postings came from, named when they turn out damaged. */
    private readonly source = 'the lexical index',
  ) {
    this.boosts = FIELDS.map((field) => settings.boost[field]);
  }

  /** Indexes chunks; a chunk's row is its position in `chunks`. */
  static build(chunks: readonly ChunkRecord[], settings: LexicalSettings = LEXICAL_SETTINGS): LexicalIndex {
    const builder = new LexicalBuilder(settings);
    for (const chunk of chunks) builder.add(chunk);
    return builder.finish();
  }

  /**
   * Restores an index saved with `toBytes` (or by McDewey 0.1), scoring with the settings it was
   * built with (from the manifest), so an index keeps its ranking when the defaults change. The
   * postings stay views on `bytes`. `path` names the file in errors.
   * @throws McdeweyError `INDEX_CORRUPT` for bytes that are not a lexical index or are cut short.
   */
  static fromBytes(bytes: Uint8Array, path: string, settings: LexicalSettings = LEXICAL_SETTINGS): LexicalIndex {
    const data = decodePostings(bytes, path);
    if (data.fields.length !== FIELDS.length) throw corrupt(path, `has ${data.fields.length} fields, not the ${FIELDS.length} (${FIELDS.join(', ')}) this version scores`);
    return new LexicalIndex(data, settings, path);
  }

  /** The index as one binary blob, always in the current format (see `postings.ts` for the layout). */
  toBytes(): Uint8Array {
    return joinParts(this.toParts());
  }

  /**
   * The blob of `toBytes` as consecutive parts, mostly views on the index's own arrays: a writer
   * streams them to a file without a second copy of a large index in memory.
   */
  toParts(): Uint8Array[] {
    const { k, b } = this.settings.bm25;
    return encodePostings(isPostingsV2(this.data) ? this.data : upgradePostings(this.data, k, b));
  }

  /** Number of distinct terms. */
  get termCount(): number {
    return this.data.dictionary.size;
  }

  /** Number of rows (chunks) indexed. */
  get rowCount(): number {
    return this.data.rowCount;
  }

  /**
   * The best `limit` chunks matching any query term among the `allowed` rows (all rows when
   * undefined), best first, ties broken by the lower row. A filtered query is ranked among the
   * allowed rows only; the others are never scored. `stats`, when given, counts the work done.
   */
  search(query: string, allowed?: RowRanges, limit = 100, stats?: LexicalSearchStats): LexicalHit[] {
    const { k, b } = this.settings.bm25;
    const { rowCount, fields, bounds } = this.data;
    // Stored bounds hold for the k and b they were computed with; otherwise k + 1 always does.
    const tight = bounds !== null && bounds.k === k && bounds.b === b;
    const loose = looseImpactBound(k, b);
    const lists: ScoringList[] = [];
    for (const id of this.termIds(query)) {
      fields.forEach((field, f) => {
        const from = field.offsets[id]!;
        const to = field.offsets[id + 1]!;
        if (to === from) return;
        const matching = to - from;
        const idf = bm25Idf(rowCount, matching);
        const weight = this.boosts[f]! * idf;
        const impact = tight && field.maxImpacts ? field.maxImpacts[id]! : loose;
        const { rows, tfs, lengths, averageLength } = field;
        lists.push({ rows, tfs, lengths, averageLength, at: from, to, weight, bound: impact === Infinity ? Infinity : weight * impact });
      });
    }
    // Bounds assume contributions of one sign; a negative boost turns pruning off.
    if (lists.some((list) => !(list.weight >= 0))) for (const list of lists) list.bound = Infinity;
    // No more hits than rows: the heap is sized by this.
    const capacity = limit > 0 ? Math.min(Math.ceil(limit), rowCount) : 0;
    const hits = maxScoreSearch(lists, k, b, allowed, capacity, stats);
    // Postings are not checked one by one when the index opens (a checksum covers the file); a
    // damaged one still must not name a chunk that does not exist.
    for (const hit of hits) {
      if (!(hit.row < rowCount) || !Number.isFinite(hit.score)) throw corrupt(this.source, `is damaged: a posting names row ${hit.row} (score ${hit.score}) of ${rowCount}; re-run mcdewey ingest`);
    }
    return hits;
  }

  /**
   * Sets `marks[row] = 1` for every row among the `allowed` ones (all when undefined) holding a
   * query term in any field: the rows `search` would score with any limit. A walk over the
   * postings, no scoring; search counts its results over these rows.
   */
  markMatches(query: string, allowed: RowRanges | undefined, marks: Uint8Array): void {
    for (const id of this.termIds(query)) {
      for (const field of this.data.fields) forEachPostingRow(field, id, allowed, (row) => (marks[row] = 1));
    }
  }

  /** Number of chunks holding the (normalised) term in any field; 0 when the index lacks it. */
  termFrequency(term: string): number {
    const id = this.data.dictionary.find(term);
    return id < 0 ? 0 : this.frequencyAt(id);
  }

  /** Number of chunks among the `allowed` rows holding the (normalised) term in any field: a scoped library's dictionary. */
  termFrequencyIn(term: string, allowed: RowRanges): number {
    const id = this.data.dictionary.find(term);
    if (id < 0) return 0;
    let most = 0;
    for (const field of this.data.fields) {
      let count = 0;
      forEachPostingRow(field, id, allowed, () => count++);
      most = Math.max(most, count);
    }
    return most;
  }

  /**
   * The index's closest well-known term to a normalised term (see `CorrectionCandidates`), used
   * to correct a misspelt query word from the index's own dictionary.
   */
  closestTerm(term: string, maxDistance: number, minFrequency: number): { term: string; distance: number; frequency: number } | null {
    this.candidates ??= new CorrectionCandidates(this.data.dictionary, (id) => this.frequencyAt(id), SPELLING_SETTINGS.minCorrectionFrequency);
    return this.candidates.closest(term, maxDistance, Math.max(minFrequency, this.candidates.minFrequency));
  }

  /** The terms a spelling correction may lead to, with their frequencies (what a static site ships for correcting). */
  correctionList(): CorrectionList {
    const list: CorrectionList = { terms: [], frequencies: [] };
    const { dictionary } = this.data;
    for (let id = 0; id < dictionary.size; id++) {
      const frequency = this.frequencyAt(id);
      if (frequency < SPELLING_SETTINGS.minCorrectionFrequency) continue;
      list.terms.push(dictionary.term(id));
      list.frequencies.push(frequency);
    }
    return list;
  }

  /** The dictionary ids of the query's terms the index holds, in query order. */
  private termIds(query: string): number[] {
    const ids: number[] = [];
    for (const token of query.split(TOKEN_SEPARATOR)) {
      const term = normalizeTerm(token);
      const id = term ? this.data.dictionary.find(term) : -1;
      if (id >= 0) ids.push(id);
    }
    return ids;
  }

  private frequencyAt(id: number): number {
    let most = 0;
    for (const field of this.data.fields) most = Math.max(most, field.offsets[id + 1]! - field.offsets[id]!);
    return most;
  }
}

/**
 * Builds a `LexicalIndex` one chunk at a time, so a pipeline need not hold every chunk: each
 * field is tokenised once into a compact forward index, inverted by `finish`.
 */
export class LexicalBuilder {
  private postings: PostingsBuilder | null = new PostingsBuilder(FIELDS.length);

  /** `settings`: the BM25 parameters the index's pruning bounds are made for. Default `LEXICAL_SETTINGS`. */
  constructor(private readonly settings: LexicalSettings = LEXICAL_SETTINGS) {}

  /** Adds the next chunk; its row is the number of chunks added before it. */
  add(chunk: ChunkRecord): void {
    this.builder().add(fieldValues(chunk));
  }

  /** The index of the chunks added. The builder cannot be used afterwards. */
  finish(): LexicalIndex {
    const { k, b } = this.settings.bm25;
    const data = this.builder().finish(k, b);
    this.postings = null;
    return createIndex(data, this.settings);
  }

  private builder(): PostingsBuilder {
    if (!this.postings) throw new Error('LexicalBuilder.finish() was already called');
    return this.postings;
  }
}
