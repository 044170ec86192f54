import { estimateTokens } from './tokens.js';

/** A `[start, end)` range of a text. */
export interface Range {
  start: number;
  end: number;
}

/** From coarse to fine: lines, sentences, words. A piece still too long after words is cut by characters. */
export const PROSE_SEPARATORS: readonly RegExp[] = [/\n+/g, /(?<=[.!?;:])\s+/g, /\s+/g];

/**
 * For code and preformatted text: blank lines (paragraph ends), then line ends that close a
 * sentence, then sentence ends inside a line where a capital follows (preformatted prose is
 * wrapped at a fixed width, its sentences run across lines), then any line end, then words.
 */
export const CODE_SEPARATORS: readonly RegExp[] = [/\n[ \t]*\n\s*/g, /(?<=[.!?;:])[ \t]*\n/g, /(?<=[.!?])\s+(?=\p{Lu})/gu, /\n/g, /\s+/g];

/**
 * Cuts `text[start, end)` into consecutive ranges of at most `maxTokens` estimated tokens,
 * preferring the coarsest of `separators` (default `PROSE_SEPARATORS`: line, then sentence, then
 * word boundaries). Ranges never start or end in whitespace.
 */
export function splitRange(text: string, range: Range, maxTokens: number, separators: readonly RegExp[] = PROSE_SEPARATORS, level = 0): Range[] {
  const trimmed = trimRange(text, range);
  if (trimmed.end <= trimmed.start) return [];
  if (estimateTokens(text.slice(trimmed.start, trimmed.end)) <= maxTokens) return [trimmed];
  const separator = separators[level];
  if (!separator) return cutByCharacters(text, trimmed, maxTokens);

  const segments: Range[] = [];
  let cursor = trimmed.start;
  const slice = text.slice(trimmed.start, trimmed.end);
  for (const match of slice.matchAll(separator)) {
    const at = trimmed.start + (match.index ?? 0);
    segments.push({ start: cursor, end: at });
    cursor = at + match[0].length;
  }
  segments.push({ start: cursor, end: trimmed.end });

  const pieces = segments.flatMap((segment) => splitRange(text, segment, maxTokens, separators, level + 1));
  return packRanges(text, pieces, maxTokens);
}

/** Greedily joins consecutive ranges while the joined text stays within `maxTokens`. */
function packRanges(text: string, pieces: Range[], maxTokens: number): Range[] {
  const packed: Range[] = [];
  let current: Range | undefined;
  let currentTokens = 0;
  for (const piece of pieces) {
    const tokens = estimateTokens(text.slice(piece.start, piece.end));
    const joined = current ? joinedTokens(text, current, currentTokens, piece, tokens) : Infinity;
    if (current && joined <= maxTokens) {
      current.end = piece.end;
      currentTokens = joined;
    } else {
      if (current) packed.push(current);
      current = { ...piece };
      currentTokens = tokens;
    }
  }
  if (current) packed.push(current);
  return packed;
}

/**
 * The estimate of `first` and `second` joined. Whitespace between them makes it the sum; pieces
 * cut inside a run touch, and the joined run may estimate higher than its parts.
 */
export function joinedTokens(text: string, first: Range, firstTokens: number, second: Range, secondTokens: number): number {
  if (second.start > first.end) return firstTokens + secondTokens;
  return estimateTokens(text.slice(first.start, second.end));
}

function cutByCharacters(text: string, range: Range, maxTokens: number): Range[] {
  // An unbroken run (a hash, base64, punctuation) has no boundary to prefer: take the longest
  // prefix that fits. The estimate of a prefix never shrinks as it grows, so a binary search works.
  const ranges: Range[] = [];
  let start = range.start;
  while (start < range.end) {
    let low = start + 1;
    let high = range.end;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (estimateTokens(text.slice(start, middle)) <= maxTokens) low = middle;
      else high = middle - 1;
    }
    // Never split a surrogate pair.
    const end = low < range.end && isLowSurrogate(text.charCodeAt(low)) && low - 1 > start ? low - 1 : low;
    ranges.push({ start, end });
    start = end;
  }
  return ranges;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function trimRange(text: string, range: Range): Range {
  let { start, end } = range;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
