/**
 * Estimates how many WordPiece tokens a text becomes, erring high so that a chunk bounded by
 * this estimate fits the embedding model's window: short words count one token, long words and
 * identifiers one per five letters, digit runs one per two digits, every symbol one.
 */
export function estimateTokens(text: string): number {
  let count = 0;
  for (const match of text.matchAll(/\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/gu)) {
    const piece = match[0];
    if (/^\p{L}/u.test(piece)) count += piece.length <= 6 ? 1 : Math.ceil(piece.length / 5);
    else if (/^\p{N}/u.test(piece)) count += Math.ceil(piece.length / 2);
    else count += 1;
  }
  return count;
}
