import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { McdeweyError } from '../../errors.js';
import { SPECIAL_TOKENS, writeEmbeddingModelFolder } from '../test-model.js';
import { countPairs, symmetricMatrix } from './cooccurrence.js';
import { choosePieces, compareStrings, pieceDirections } from './pieces.js';
import { csrOperator, randomizedSvd, symmetricEigen } from './svd.js';
import { MAX_WORD_CHARS, basicTokens, isPunctuation } from './tokenize.js';
import { TRAINED_MAX_TOKENS, TRAINED_MODEL_PREFIX } from './model-id.js';

export { TRAINED_FUSION_WEIGHTS, TRAINED_MODEL_PREFIX, isTrainedModelId } from './model-id.js';

/** `details.reason` of the error {@link trainEmbeddingModel} throws for a corpus too small to train on. */
export const TOO_LITTLE_TEXT = 'too-little-text';

/** Bumped when training changes, so a new trainer never reuses an old model's id. */
export const TRAINER_VERSION = 1;

/** Defaults of {@link trainEmbeddingModel}. */
export const TRAINER_DEFAULTS = Object.freeze({
  dims: 256,
  window: 5,
  minCount: 2,
  maxWords: 50_000,
  maxModelBytes: 18_000_000,
  pieceFraction: 0.1,
  contextSmoothing: 0.75,
  eigenvalueWeight: 0.5,
  addContextVectors: false,
  sifA: 1e-3,
  removeComponents: 1,
  powerIterations: 3,
  oversample: 16,
  seed: 1,
});

/** Settings of {@link trainEmbeddingModel}; every field has a default in {@link TRAINER_DEFAULTS}. */
export interface TrainerSettings {
  /** Width of the word vectors (the SVD rank). Default 256. */
  dims: number;
  /** Co-occurrence window, in words on each side. Default 5. */
  window: number;
  /** Occurrences a word needs to get its own vector; rarer words are spelt from pieces. Default 2. */
  minCount: number;
  /** Most words with their own vector (the most frequent win). Default 50,000. */
  maxWords: number;
  /** Bound on the embedding table (rows × dims × 4 bytes); lowers the word count when needed. Default 18,000,000. */
  maxModelBytes: number;
  /** Subword pieces per word of the vocabulary (word starts and `##` endings). Default 0.1. */
  pieceFraction: number;
  /** Context-distribution smoothing α of PPMI (`P(c) ∝ count(c)^α`). Default 0.75. */
  contextSmoothing: number;
  /** Word vectors are `U Σ^p`; this is p. Default 0.5. */
  eigenvalueWeight: number;
  /** Add the context vectors (`V Σ^p`) to the word vectors. Default false. */
  addContextVectors: boolean;
  /** The a of the SIF weight `a / (a + p(w))` baked into each word's row (mean pooling then gives SIF). Default 0.001. */
  sifA: number;
  /** Leading principal components of the passage vectors removed from every row (SIF's common component). Default 1. */
  removeComponents: number;
  /** Power iterations of the randomized SVD. Default 3. */
  powerIterations: number;
  /** Extra columns of the randomized SVD's test matrix. Default 16. */
  oversample: number;
  /** Seed of the randomized SVD. Default 1. */
  seed: number;
}

/** A step of training, for progress display. */
export interface TrainProgress {
  stage: 'tokenize' | 'cooccur' | 'svd' | 'finish';
  done: number;
  total: number;
}

/** Options of {@link trainEmbeddingModel}. */
export interface TrainEmbedderOptions extends Partial<TrainerSettings> {
  /** Called as training advances. */
  onProgress?: ((progress: TrainProgress) => void) | undefined;
}

/** What training saw and made. */
export interface TrainStats {
  texts: number;
  /** Word tokens (punctuation left out). */
  tokens: number;
  /** Distinct words. */
  types: number;
  /** Words with their own row. */
  words: number;
  /** Subword pieces with a learnt row. */
  pieces: number;
  /** Rows of the embedding table (words, pieces, letters, punctuation, special tokens). */
  rows: number;
  /** Distinct co-occurring word pairs. */
  pairs: number;
  /** Positive entries of the PPMI matrix. */
  nonZeros: number;
  /** The largest singular values of the PPMI matrix (up to 8). */
  singularValues: number[];
}

/** A trained model, ready for {@link writeTrainedModel}. */
export interface TrainedEmbeddingModel {
  /** `mcdewey-trained/<hash>`: the model id an index built with it records. */
  name: string;
  dims: number;
  /** WordPiece vocabulary in id order. */
  vocab: string[];
  /** Row-major `[vocab.length, dims]` embedding table. */
  embeddingMatrix: Float32Array;
  settings: TrainerSettings;
  stats: TrainStats;
}

