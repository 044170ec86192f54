import { TOKEN_SEPARATOR } from '../rank/token-separator.js';

/** The fields of a chunk whose words count as evidence. */
export interface EvidenceChunk {
  title: string;
  headings: readonly string[];
  text: string;
}

/**
 * The share of a query's information a chunk contains: the idf-weighted fraction of the query's
 * terms found in its title, headings or text (0..1). A term the index lacks weighs the most,
 * so a query of invented words covers nothing anywhere.
 */
export function termCoverage(terms: readonly string[], chunk: EvidenceChunk, idf: (term: string) => number, normalize: (token: string) => string | null): number {
  if (terms.length === 0) return 0;
  const present = new Set<string>();
  for (const field of [chunk.title, chunk.headings.join(' '), chunk.text]) {
    for (const token of field.split(TOKEN_SEPARATOR)) {
      const term = normalize(token);
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
