/**
 * The text-to-word steps of the BERT WordPiece tokenizer that `writeEmbeddingModelFolder`
 * writes (`BertNormalizer` with lower-casing, then `BertPreTokenizer`), mirrored here so that
 * training counts the same words the model will later look up. The WordPiece step itself is
 * {@link wordPieces}.
 */

/** Punctuation as BertPreTokenizer defines it: Unicode P* plus the ASCII symbol ranges. */
const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const PRE_TOKEN = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, 'gu');
const PUNCTUATION_ONLY = new RegExp(`^[${PUNCTUATION}]$`, 'u');
/** Removed by BertNormalizer's clean_text: NUL, U+FFFD and control/format/private/surrogate characters except tab and newlines. */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters BertNormalizer removes.
const REMOVED = /[\u0000\uFFFD]|(?![\t\n\r])[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;
/** CJK ideographs (BMP ranges), which BertNormalizer surrounds with spaces. */
const CJK = /([\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF])/g;
const COMBINING_MARK = /\p{Mn}/gu;

/** Longest word WordPiece looks at; longer ones become `[UNK]`. */
export const MAX_WORD_CHARS = 100;

/**
 * Lower-cased, accent-stripped words and punctuation marks of `text`, in order, exactly as the
 * model's tokenizer splits them before WordPiece.
 */
export function basicTokens(text: string): string[] {
  const normalized = text.replace(REMOVED, '').replace(CJK, ' $1 ').toLowerCase().normalize('NFD').replace(COMBINING_MARK, '');
  return normalized.trim().match(PRE_TOKEN) ?? [];
}

/** True for a single punctuation mark (a token that carries no topic). */
export function isPunctuation(token: string): boolean {
  return PUNCTUATION_ONLY.test(token);
}

/**
 * WordPiece as transformers.js runs it: the longest vocabulary entry that starts the word, then
 * repeatedly the longest `##` continuation. Returns undefined where the word cannot be spelt
 * (it becomes `[UNK]`).
 */
export function wordPieces(word: string, has: (token: string) => boolean): string[] | undefined {
  const chars = [...word];
  if (chars.length > MAX_WORD_CHARS) return undefined;
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    let found: string | undefined;
    while (start < end) {
      const piece = (start > 0 ? '##' : '') + chars.slice(start, end).join('');
      if (has(piece)) {
        found = piece;
        break;
      }
      end--;
    }
    if (found === undefined) return undefined;
    pieces.push(found);
    start = end;
  }
  return pieces;
}
