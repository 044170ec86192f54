/** One leg's ranked hit: a chunk row and that leg's own score. */
export interface LegHit {
  row: number;
  score: number;
}

/**
 * The search legs. A `-steered` leg is the same leg run again among the rows of the vendor (and
 * version) the query names, so those rows rise without the others being filtered out.
 */
export type LegName = 'lexical' | 'semantic' | 'lexical-steered' | 'semantic-steered';

/** A ranked list from one search leg and its weight in the fusion. */
export interface Leg {
  name: LegName;
  hits: readonly LegHit[];
  weight: number;
}

/** Where a fused hit stood in each leg (1-based rank) and with what score. */
export type LegPositions = Partial<Record<LegName, { rank: number; score: number }>>;

/** A chunk row with its fused score and its place in every leg that found it. */
export interface FusedHit {
  row: number;
  score: number;
  legs: LegPositions;
}

/**
 * Reciprocal-rank fusion: each leg adds `weight / (k + rank)` for every hit it ranks. Only ranks
 * count, so no similarity threshold is needed and no leg can silently drop out.
 */
export function reciprocalRankFusion(legs: readonly Leg[], k = 60): FusedHit[] {
  const fused = new Map<number, FusedHit>();
  for (const leg of legs) {
    leg.hits.forEach((hit, index) => {
      const rank = index + 1;
      const entry = fused.get(hit.row) ?? { row: hit.row, score: 0, legs: {} };
      entry.score += leg.weight / (k + rank);
      entry.legs[leg.name] = { rank, score: hit.score };
      fused.set(hit.row, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.row - b.row);
}
