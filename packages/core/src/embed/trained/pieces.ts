/**
 * Subword pieces for words the model has no row for. WordPiece spells an unknown word as the
 * longest vocabulary entry it starts with, then `##` continuations. The word-start pieces added
 * here are the longest prefixes that corpus words share with a vocabulary word (`restor` for
 * restoring / restore), the `##` pieces common word endings (`##ation`). A piece's vector is the
 * mean direction of the vocabulary words that start (or end) with it, so an unseen `restoring`
 * lands near `restore`, and a piece shared by unrelated words ends up short.
 */

/** Options of {@link choosePieces}. */
export interface PieceOptions {
  /** Word-start pieces to add at most. */
  maxPrefixes: number;
  /** `##` pieces to add at most. */
  maxSuffixes: number;
  /** Shortest word-start piece, in characters. Default 4. */
  minPrefixLength?: number;
  /** Shortest and longest `##` piece, in characters (without `##`). Default 2 and 6. */
  minSuffixLength?: number;
  maxSuffixLength?: number;
  /** Vocabulary words that must end with a `##` piece for it to be added. Default 3. */
  minSuffixWords?: number;
}

/**
 * Word-start and `##` pieces for a vocabulary of whole `words`, learnt from `types` (every
 * distinct word of the corpus, in the vocabulary or not). Most used first; ties go to the longer,
 * then the alphabetically first piece, so the choice is deterministic.
 */
export function choosePieces(words: readonly string[], types: Iterable<string>, options: PieceOptions): { prefixes: string[]; suffixes: string[] } {
  const minPrefix = options.minPrefixLength ?? 4;
  const wordSet = new Set(words);
  const sorted = [...words].sort(compareStrings);

  // The longest prefix a type shares with another vocabulary word is a neighbour's in sorted order.
  const prefixUse = new Map<string, number>();
  for (const type of types) {
    const at = lowerBound(sorted, type);
    let best = '';
    for (const neighbour of [sorted[at - 1], sorted[at], sorted[at + 1]]) {
      if (neighbour === undefined || neighbour === type) continue;
      const shared = commonPrefix(type, neighbour);
      if (shared.length > best.length) best = shared;
    }
    if ([...best].length < minPrefix || wordSet.has(best)) continue;
    prefixUse.set(best, (prefixUse.get(best) ?? 0) + 1);
  }

  const minSuffix = options.minSuffixLength ?? 2;
  const maxSuffix = options.maxSuffixLength ?? 6;
  const suffixUse = new Map<string, number>();
  for (const word of words) {
    const chars = [...word];
    for (let length = minSuffix; length <= Math.min(maxSuffix, chars.length - 1); length++) {
      const piece = chars.slice(chars.length - length).join('');
      suffixUse.set(piece, (suffixUse.get(piece) ?? 0) + 1);
    }
  }
  const minSuffixWords = options.minSuffixWords ?? 3;
  return {
    prefixes: ranked(prefixUse, 1, options.maxPrefixes),
    suffixes: ranked(suffixUse, minSuffixWords, options.maxSuffixes).map((piece) => `##${piece}`),
  };
}

/**
 * The mean unit direction of the rows of the words a piece stands for, per piece: word-start
 * pieces by the words that start with them, `##` pieces by the words that end with them. Its
 * length (at most 1) says how much those words agree.
 */
export function pieceDirections(pieces: readonly string[], words: readonly string[], rows: ArrayLike<number>, dims: number): Map<string, Float64Array> {
  const directions = new Map<string, Float64Array>();
  const members = new Map<string, number[]>();
  const starts = new Map<string, string>();
  const ends = new Map<string, string>();
  for (const piece of pieces) {
    if (piece.startsWith('##')) ends.set(piece.slice(2), piece);
    else starts.set(piece, piece);
    members.set(piece, []);
  }
  const lengths = (table: Map<string, string>) => [...new Set([...table.keys()].map((key) => [...key].length))];
  const startLengths = lengths(starts);
  const endLengths = lengths(ends);
  words.forEach((word, id) => {
    const chars = [...word];
    for (const length of startLengths) {
      if (length >= chars.length) continue;
      const piece = starts.get(chars.slice(0, length).join(''));
      if (piece) members.get(piece)!.push(id);
    }
    for (const length of endLengths) {
      if (length >= chars.length) continue;
      const piece = ends.get(chars.slice(chars.length - length).join(''));
      if (piece) members.get(piece)!.push(id);
    }
  });
  for (const piece of pieces) {
    const ids = members.get(piece)!;
    const mean = new Float64Array(dims);
    for (const id of ids) {
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += rows[id * dims + d]! ** 2;
      norm = Math.sqrt(norm);
      if (norm === 0) continue;
      for (let d = 0; d < dims; d++) mean[d]! += rows[id * dims + d]! / norm / ids.length;
    }
    directions.set(piece, mean);
  }
  return directions;
}

function ranked(use: Map<string, number>, minimum: number, limit: number): string[] {
  return [...use]
    .filter(([, count]) => count >= minimum)
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || compareStrings(a[0], b[0]))
    .slice(0, Math.max(0, limit))
    .map(([piece]) => piece);
}

function commonPrefix(a: string, b: string): string {
  const x = [...a];
  const y = [...b];
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return x.slice(0, n).join('');
}

/** First index whose word is not below `word`. */
function lowerBound(sorted: readonly string[], word: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Code-unit order: the same on every machine, unlike `localeCompare`. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