const LETTERS = Array.from('abcdefghijklmnopqrstuvwxyz0123456789');
const ASCII_PUNCTUATION = Array.from('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
/** Rows that do not depend on the corpus: special tokens, letters and `##` letters, punctuation. */
const FIXED_ROWS = SPECIAL_TOKENS.length + 2 * LETTERS.length + ASCII_PUNCTUATION.length;
/** Characters of the corpus's words added as pieces at most (so rarer scripts still spell). */
const MAX_EXTRA_CHARACTERS = 1000;
const MAX_WORD_ID = 0xfffe;

/**
 * Trains word vectors from `texts` and packs them as an embedding table for a bag-of-words
 * model: PPMI over a ±window co-occurrence matrix (context smoothing α), a truncated randomized
 * SVD, `U Σ^p` rows normalised, each row scaled by the SIF weight `a / (a + p(w))` and the
 * passages' common component removed, so the model's mean pooling computes SIF sentence vectors.
 * Rarer words get pieces whose rows are the mean direction of the words sharing them. Same texts
 * and settings, same model, bit for bit.
 * @throws McdeweyError `INVALID_ARGUMENT` for bad settings or texts with too few words.
 */
export function trainEmbeddingModel(texts: readonly string[], options: TrainEmbedderOptions = {}): TrainedEmbeddingModel {
  const settings = resolveSettings(options);
  const progress = options.onProgress ?? (() => {});
  const { dims } = settings;

  // 1. Words and their counts; each text becomes a sequence of word-type ids.
  const name = modelName(texts, settings);
  const typeIds = new Map<string, number>();
  const typeNames: string[] = [];
  const typeCounts: number[] = [];
  const typeSequences: Uint32Array[] = [];
  let tokens = 0;
  for (const [index, text] of texts.entries()) {
    const ids: number[] = [];
    for (const token of basicTokens(text)) {
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
    tokens += ids.length;
    typeSequences.push(Uint32Array.from(ids));
    if (index % 500 === 0) progress({ stage: 'tokenize', done: index, total: texts.length });
  }
  progress({ stage: 'tokenize', done: texts.length, total: texts.length });

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
  const sequences = typeSequences.map((ids) => {
    const kept: number[] = [];
    for (const id of ids) if (wordOfType[id]! >= 0) kept.push(wordOfType[id]!);
    return Uint32Array.from(kept);
  });
  typeSequences.length = 0;

  // 3. Co-occurrence counts and PPMI with context-distribution smoothing.
  let seen = 0;
  const pairs = countPairs(sequences, words.length, settings.window, () => {
    if (++seen % 500 === 0) progress({ stage: 'cooccur', done: seen, total: sequences.length });
  });
  progress({ stage: 'cooccur', done: sequences.length, total: sequences.length });
  const pairCount = pairs.size;
  const counts = symmetricMatrix(pairs, words.length);
  const ppmi = positivePmi(counts.rowStart, counts.col, counts.value, words.length, settings.contextSmoothing);

  // 4. Truncated SVD of the PPMI matrix; word vectors U Σ^p, unit length.
  const svd = randomizedSvd(csrOperator(words.length, ppmi.rowStart, ppmi.col, ppmi.forward, ppmi.backward), {
    rank: dims,
    oversample: settings.oversample,
    powerIterations: settings.powerIterations,
    seed: settings.seed,
    onStep: (done, total) => progress({ stage: 'svd', done, total }),
  });
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

  // 6. Pieces for words without a row, and the vocabulary in id order.
  const pieceBudget = Math.floor(words.length * settings.pieceFraction);
  const { prefixes, suffixes } = choosePieces(words, typeNames, {
    maxPrefixes: Math.ceil(pieceBudget * 0.8),
    maxSuffixes: Math.floor(pieceBudget * 0.2),
  });
  const characters = [...new Set(words.flatMap((word) => [...word]))].sort(compareStrings).slice(0, MAX_EXTRA_CHARACTERS / 2);
  const vocab: string[] = [];
  const ids = new Map<string, number>();
  const add = (token: string) => {
    if (!ids.has(token)) {
      ids.set(token, vocab.length);
      vocab.push(token);
    }
  };
  for (const token of SPECIAL_TOKENS) add(token);
  for (const word of words) add(word);
  for (const piece of [...prefixes, ...suffixes]) add(piece);
  for (const letter of [...LETTERS, ...characters]) add(letter);
  for (const letter of [...LETTERS, ...characters]) add(`##${letter}`);
  for (const mark of ASCII_PUNCTUATION) add(mark);

  const embeddingMatrix = new Float32Array(vocab.length * dims);
  words.forEach((word, i) => {
    const row = ids.get(word)!;
    for (let k = 0; k < dims; k++) embeddingMatrix[row * dims + k] = vectors[i * dims + k]!;
  });
  const pieces = [...prefixes, ...suffixes].filter((piece) => ids.get(piece)! >= SPECIAL_TOKENS.length + words.length);
  const unseenWeight = sif(1);
  for (const [piece, direction] of pieceDirections(pieces, words, vectors, dims)) {
    const row = ids.get(piece)!;
    for (let k = 0; k < dims; k++) embeddingMatrix[row * dims + k] = direction[k]! * unseenWeight;
  }
  progress({ stage: 'finish', done: 1, total: 1 });

  return {
    name,
    dims,
    vocab,
    embeddingMatrix,
    settings,
    stats: {
      texts: texts.length,
      tokens,
      types: typeNames.length,
      words: words.length,
      pieces: pieces.length,
      rows: vocab.length,
      pairs: pairCount,
      nonZeros: ppmi.nonZeros,
      singularValues: Array.from(svd.s.slice(0, 8), (value) => Math.round(value * 1e4) / 1e4),
    },
  };
}

/**
 * Writes a trained model as a transformers.js model folder (see `writeEmbeddingModelFolder`)
 * plus `training.json` (method, settings, counts). Returns the folder's absolute path.
 */
export async function writeTrainedModel(dir: string, model: TrainedEmbeddingModel): Promise<string> {
  const target = await writeEmbeddingModelFolder(dir, {
    vocab: model.vocab,
    dims: model.dims,
    embeddingMatrix: model.embeddingMatrix,
    name: model.name,
    maxTokens: TRAINED_MAX_TOKENS,
    lowercase: true,
  });
  const training = {
    model: model.name,
    trainer: TRAINER_VERSION,
    method:
      'PPMI word co-occurrence (linear-decay window, context smoothing) reduced by randomized truncated SVD; ' +
      'rows U·S^p normalised and scaled by the SIF weight a/(a+p(w)), common passage component removed; ' +
      'mean pooling in the graph gives SIF passage vectors. Word-start and ## pieces carry the mean direction of the words sharing them.',
    settings: model.settings,
    stats: model.stats,
  };
  await writeFile(join(target, 'training.json'), `${JSON.stringify(training, null, 2)}\n`);
  return target;
}

/**
 * The id {@link trainEmbeddingModel} gives the model it trains from `texts` with `options`, without
 * training: `mcdewey-trained/` and a hash of the trainer version, the settings and the texts.
 */
export function trainedModelName(texts: readonly string[], options: TrainEmbedderOptions = {}): string {
  return modelName(texts, resolveSettings(options));
}

function modelName(texts: readonly string[], settings: TrainerSettings): string {
  const digest = createHash('sha256').update(JSON.stringify({ trainer: TRAINER_VERSION, settings }));
  for (const text of texts) digest.update(text).update('\u0000');
  return `${TRAINED_MODEL_PREFIX}${digest.digest('hex').slice(0, 12)}`;
}

function resolveSettings(options: TrainEmbedderOptions): TrainerSettings {
  const settings: TrainerSettings = { ...TRAINER_DEFAULTS };
  for (const key of Object.keys(TRAINER_DEFAULTS) as (keyof TrainerSettings)[]) {
    const value = options[key];
    if (value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
  }
  const positiveInteger = (key: keyof TrainerSettings, min = 1) => {
    const value = settings[key] as number;
    if (!Number.isInteger(value) || value < min) throw invalid(key, `must be an integer of at least ${min}, got ${value}`);
  };
  positiveInteger('dims', 2);
  positiveInteger('window');
  positiveInteger('minCount');
  positiveInteger('maxWords');
  positiveInteger('maxModelBytes');
  positiveInteger('powerIterations', 0);
  positiveInteger('oversample', 0);
  positiveInteger('removeComponents', 0);
  positiveInteger('seed', 0);
  if (!(settings.pieceFraction >= 0 && settings.pieceFraction <= 1)) throw invalid('pieceFraction', `must be from 0 to 1, got ${settings.pieceFraction}`);
  if (!(settings.contextSmoothing > 0 && settings.contextSmoothing <= 1)) throw invalid('contextSmoothing', `must be in (0, 1], got ${settings.contextSmoothing}`);
  if (!(settings.eigenvalueWeight >= 0 && settings.eigenvalueWeight <= 1)) throw invalid('eigenvalueWeight', `must be from 0 to 1, got ${settings.eigenvalueWeight}`);
  if (!(settings.sifA > 0)) throw invalid('sifA', `must be positive, got ${settings.sifA}`);
  if (settings.removeComponents >= settings.dims) throw invalid('removeComponents', `must be below dims (${settings.dims}), got ${settings.removeComponents}`);
  return settings;
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

function invalid(option: string, message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `trainEmbeddingModel: ${option} ${message}`, { details: { option } });
}
