/**
 * Word vectors from co-occurrence: PPMI over a ±window co-occurrence matrix plus heading contexts
 * (each passage's heading words with the words of its text; context smoothing α),
 * a truncated randomized SVD, `U Σ^p` rows normalised, each row scaled by the SIF weight
 * `a / (a + p(w))` and the passages' common component removed, so that summing a text's rows
 * gives its SIF sentence vector.
 */
import { McdeweyError } from '../../errors.js';
import { SPECIAL_TOKENS } from '../test-model.js';
import { countHeadContexts, countPairs, symmetricMatrix } from './cooccurrence.js';
import { compareStrings } from './pieces.js';
import type { TrainerSettings } from './settings.js';
import { csrOperator, randomizedSvd, symmetricEigen } from './svd.js';
import { MAX_WORD_CHARS, basicTokens, isPunctuation } from './tokenize.js';

/** `details.reason` of the error training throws for a corpus too small to train on. */
export const TOO_LITTLE_TEXT = 'too-little-text';

/** A stage of training, for progress display. */
export type TrainStage = 'tokenize' | 'cooccur' | 'svd' | 'finish';

/** Word vectors and what the later steps need of the corpus. */
export interface WordVectors {
  /** Words with a row, most frequent first. */
  words: string[];
  /** Row-major words × dims: SIF-weighted, common component removed. */
  vectors: Float64Array;
  /** Every distinct word of the corpus (with a row or not). */
  types: string[];
  /** Word tokens in all (punctuation left out). */
  tokens: number;
  /** Distinct co-occurring word pairs, positive PPMI entries, leading singular values. */
  pairs: number;
  nonZeros: number;
  singularValues: number[];
}

