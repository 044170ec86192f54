/**
 * Fusion weights of hybrid search over an index with a trained model's vectors that was written
 * before ranking settings were recorded in the manifest (tuned on Cranfield then). New indexes
 * record the weights tuned on the docs golden set (`RANKING_DEFAULTS`); a `weights` search option
 * overrides either.
 */
export const TRAINED_FUSION_WEIGHTS = Object.freeze({ lexical: 1, semantic: 0.1 });

/** Which kind of embedding model made an index's vectors: its fusion weights depend on it. */
export type EmbedderKind = 'trained' | 'pretrained';

/**
 * How hybrid search ranks and when it calls a match strong. Chosen per embedder kind on the
 * docs-domain evaluation set (tune half; bench/ranking-tune.mjs) and recorded in each index's
 * manifest, so an index keeps ranking the same when the defaults change.
 */
export interface RankingSettings {
  /** Weight of each leg in reciprocal-rank fusion. */
  weights: { lexical: number; semantic: number };
  /** The k of reciprocal-rank fusion. */
  rrfK: number;
  /**
   * Weight, relative to each leg's own, of the same leg run again inside the vendor (and version)
   * the query names: those rows rise without the others being filtered out. 0 turns steering off.
   */
  steer: number;
  /** Below both floors the best results are reported as no strong match. */
  floor: {
    /** Idf-weighted share of the query's terms that the best results contain (0..1). */
    coverage: number;
    /** Cosine similarity of the best semantic hit (semantic leg only). */
    similarity: number;
  };
}

/**
 * Default ranking settings per embedder kind (a lexical-only index uses the lexical parts).
 * Trained: chosen on the tune half of the docs golden set (bench/ranking-tune.mjs, BENCHMARKS.md):
 * the semantic leg as strong as BM25, rrf k 20, steering at full weight, and a floor on term coverage only
 * (the trained model's similarities did not tell invented questions from real ones).
 * Pretrained: no pretrained model can be loaded where this was tuned, so it takes the trained
 * kind's settings; the equal leg weights are also what published hybrid setups use.
 */
export const RANKING_DEFAULTS: Readonly<Record<EmbedderKind, Readonly<RankingSettings>>> = Object.freeze({
  trained: Object.freeze({ weights: { lexical: 1, semantic: 1 }, rrfK: 20, steer: 1, floor: { coverage: 0.3, similarity: 1 } }),
  pretrained: Object.freeze({ weights: { lexical: 1, semantic: 1 }, rrfK: 20, steer: 1, floor: { coverage: 0.3, similarity: 1 } }),
});

/**
 * Fusion weights of indexes written before ranking settings were recorded: a trained model's leg
 * then counted 0.1 (tuned on Cranfield). Such an index keeps them.
 */
const UNRECORDED_WEIGHTS: Readonly<Record<EmbedderKind, RankingSettings['weights']>> = Object.freeze({
  trained: TRAINED_FUSION_WEIGHTS,
  pretrained: { lexical: 1, semantic: 1 },
});

/**
 * The settings an index ranks with: the record of its manifest over the defaults of its embedder
 * kind. `recorded` null means an index written before settings were recorded.
 */
export function rankingSettings(kind: EmbedderKind, recorded: Partial<RankingSettings> | null | undefined): RankingSettings {
  const defaults = recorded === null ? { ...RANKING_DEFAULTS[kind], weights: UNRECORDED_WEIGHTS[kind] } : RANKING_DEFAULTS[kind];
  return {
    weights: { ...defaults.weights, ...recorded?.weights },
    rrfK: recorded?.rrfK ?? defaults.rrfK,
    steer: recorded?.steer ?? defaults.steer,
    floor: { ...defaults.floor, ...recorded?.floor },
  };
}
