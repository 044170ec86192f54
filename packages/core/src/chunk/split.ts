import { estimateTokens } from './tokens.js';

/** A `[start, end)` range of a text. */
export interface Range {
  start: number;
  end: number;
}

// From coarse to fine: lines, sentences, words. A piece still too long after words is cut by characters.
const SEPARATORS = [/\n+/g, /(?<=[.!?;:])\s+/g, /\s+/g];

/**
 * Cuts `text[start, end)` into consecutive ranges of at most `maxTokens` estimated tokens,
 * preferring line, then sentence, then word boundaries. Ranges never start or end in whitespace.
 */
export function splitRange(text: string, range: Range, maxTokens: number, level = 0): Range[] {
  const trimmed = trimRange(text, range);
  if (trimmed.end <= trimmed.start) return [];
  if (estimateTokens(text.slice(trimmed.start, trimmed.end)) <= maxTokens) return [trimmed];
  const separator = SEPARATORS[level];
  if (!separator) return cutByCharacters(trimmed, maxTokens);

  const segments: Range[] = [];
  let cursor = trimmed.start;
  const slice = text.slice(trimmed.start, trimmed.end);
  for (const match of slice.matchAll(separator)) {
    const at = trimmed.start + (match.index ?? 0);
    segments.push({ start: cursor, end: at });
    cursor = at + match[0].length;
  }
  segments.push({ start: cursor, end: trimmed.end });

  const pieces = segments.flatMap((segment) => splitRange(text, segment, maxTokens, level + 1));
  return packRanges(text, pieces, maxTokens);
}

/** Greedily joins consecutive ranges while the joined text stays within `maxTokens`. */
function packRanges(text: string, pieces: Range[], maxTokens: number): Range[] {
  const packed: Range[] = [];
  let current: Range | undefined;
  let currentTokens = 0;
  for (const piece of pieces) {
    const tokens = estimateTokens(text.slice(piece.start, piece.end));
    if (current && currentTokens + tokens <= maxTokens) {
      current.end = piece.end;
      currentTokens += tokens;
    } else {
      if (current) packed.push(current);
      current = { ...piece };
      currentTokens = tokens;
    }
  }
  if (current) packed.push(current);
  return packed;
}

function cutByCharacters(range: Range, maxTokens: number): Range[] {
  // An unbroken run (a hash, base64) estimates at about one token per two to five characters.
  const width = Math.max(1, maxTokens * 2);
  const ranges: Range[] = [];
  for (let start = range.start; start < range.end; start += width) {
    ranges.push({ start, end: Math.min(range.end, start + width) });
  }
  return ranges;
}

function trimRange(text: string, range: Range): Range {
  let { start, end } = range;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
