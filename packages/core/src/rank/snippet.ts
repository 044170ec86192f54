/** A short passage of a chunk with the offsets of the words that match the query. */
export interface Snippet {
  text: string;
  /** `[start, end)` offsets into `text` of each matched word. */
  highlights: [number, number][];
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Picks the window of about `maxLength` characters that holds the most distinct query terms
 * and marks every matching word in it. `terms` are normalised terms (see `queryTerms`), and
 * `normalize` is what made them (core's `normalizeTerm`; the static site's own, same results).
 */
export function makeSnippet(text: string, terms: readonly string[], normalize: (word: string) => string | null, maxLength = 240): Snippet {
  const wanted = new Set(terms);
  const hits: { start: number; term: string }[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = normalize(match[0]);
    if (term && wanted.has(term)) hits.push({ start: match.index ?? 0, term });
  }
  const windowStart = bestWindowStart(hits, maxLength);
  let start = Math.max(0, windowStart - 40);
  if (start > 0) start = nextWordStart(text, start);
  let end = Math.min(text.length, start + maxLength);
  if (end < text.length) end = previousWordEnd(text, end, start);

  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  const snippetText = `${start > 0 ? '… ' : ''}${body}${end < text.length ? ' …' : ''}`;
  const highlights: [number, number][] = [];
  for (const match of snippetText.matchAll(WORD)) {
    const term = normalize(match[0]);
    if (term && wanted.has(term)) highlights.push([match.index ?? 0, (match.index ?? 0) + match[0].length]);
  }
  return { text: snippetText, highlights };
}

/**
 * Renders a snippet with its highlights wrapped in the given markers (`**`, ANSI bold).
 * Accepts a search result as it is (`snippet` and `highlights`).
 */
export function markSnippet(result: { snippet: string; highlights: readonly (readonly [number, number])[] }, open: string, close: string = open): string {
  let out = '';
  let cursor = 0;
  for (const [from, to] of result.highlights) {
    out += result.snippet.slice(cursor, from) + open + result.snippet.slice(from, to) + close;
    cursor = to;
  }
  return out + result.snippet.slice(cursor);
}

function bestWindowStart(hits: readonly { start: number; term: string }[], maxLength: number): number {
  let best = { start: 0, distinct: 0, count: 0 };
  let left = 0;
  for (let right = 0; right < hits.length; right++) {
    while (hits[right]!.start - hits[left]!.start > maxLength * 0.7) left++;
    const window = hits.slice(left, right + 1);
    const distinct = new Set(window.map((hit) => hit.term)).size;
    if (distinct > best.distinct || (distinct === best.distinct && window.length > best.count)) {
      best = { start: hits[left]!.start, distinct, count: window.length };
    }
  }
  return best.start;
}

function nextWordStart(text: string, at: number): number {
  const space = text.slice(at).search(/\s/);
  return space < 0 || space > 30 ? at : at + space + 1;
}

function previousWordEnd(text: string, at: number, floor: number): number {
  const cut = text.lastIndexOf(' ', at);
  return cut > floor + 20 ? cut : at;
}
