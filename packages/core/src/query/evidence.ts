import type { ChunkRecord } from '../types.js';
import { TOKEN_SEPARATOR, normalizeTerm } from '../rank/terms.js';

/**
 * The share of a query's information a chunk contains: the idf-weighted fraction of the query's
 * terms found in its title, headings or text (0..1). A term the index lacks weighs the most,
 * so a query of invented words covers nothing anywhere.
 */
export function termCoverage(terms: readonly string[], chunk: ChunkRecord, idf: (term: string) => number): number {
  if (terms.length === 0) return 0;
  const present = new Set<string>();
  for (const field of [chunk.title, chunk.headings.join(' '), chunk.text]) {
    for (const token of field.split(TOKEN_SEPARATOR)) {
      const term = normalizeTerm(token);
      if (term) present.add(term);
    }
  }
  let total = 0;
  let covered = 0;
  for (const term of terms) {
    const weight = idf(term);
    total += weight;
    if (present.has(term)) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}

/** Inverse document frequency over `rows` chunks, for a term found in `frequency` of them. */
export function inverseFrequency(rows: number, frequency: number): number {
  return Math.log(1 + (rows + 1) / (frequency + 0.5));
}