/** Single-character rows every model has, as a word start and as `##` continuation. */
export const LETTERS = Array.from('abcdefghijklmnopqrstuvwxyz0123456789');
/** Punctuation rows every model has. */
export const ASCII_PUNCTUATION = Array.from('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
/** Rows that do not depend on the corpus: special tokens, letters and `##` letters, punctuation. */
const FIXED_ROWS = SPECIAL_TOKENS.length + 2 * LETTERS.length + ASCII_PUNCTUATION.length;
/** Characters of the corpus's words added as pieces at most (so rarer scripts still spell). */
export const MAX_EXTRA_CHARACTERS = 1000;
const MAX_WORD_ID = 0xfffe;

/**
 * Steps 1 to 5 of training: words, co-occurrence (window and heading contexts), PPMI, SVD, SIF weights.
 * @throws McdeweyError `INVALID_ARGUMENT` (reason {@link TOO_LITTLE_TEXT}) for texts with too few words.
 */
export function trainWordVectors(texts: readonly string[], settings: TrainerSettings, progress: (stage: TrainStage, done: number, total: number) => void): WordVectors {
  const { dims } = settings;

  // 1. Words and their counts; each text becomes a sequence of word-type ids.
  const typeIds = new Map<string, number>();
  const typeNames: string[] = [];
  const typeCounts: number[] = [];
  const typeSequences: Uint32Array[] = [];
  let tokens = 0;
  // A passage's first line is its heading line (see `passageText`); its length is kept for the heading contexts.
  const headLengths = new Uint32Array(texts.length);
  for (const [index, text] of texts.entries()) {
    const ids: number[] = [];
    const read = (part: string) => {
      for (const token of basicTokens(part)) {
        if (token.length > MAX_WORD_CHARS || isPunctuation(token)) continue;
        let id = typeIds.get(token);
        if (id === undefined) {
          id = typeNames.length;
          typeIds.set(token, id);
          typeNames.push(token);
          typeCounts.push(0);
        }
        typeCounts[id]!++;
        ids.push(id);
      }
    };
    // Tokens never span a line break, so the two halves give the tokens of the whole text.
    const cut = text.indexOf('\n');
    if (cut < 0) read(text);
    else {
      read(text.slice(0, cut));
      headLengths[index] = ids.length;
      read(text.slice(cut + 1));
    }
    tokens += ids.length;
    typeSequences.push(Uint32Array.from(ids));
    if (index % 500 === 0) progress('tokenize', index, texts.length);
  }
  progress('tokenize', texts.length, texts.length);

  // 2. The vocabulary: the most frequent words, as many as the size budget allows.
  const budgetRows = Math.floor(settings.maxModelBytes / (4 * dims)) - FIXED_ROWS - MAX_EXTRA_CHARACTERS;
  const maxWords = Math.min(settings.maxWords, MAX_WORD_ID, Math.floor(budgetRows / (1 + settings.pieceFraction)));
  const candidates = typeNames.map((_, id) => id).filter((id) => typeCounts[id]! >= settings.minCount);
  candidates.sort((a, b) => typeCounts[b]! - typeCounts[a]! || compareStrings(typeNames[a]!, typeNames[b]!));
  const wordTypes = candidates.slice(0, Math.max(0, maxWords));
  if (wordTypes.length < dims + settings.oversample) {
    throw new McdeweyError(
      'INVALID_ARGUMENT',
      `Too little text to train an embedding model: ${wordTypes.length} words occur at least ${settings.minCount} times, ${dims + settings.oversample} are needed for ${dims} dimensions`,
      { details: { reason: TOO_LITTLE_TEXT, words: wordTypes.length, dims } },
    );
  }
  const words = wordTypes.map((id) => typeNames[id]!);
  const wordOfType = new Int32Array(typeNames.length).fill(-1);
  wordTypes.forEach((type, word) => (wordOfType[type] = word));
  const sequences = typeSequences.map((ids, index) => {
    const kept: number[] = [];
    let keptHead = 0;
    ids.forEach((id, at) => {
      if (wordOfType[id]! < 0) return;
      kept.push(wordOfType[id]!);
      if (at < headLengths[index]!) keptHead++;
    });
    headLengths[index] = keptHead; // now counted in kept words
    return Uint32Array.from(kept);
  });
  typeSequences.length = 0;

  // 3. Co-occurrence counts (window, then heading contexts) and PPMI with context-distribution smoothing.
  let seen = 0;
  const pairs = countPairs(sequences, words.length, settings.window, () => {
    if (++seen % 500 === 0) progress('cooccur', seen, sequences.length);
  });
  countHeadContexts(pairs, sequences, headLengths, settings.headContextWeight);
  progress('cooccur', sequences.length, sequences.length);
  const pairCount = pairs.size;
  const counts = symmetricMatrix(pairs, words.length);
  const ppmi = positivePmi(counts.rowStart, counts.col, counts.value, words.length, settings.contextSmoothing);

  // 4. Truncated SVD of the PPMI matrix; word vectors U Σ^p, unit length.
  const svd = randomizedSvd(csrOperator(words.length, ppmi.rowStart, ppmi.col, ppmi.forward, ppmi.backward), {
    rank: dims,
    oversample: settings.oversample,
    powerIterations: settings.powerIterations,
    seed: settings.seed,
    onStep: (done, total) => progress('svd', done, total),
  });
  progress('finish', 0, 1);
  const vectors = new Float64Array(words.length * dims);
  for (let i = 0; i < words.length; i++) {
    for (let k = 0; k < dims; k++) {
      const weight = svd.s[k]! ** settings.eigenvalueWeight;
      vectors[i * dims + k] = svd.u[i * dims + k]! * weight + (settings.addContextVectors ? svd.v[i * dims + k]! * weight : 0);
    }
    normalizeRow(vectors, i, dims);
  }

  // 5. SIF: weight a / (a + p(w)) per row, then remove the passages' leading common directions.
  const sif = (count: number) => settings.sifA / (settings.sifA + count / Math.max(1, tokens));
  for (let i = 0; i < words.length; i++) {
    const weight = sif(typeCounts[wordTypes[i]!]!);
    for (let k = 0; k < dims; k++) vectors[i * dims + k]! *= weight;
  }
  removeCommonComponents(vectors, dims, sequences, settings.removeComponents);

  return {
    words,
    vectors,
    types: typeNames,
    tokens,
    pairs: pairCount,
    nonZeros: ppmi.nonZeros,
    singularValues: Array.from(svd.s.slice(0, 8), (value) => Math.round(value * 1e4) / 1e4),
  };
}

/**
 * Positive PMI of a symmetric count matrix, with the context distribution smoothed by α:
 * `max(0, log(#(w,c) · Σ#(c')^α / (#(w) · #(c)^α)))`. Smoothing makes it asymmetric, so both
 * the matrix (`forward`) and its transpose (`backward`) are given, on one shared pattern that
 * keeps entries positive in either.
 */
function positivePmi(rowStart: Uint32Array, col: Uint32Array, value: Float32Array, size: number, alpha: number) {
  const rowSum = new Float64Array(size);
  for (let i = 0; i < size; i++) for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) rowSum[i]! += value[k]!;
  let smoothedTotal = 0;
  for (let i = 0; i < size; i++) smoothedTotal += rowSum[i]! ** alpha;
  const logTotal = Math.log(smoothedTotal);
  const logSum = rowSum.map((sum) => (sum > 0 ? Math.log(sum) : 0));
  const pmi = (k: number, w: number, c: number) => Math.log(value[k]!) + logTotal - logSum[w]! - alpha * logSum[c]!;

  let nonZeros = 0;
  let kept = 0;
  for (let i = 0; i < size; i++) {
    for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) {
      const j = col[k]!;
      const forward = pmi(k, i, j) > 0;
      const backward = pmi(k, j, i) > 0;
      if (forward) nonZeros++;
      if (forward || backward) kept++;
    }
  }
  const out = { rowStart: new Uint32Array(size + 1), col: new Uint32Array(kept), forward: new Float32Array(kept), backward: new Float32Array(kept), nonZeros };
  let at = 0;
  for (let i = 0; i < size; i++) {
    for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) {
      const j = col[k]!;
      const forward = pmi(k, i, j);
      const backward = pmi(k, j, i);
      if (forward <= 0 && backward <= 0) continue;
      out.col[at] = j;
      out.forward[at] = Math.max(0, forward);
      out.backward[at] = Math.max(0, backward);
      at++;
    }
    out.rowStart[i + 1] = at;
  }
  return out;
}

