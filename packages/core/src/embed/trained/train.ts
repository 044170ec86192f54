import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SPECIAL_TOKENS, writeEmbeddingModelFolder } from '../test-model.js';
import { choosePieces, compareStrings, pieceDirections } from './pieces.js';
import { TRAINER_VERSION, resolveSettings, type TrainerSettings } from './settings.js';
import { TRAINED_MAX_TOKENS, TRAINED_MODEL_PREFIX } from './model-id.js';
import { ASCII_PUNCTUATION, LETTERS, MAX_EXTRA_CHARACTERS, trainWordVectors, type TrainStage, type WordVectors } from './word-vectors.js';

export { TRAINED_MODEL_PREFIX, isTrainedModelId } from './model-id.js';
export { TRAINER_DEFAULTS, TRAINER_VERSION, type TrainerSettings } from './settings.js';
export { TOO_LITTLE_TEXT, type TrainStage } from './word-vectors.js';

/** A step of training, for progress display. */
export interface TrainProgress {
  stage: TrainStage;
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

/**
 * Trains an embedding model from `texts` (passages as ingest gives them to the embedder: heading
 * line first, see `passageText`) for a bag-of-words model folder: PPMI over window and heading
 * co-occurrences, a truncated randomized SVD, rows scaled by SIF weights with the passages' common
 * component removed ({@link trainWordVectors}), so that the model's mean pooling computes SIF
 * passage vectors. Rarer words get pieces whose rows are the mean direction of the words sharing
 * them. Same texts and settings, same model, bit for bit.
 * @throws McdeweyError `INVALID_ARGUMENT` for bad settings or texts with too few words.
 */
export function trainEmbeddingModel(texts: readonly string[], options: TrainEmbedderOptions = {}): TrainedEmbeddingModel {
  const settings = resolveSettings(options);
  const onProgress = options.onProgress ?? (() => {});
  const progress = (stage: TrainStage, done: number, total: number) => onProgress({ stage, done, total });
  const wordVectors = trainWordVectors(texts, settings, progress);
  const model = packModel(modelName(texts, settings), wordVectors, settings, texts.length);
  progress('finish', 1, 1);
  return model;
}

/**
 * The vocabulary (special tokens, words, pieces, characters, punctuation) and its embedding table:
 * word rows are the word vectors, a piece row the mean direction of the words sharing it,
 * weighted as an unseen word.
 */
function packModel(name: string, wordVectors: WordVectors, settings: TrainerSettings, textCount: number): TrainedEmbeddingModel {
  const { dims } = settings;
  const { words, vectors } = wordVectors;
  const pieceBudget = Math.floor(words.length * settings.pieceFraction);
  const { prefixes, suffixes } = choosePieces(words, wordVectors.types, {
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
  const put = (row: number, values: ArrayLike<number>, scale: number) => {
    for (let k = 0; k < dims; k++) embeddingMatrix[row * dims + k] = scale * values[k]!;
  };
  words.forEach((word, i) => put(ids.get(word)!, vectors.subarray(i * dims, (i + 1) * dims), 1));
  const pieces = [...prefixes, ...suffixes].filter((piece) => ids.get(piece)! >= SPECIAL_TOKENS.length + words.length);
  const unseenWeight = settings.sifA / (settings.sifA + 1 / Math.max(1, wordVectors.tokens));
  for (const [piece, direction] of pieceDirections(pieces, words, vectors, dims)) put(ids.get(piece)!, direction, unseenWeight);

  return {
    name,
    dims,
    vocab,
    embeddingMatrix,
    settings,
    stats: {
      texts: textCount,
      tokens: wordVectors.tokens,
      types: wordVectors.types.length,
      words: words.length,
      pieces: pieces.length,
      rows: vocab.length,
      pairs: wordVectors.pairs,
      nonZeros: wordVectors.nonZeros,
      singularValues: wordVectors.singularValues,
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
      "PPMI word co-occurrence (linear-decay window, plus each passage's heading words with its text's words; context smoothing) " +
      'reduced by randomized truncated SVD; ' +
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
