/**
 * Training pairs from a corpus's own structure. Ingest gives the embedder each chunk as its place
 * in the document on the first line (`title › heading › heading`, see `passageText`) and its text
 * below; a heading is a short statement of what the text under it answers, the closest thing to a
 * user's question the corpus holds. Each passage yields the pair (its first line, the rest) with
 * leading repeats of the heading or title taken off the rest, so that a pair is not matched by
 * copied words alone. A text of one line yields no pair.
 */
import { basicTokens, isPunctuation, MAX_WORD_CHARS } from './tokenize.js';

/** A (heading, text) pair as word ids, and the group of pairs that share a heading. */
export interface StructurePair {
  /** Word ids of the first line: title and heading path. */
  query: Uint32Array;
  /** Word ids of the text below it. */
  passage: Uint32Array;
  /** Pairs with the same heading line share a group; they are never each other's negatives. */
  group: number;
}

/** Options of {@link structurePairs}. */
export interface StructurePairOptions {
  /** Fewest words the heading side needs. Default 1. */
  minQueryWords?: number;
  /** Fewest words the text side needs (after the repeats are taken off). Default 8. */
  minPassageWords?: number;
  /** The heading side: the whole line (`path`, title and headings) or the nearest heading alone. Default `path`. */
  query?: 'path' | 'heading';
}

/** The separator `passageText` puts between the title and the headings. */
const PATH_SEPARATOR = ' › ';

/** Splits a passage at its first line break: the heading line and the text (empty when none). */
export function splitPassage(text: string): { head: string; body: string } {
  const cut = text.indexOf('\n');
  return cut < 0 ? { head: text, body: '' } : { head: text.slice(0, cut), body: text.slice(cut + 1) };
}

/** The tokens of `text` that count as words (what training's word sequences hold). */
export function wordTokens(text: string): string[] {
  return basicTokens(text).filter((token) => token.length <= MAX_WORD_CHARS && !isPunctuation(token));
}

/**
 * One pair per passage with a heading line and enough text. `wordId` maps a word to its id, or
 * to -1 for a word without a row (left out of both sides).
 */
export function structurePairs(texts: readonly string[], wordId: (word: string) => number, options: StructurePairOptions = {}): StructurePair[] {
  const minQuery = options.minQueryWords ?? 1;
  const minPassage = options.minPassageWords ?? 8;
  const ids = (tokens: readonly string[]) => tokens.map(wordId).filter((id) => id >= 0);
  const groups = new Map<string, number>();
  const pairs: StructurePair[] = [];
  for (const text of texts) {
    const { head, body } = splitPassage(text);
    if (body === '') continue;
    const segments = head.split(PATH_SEPARATOR);
    const query = ids(wordTokens(options.query === 'heading' ? segments[segments.length - 1]! : head));
    let passage = ids(wordTokens(body));
    // Chunk texts often open with their heading (or the document title) again.
    for (const segment of new Set([segments[segments.length - 1]!, segments[0]!])) {
      const repeat = ids(wordTokens(segment));
      while (repeat.length > 0 && startsWith(passage, repeat)) passage = passage.slice(repeat.length);
    }
    if (query.length < minQuery || passage.length < minPassage) continue;
    const key = query.join(' ');
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = groups.size));
    pairs.push({ query: Uint32Array.from(query), passage: Uint32Array.from(passage), group });
  }
  return pairs;
}

/** Options of {@link sentencePairs}. */
export interface SentencePairOptions {
  /** Shortest and longest sentence taken as a query, in words. Default 6 and 40. */
  minSentenceWords?: number;
  maxSentenceWords?: number;
  /** Fewest words the rest of the passage needs. Default 16. */
  minPassageWords?: number;
}

const SENTENCE_END = /(?<=[.!?;:])\s+|\n+/u;

/**
 * Inverse-cloze pairs (Lee, Chang and Toutanova 2019): one sentence of a passage, drawn with the
 * seeded `random`, against the passage without it (its heading line kept), so that the pair is
 * matched by what surrounds the sentence rather than by its own words.
 */
export function sentencePairs(texts: readonly string[], wordId: (word: string) => number, random: () => number, options: SentencePairOptions = {}): StructurePair[] {
  const minSentence = options.minSentenceWords ?? 6;
  const maxSentence = options.maxSentenceWords ?? 40;
  const minPassage = options.minPassageWords ?? 16;
  const ids = (text: string) => wordTokens(text).map(wordId).filter((id) => id >= 0);
  const groups = new Map<string, number>();
  const pairs: StructurePair[] = [];
  for (const text of texts) {
    const { head, body } = splitPassage(text);
    const sentences = body.split(SENTENCE_END).map(ids);
    const candidates = sentences.map((words, i) => i).filter((i) => sentences[i]!.length >= minSentence && sentences[i]!.length <= maxSentence);
    const pick = random();
    if (candidates.length === 0) continue;
    const chosen = candidates[Math.floor(pick * candidates.length)]!;
    const passage = [...ids(head), ...sentences.flatMap((words, i) => (i === chosen ? [] : words))];
    if (passage.length < minPassage) continue;
    const query = sentences[chosen]!;
    const key = query.join(' ');
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = groups.size));
    pairs.push({ query: Uint32Array.from(query), passage: Uint32Array.from(passage), group });
  }
  return pairs;
}

function startsWith(sequence: readonly number[], prefix: readonly number[]): boolean {
  if (prefix.length > sequence.length) return false;
  for (let i = 0; i < prefix.length; i++) if (sequence[i] !== prefix[i]) return false;
  return true;
}
