import type { TermDictionary } from './term-dictionary.js';

/** The closest dictionary term to a misspelt one (see {@link SpellingDictionary}). */
export interface ClosestTerm {
  term: string;
  distance: number;
  frequency: number;
}

/** A library's term dictionary, for correcting query words it does not know. */
export interface SpellingDictionary {
  /** Chunks containing the normalised term. */
  termFrequency(term: string): number;
  /** The most frequent term within `edits` of `term` found in at least `minFrequency` chunks. */
  closestTerm(term: string, edits: number, minFrequency: number): ClosestTerm | null | undefined;
}

/** A query word replaced by a word the index knows. */
export interface Correction {
  /** The word as typed. */
  from: string;
  /** The word searched instead. */
  to: string;
}

/** When a query term counts as unknown and how far a correction may be from it. */
export const SPELLING_SETTINGS = Object.freeze({
  /** Shorter terms are never corrected (too many near neighbours). */
  minLength: 4,
  /** Terms of at least this length may be two edits away from their correction; shorter ones one. */
  twoEditsFrom: 7,
  /** A known term found in at most this many chunks still counts as (barely) unknown... */
  rareFrequency: 2,
  /** ...when a correction is found in at least this many times more chunks. */
  rareRatio: 50,
  /** A correction is a term found in at least this many chunks. */
  minCorrectionFrequency: 3,
});

/**
 * The terms of a dictionary that a correction may lead to (found in at least `minFrequency`
 * chunks), grouped by length: built once per index, so a correction looks at a few thousand
 * candidates of about the right length instead of every term.
 */
export class CorrectionCandidates {
  private readonly byLength = new Map<number, { positions: number[]; codes: number[][]; letters: number[] }>();

  constructor(
    private readonly dictionary: TermDictionary,
    private readonly frequency: (position: number) => number,
    readonly minFrequency: number,
  ) {
    for (let position = 0; position < dictionary.size; position++) {
      if (frequency(position) < minFrequency) continue;
      const codes = Array.from(dictionary.term(position), (ch) => ch.codePointAt(0)!);
      const group = this.byLength.get(codes.length) ?? { positions: [], codes: [], letters: [] };
      group.positions.push(position);
      group.codes.push(codes);
      group.letters.push(letterSet(codes));
      this.byLength.set(codes.length, group);
    }
  }

  /**
   * The closest candidate to `term` within `maxDistance` edits (optimal string alignment) and
   * found in at least `minFrequency` chunks, ties to the more frequent; null when there is none.
   */
  closest(term: string, maxDistance: number, minFrequency: number): { term: string; distance: number; frequency: number } | null {
    const target = Array.from(term, (ch) => ch.codePointAt(0)!);
    const targetLetters = letterSet(target);
    const rows = new DistanceRows(target.length + maxDistance + 1);
    let best: { position: number; distance: number; frequency: number } | null = null;
    for (let length = target.length - maxDistance; length <= target.length + maxDistance; length++) {
      const group = this.byLength.get(length);
      if (!group) continue;
      group.codes.forEach((codes, i) => {
        const limit = best ? best.distance : maxDistance;
        // One edit changes at most two letters of the set (a substitution: one out, one in).
        if (bitCount(targetLetters ^ group.letters[i]!) > 2 * limit) return;
        const distance = boundedDistance(target, codes, limit, rows);
        if (distance === 0 || distance > limit) return;
        const position = group.positions[i]!;
        const count = this.frequency(position);
        if (count < minFrequency) return;
        if (!best || distance < best.distance || count > best.frequency) best = { position, distance, frequency: count };
      });
    }
    if (!best) return null;
    const found: { position: number; distance: number; frequency: number } = best;
    return { term: this.dictionary.term(found.position), distance: found.distance, frequency: found.frequency };
  }
}

/**
 * The letters a term holds, as 32 bits (a code point sets bit `code % 32`): the sets of two terms
 * within `d` edits differ in at most `2d` bits, so most candidates are ruled out without aligning
 * them. Letters sharing a bit only make the test weaker, never wrong.
 */
function letterSet(codes: readonly number[]): number {
  let set = 0;
  for (const code of codes) set |= 1 << (code & 31);
  return set;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The three rows `boundedDistance` works in, made once for many comparisons. */
export class DistanceRows {
  before: Int32Array;
  previous: Int32Array;
  current: Int32Array;
  constructor(readonly size: number) {
    this.before = new Int32Array(size);
    this.previous = new Int32Array(size);
    this.current = new Int32Array(size);
  }
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions) between two code
 * sequences, or `limit + 1` as soon as it must exceed `limit`.
 */
export function boundedDistance(a: ArrayLike<number>, b: ArrayLike<number>, limit: number, rows = new DistanceRows(b.length + 1)): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  if (rows.size < m + 1) rows = new DistanceRows(m + 1);
  let { before, previous, current } = rows;
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[m]! > limit ? limit + 1 : previous[m]!;
}

/** How many edits a correction of a term of this length may make (0: never corrected). */
export function allowedEdits(term: string): number {
  if (!/^[a-z]+$/.test(term) || term.length < SPELLING_SETTINGS.minLength) return 0;
  return term.length >= SPELLING_SETTINGS.twoEditsFrom ? 2 : 1;
}

/**
 * The surface word to show for a corrected stem: the typed word with its stem swapped when the
 * stem is a prefix of it ("confgure" → "configure"), else the first one-edit variant of the word
 * that stems to the correction, else the stem itself.
 */
export function surfaceOf(word: string, typedStem: string, correctedStem: string, stem: (word: string) => string | null): string {
  const lower = word.toLowerCase();
  if (lower.startsWith(typedStem)) return correctedStem + lower.slice(typedStem.length);
  for (const variant of oneEditVariants(lower)) if (stem(variant) === correctedStem) return variant;
  return correctedStem;
}

/** Every string one edit (deletion, transposition, substitution or insertion of a-z) away from `word`. */
export function* oneEditVariants(word: string): Generator<string> {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) yield head + tail.slice(1);
    if (tail.length > 1) yield head + tail[1] + tail[0] + tail.slice(2);
    for (const letter of letters) {
      if (tail) yield head + letter + tail.slice(1);
      yield head + letter + tail;
    }
  }
}