/**
 * Removes from every row its projection on the `count` leading principal directions of the
 * passage vectors (unit-length sums of the passages' rows), as SIF does with sentence vectors.
 * Mean pooling is linear, so removing them from the rows removes them from every passage.
 */
function removeCommonComponents(rows: Float64Array, dims: number, sequences: readonly Uint32Array[], count: number): void {
  if (count === 0) return;
  const scatter = new Float64Array(dims * dims);
  const passage = new Float64Array(dims);
  for (const ids of sequences) {
    passage.fill(0);
    for (const id of ids) for (let k = 0; k < dims; k++) passage[k]! += rows[id * dims + k]!;
    let norm = 0;
    for (let k = 0; k < dims; k++) norm += passage[k]! ** 2;
    if (norm === 0) continue;
    const scale = 1 / norm;
    for (let a = 0; a < dims; a++) {
      const pa = passage[a]! * scale;
      if (pa === 0) continue;
      for (let b = a; b < dims; b++) scatter[a * dims + b]! += pa * passage[b]!;
    }
  }
  for (let a = 0; a < dims; a++) for (let b = 0; b < a; b++) scatter[a * dims + b] = scatter[b * dims + a]!;
  const { vectors } = symmetricEigen(scatter, dims);
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < rows.length / dims; i++) {
      let dot = 0;
      for (let k = 0; k < dims; k++) dot += rows[i * dims + k]! * vectors[k * dims + c]!;
      for (let k = 0; k < dims; k++) rows[i * dims + k]! -= dot * vectors[k * dims + c]!;
    }
  }
}

function normalizeRow(rows: Float64Array, row: number, dims: number): void {
  let norm = 0;
  for (let k = 0; k < dims; k++) norm += rows[row * dims + k]! ** 2;
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (let k = 0; k < dims; k++) rows[row * dims + k]! *= scale;
}
