import { McdeweyError } from '../../errors.js';

/** Bumped when training changes, so a new trainer never reuses an old model's id. */
export const TRAINER_VERSION = 2;

/** Defaults of `trainEmbeddingModel`. */
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
  headContextWeight: 0.3,
});

/** Settings of `trainEmbeddingModel`; every field has a default in {@link TRAINER_DEFAULTS}. */
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
  /**
   * Weight of a (heading word, text word) co-occurrence: every distinct word of a passage's first
   * line (its title › headings, as ingest writes it) counts once with every distinct word of the
   * text below, besides the window. 0 turns it off. Default 0.3.
   */
  headContextWeight: number;
}

/** The settings with defaults filled in, checked. */
export function resolveSettings(options: Partial<TrainerSettings>): TrainerSettings {
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
  if (!(settings.headContextWeight >= 0 && Number.isFinite(settings.headContextWeight))) {
    throw invalid('headContextWeight', `must be a finite number of at least 0, got ${settings.headContextWeight}`);
  }
  if (settings.removeComponents >= settings.dims) throw invalid('removeComponents', `must be below dims (${settings.dims}), got ${settings.removeComponents}`);
  return settings;
}

function invalid(option: string, message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `trainEmbeddingModel: ${option} ${message}`, { details: { option } });
}
