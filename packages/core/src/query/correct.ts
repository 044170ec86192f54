import { SPELLING_SETTINGS, allowedEdits, oneEditVariants, surfaceOf, type Correction } from '../rank/spelling.js';
import { TOKEN_SEPARATOR } from '../rank/token-separator.js';
import type { NormalizeTerm, SpellingDictionary } from './source.js';

/** A query with its misspelt words replaced, and what was replaced. */
export interface CorrectedQuery {
  text: string;
  corrections: Correction[];
}

/**
 * Replaces query words the index does not know (or barely knows, while a near spelling is
 * common) by the closest well-known term of the index's own dictionary. Words in `keep` (names
 * the query was understood to mean) are left alone, and a query with no known word at all is
 * left as typed.
 */
export function correctQuery(query: string, lexical: SpellingDictionary, normalizeTerm: NormalizeTerm, keep: ReadonlySet<string> = new Set()): CorrectedQuery {
  const corrections: Correction[] = [];
  const seen = new Set<string>();
  let known = 0;
  for (const token of query.split(TOKEN_SEPARATOR)) {
    if (!token || seen.has(token)) continue;
    seen.add(token);
    const term = normalizeTerm(token);
    const frequency = term ? lexical.termFrequency(term) : 0;
    if (frequency > SPELLING_SETTINGS.rareFrequency || keep.has(token.toLowerCase())) known++;
    const edits = term ? allowedEdits(term) : 0;
    if (!term || edits === 0 || keep.has(token.toLowerCase())) continue;
    if (frequency > SPELLING_SETTINGS.rareFrequency) continue;
    const minFrequency = frequency === 0 ? SPELLING_SETTINGS.rareFrequency + 1 : frequency * SPELLING_SETTINGS.rareRatio;
    const correction = bestCorrection(token, term, edits, minFrequency, lexical, normalizeTerm);
    if (correction) corrections.push({ from: token, to: correction });
  }
  // A query none of whose words the index knows is not a typo away from one it does: saying
  // "showing results for" four other words would present a guess as the question.
  if (known === 0) return { text: query, corrections: [] };
  let text = query;
  for (const { from, to } of corrections) text = text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(from)}(?![\\p{L}\\p{N}])`, 'gu'), to);
  return { text, corrections };
}

/**
 * The word to search instead of `token`: the most frequent of (a) dictionary terms within `edits`
 * of its stem and (b) words one edit from the typed word whose stem the index knows. (b) finds
 * what stems hide: "replicaton" stems to itself, four edits from "replication"'s stem "replic".
 */
function bestCorrection(token: string, term: string, edits: number, minFrequency: number, lexical: SpellingDictionary, normalizeTerm: NormalizeTerm): string | null {
  let best: { word: string; distance: number; frequency: number } | null = null;
  const closest = lexical.closestTerm(term, edits, minFrequency);
  if (closest) best = { word: surfaceOf(token, term, closest.term, normalizeTerm), distance: closest.distance, frequency: closest.frequency };
  for (const variant of oneEditVariants(token.toLowerCase())) {
    const stem = normalizeTerm(variant);
    if (!stem || stem === term) continue;
    const frequency = lexical.termFrequency(stem);
    if (frequency < minFrequency) continue;
    if (!best || best.distance > 1 || frequency > best.frequency) best = { word: variant, distance: 1, frequency };
  }
  return best?.word ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
