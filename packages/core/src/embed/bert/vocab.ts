import { McdeweyError } from '../../errors.js';

const LETTERS = Array.from('abcdefghijklmnopqrstuvwxyz');
const DIGITS = Array.from('0123456789');
const PUNCTUATION = Array.from('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
/** BERT's uncased vocabulary has `[unused0]`…`[unused98]` between `[PAD]` and `[UNK]`. */
const UNUSED_BEFORE_UNK = 99;

/**
 * A WordPiece vocabulary of exactly `size` tokens laid out like BERT's uncased one: `[PAD]` = 0,
 * `[unused0]`… , `[UNK]` = 100, `[CLS]` = 101, `[SEP]` = 102, `[MASK]` = 103; then single
 * characters, `words` (lower-cased, split at non-alphanumerics, de-duplicated, most useful first;
 * those that do not fit are dropped), and to fill the rest `##` pieces and words of two, then three letters.
 * Any ASCII text tokenizes; words outside `words` are spelt from pieces, as BERT spells rare words.
 */
export function buildBertVocab(words: readonly string[], size: number): string[] {
  const vocab: string[] = ['[PAD]'];
  for (let i = 0; i < UNUSED_BEFORE_UNK; i++) vocab.push(`[unused${i}]`);
  vocab.push('[UNK]', '[CLS]', '[SEP]', '[MASK]');
  const seen = new Set(vocab);
  const add = (token: string) => {
    if (vocab.length < size && !seen.has(token)) {
      seen.add(token);
      vocab.push(token);
    }
  };
  for (const single of [...PUNCTUATION, ...DIGITS, ...LETTERS]) add(single);
  for (const single of [...DIGITS, ...LETTERS]) add(`##${single}`);
  if (vocab.length >= size) throw new McdeweyError('INVALID_ARGUMENT', `a BERT vocabulary needs more than ${vocab.length} tokens, got vocabSize ${size}`);
  // Two-letter pieces first: with them every word is at most about half as many tokens as letters.
  const pairs = LETTERS.flatMap((a) => LETTERS.map((b) => a + b));
  for (const pair of pairs) add(`##${pair}`);
  for (const word of words) {
    for (const piece of word.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (piece) add(piece);
  }
  for (const pair of pairs) add(pair);
  for (const pair of pairs) for (const letter of LETTERS) add(`##${pair}${letter}`);
  for (const pair of pairs) for (const letter of LETTERS) add(`${pair}${letter}`);
  if (vocab.length < size) throw new McdeweyError('INVALID_ARGUMENT', `cannot fill a BERT vocabulary of ${size} tokens (made ${vocab.length})`);
  return vocab;
}
