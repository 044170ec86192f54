const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The sorted terms of a lexical index; a term's position is its id in the postings tables. */
export interface TermDictionary {
  /** Number of terms. */
  readonly size: number;
  /** The term's position, or -1 when the index does not hold it. */
  find(term: string): number;
  /** The term at a position. */
  term(position: number): string;
}

/**
 * Terms sorted by their UTF-8 bytes, kept as one UTF-8 blob and the start offset of every term
 * (format v2). Opening an index makes two views on the file instead of millions of strings.
 */
export class ByteTermDictionary implements TermDictionary {
  constructor(
    readonly blob: Uint8Array,
    /** `size + 1` offsets: term i is `blob[offsets[i]..offsets[i+1])`. */
    readonly offsets: Uint32Array,
  ) {}

  /** Packs terms already in UTF-8 byte (code point) order, see `sortByCodePoints`. */
  static fromSortedTerms(terms: readonly string[]): ByteTermDictionary {
    const offsets = new Uint32Array(terms.length + 1);
    let blob = new Uint8Array(1024);
    let at = 0;
    terms.forEach((term, i) => {
      if (at + term.length * 3 > blob.length) {
        const grown = new Uint8Array(Math.max(blob.length * 2, at + term.length * 3));
        grown.set(blob.subarray(0, at));
        blob = grown;
      }
      at += encoder.encodeInto(term, blob.subarray(at)).written;
      offsets[i + 1] = at;
    });
    return new ByteTermDictionary(blob.slice(0, at), offsets);
  }

  get size(): number {
    return this.offsets.length - 1;
  }

  find(term: string): number {
    const key = encoder.encode(term);
    const { blob, offsets } = this;
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const start = offsets[middle]!;
      const length = offsets[middle + 1]! - start;
      let order = 0;
      for (let i = 0; i < length && i < key.length && order === 0; i++) order = blob[start + i]! - key[i]!;
      if (order === 0) order = length - key.length;
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  term(position: number): string {
    return decoder.decode(this.blob.subarray(this.offsets[position], this.offsets[position + 1]));
  }
}

/** Terms as strings in JavaScript (UTF-16) order, as format v1 stored them. */
export class StringTermDictionary implements TermDictionary {
  constructor(readonly terms: readonly string[]) {}

  get size(): number {
    return this.terms.length;
  }

  find(term: string): number {
    const { terms } = this;
    let low = 0;
    let high = terms.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const other = terms[middle]!;
      if (other === term) return middle;
      if (other < term) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  term(position: number): string {
    return this.terms[position]!;
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The term as UTF-8 can hold it: a lone surrogate becomes U+FFFD, as `TextEncoder` writes it. */
export function wellFormedTerm(term: string): string {
  return SURROGATE.test(term) ? term.replace(LONE_SURROGATE, '\uFFFD') : term;
}

/**
 * Sorts well-formed strings in place by code point, which is UTF-8 byte order. UTF-16 order
 * differs only where a surrogate pair meets a character in U+E000..U+FFFF, so the native sort
 * does unless such a pair is present.
 */
export function sortByCodePoints(terms: string[]): string[] {
  terms.sort();
  if (terms.some((term) => SURROGATE.test(term))) terms.sort(compareCodePoints);
  return terms;
}

function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (D800..DFFF) above U+E000..U+FFFF so code units compare as code points. */
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit;
}
