import type { PostingsV2 } from './postings.js';
import { maxImpacts } from './postings-bounds.js';
import { TOKEN_SEPARATOR, normalizeTerm } from './terms.js';
import { ByteTermDictionary, sortByCodePoints, wellFormedTerm } from './term-dictionary.js';

/** A typed array that doubles when full. */
class Growable<T extends Uint32Array | Uint16Array> {
  length = 0;
  constructor(
    public array: T,
    private readonly make: (length: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.array.length) this.reserve(this.length + 1);
    this.array[this.length++] = value;
  }

  /** Grows the array to at least `length` elements; new elements are zero. */
  reserve(length: number): void {
    if (length <= this.array.length) return;
    const grown = this.make(Math.max(length, this.array.length * 2));
    grown.set(this.array);
    this.array = grown;
  }
}

const uint32 = (length: number) => new Uint32Array(length);
// Raw tokens remembered with their term id; cleared when full so rare identifiers cannot grow it without bound.
const TOKEN_CACHE_LIMIT = 500_000;
const uint16 = (length: number) => new Uint16Array(length);

/** One field's forward index: per row its (term id, tf) pairs, about 6 bytes per posting. */
class ForwardField {
  readonly termIds = new Growable(uint32(1024), uint32);
  readonly tfs = new Growable(uint16(1024), uint16);
  /** Per row: the end of its pairs in `termIds`/`tfs`. */
  readonly rowEnds = new Growable(uint32(1024), uint32);
  readonly lengths = new Growable(uint32(1024), uint32);
  /** Per term id: the number of rows holding it. */
  readonly counts = new Growable(uint32(1024), uint32);
}

/**
 * Builds postings row by row from a forward index held in typed arrays, then inverts it in
 * one pass: no per-term JavaScript arrays, whatever the corpus size.
 */
export class PostingsBuilder {
  private ids = new Map<string, number>();
  private tokenIds = new Map<string, number>();
  private terms: string[] = [];
  private forward: ForwardField[];
  private rowCount = 0;

  constructor(fieldCount: number) {
    this.forward = Array.from({ length: fieldCount }, () => new ForwardField());
  }

  /** Adds the next row: one text per field. */
  add(values: readonly string[]): void {
    values.forEach((value, f) => {
      const field = this.forward[f]!;
      const tokens = value.split(TOKEN_SEPARATOR);
      field.lengths.push(new Set(tokens).size);
      const counts = new Map<number, number>();
      for (const token of tokens) {
        const id = this.idOfToken(token);
        if (id >= 0) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      field.counts.reserve(this.terms.length);
      for (const [id, count] of counts) {
        field.termIds.push(id);
        field.tfs.push(Math.min(count, 0xffff));
        field.counts.array[id]!++;
      }
      field.rowEnds.push(field.termIds.length);
    });
    this.rowCount++;
  }

  /** Inverts the forward index into postings with impact bounds for BM25 `k` and `b`; the builder is spent. */
  finish(k: number, b: number): PostingsV2 {
    const { terms, rowCount } = this;
    const ids = this.ids;
    const sorted = sortByCodePoints(terms.slice());
    const positions = new Uint32Array(terms.length);
    sorted.forEach((term, position) => (positions[ids.get(term)!] = position));
    this.ids = new Map();
    this.tokenIds = new Map();
    this.terms = [];
    const fields = this.forward.map((forward) => {
      const offsets = new Uint32Array(sorted.length + 1);
      for (let id = 0; id < terms.length; id++) offsets[positions[id]! + 1] = forward.counts.array[id] ?? 0;
      for (let position = 0; position < sorted.length; position++) offsets[position + 1]! += offsets[position]!;
      const rows = new Uint32Array(offsets[sorted.length]!);
      const tfs = new Uint16Array(rows.length);
      const next = offsets.slice(0, sorted.length);
      const { termIds, tfs: forwardTfs, rowEnds } = forward;
      for (let row = 0, p = 0; row < rowCount; row++) {
        for (const end = rowEnds.array[row]!; p < end; p++) {
          const at = next[positions[termIds.array[p]!]!]!++;
          rows[at] = row;
          tfs[at] = forwardTfs.array[p]!;
        }
      }
      const lengths = forward.lengths.array.slice(0, rowCount);
      let total = 0;
      for (const length of lengths) total += length;
      const postings = { offsets, rows, tfs, lengths, averageLength: rowCount === 0 ? 0 : total / rowCount };
      return { ...postings, maxImpacts: maxImpacts(postings, k, b) };
    });
    this.forward = [];
    return { rowCount, dictionary: ByteTermDictionary.fromSortedTerms(sorted), fields, bounds: { k, b } };
  }

  /** The term id of a raw token, -1 for a stop word or nothing; remembered, as tokens repeat far more than terms. */
  private idOfToken(token: string): number {
    let id = this.tokenIds.get(token);
    if (id === undefined) {
      const term = normalizeTerm(token);
      id = term ? this.intern(term) : -1;
      if (this.tokenIds.size >= TOKEN_CACHE_LIMIT) this.tokenIds.clear();
      this.tokenIds.set(token, id);
    }
    return id;
  }

  private intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      // Terms that UTF-8 cannot tell apart (lone surrogates) share one id, as they share one key.
      const key = wellFormedTerm(term);
      id = this.ids.get(key);
      if (id === undefined) {
        id = this.terms.length;
        this.terms.push(key);
        this.ids.set(key, id);
      }
      this.ids.set(term, id);
    }
    return id;
  }
}
