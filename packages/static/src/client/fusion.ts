/** Reciprocal-rank fusion exactly as core does it (`rank/fusion.ts`). */
export interface LegHit {
  row: number;
  score: number;
}

export type LegName = 'lexical' | 'semantic';
export type LegPositions = Partial<Record<LegName, { rank: number; score: number }>>;

export interface FusedHit {
  row: number;
  score: number;
  legs: LegPositions;
}

export function reciprocalRankFusion(legs: readonly { name: LegName; hits: readonly LegHit[]; weight: number }[], k = 60): FusedHit[] {
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
