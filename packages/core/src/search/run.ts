import { correctQuery } from '../query/correct.js';
import { interpretQuery, type QueryInterpretation } from '../query/interpret.js';
import { assessMatch } from '../query/match.js';
import { steeringFilters } from '../query/steer.js';
import { diversify, type DiversifiedRow, type DiversifyOptions } from '../rank/diversify.js';
import { reciprocalRankFusion, type FusedHit, type Leg, type LegHit } from '../rank/fusion.js';
import type { RankingSettings } from '../rank/ranking-settings.js';
import { moreItem, resultItem, type ResultChunk } from '../rank/result-item.js';
import type { Correction } from '../rank/spelling.js';
import { distinctTerms } from '../rank/term-normalizer.js';
import type { SearchFilters, SearchMode } from '../types.js';
import { validateCount, validateLimit, validateMode, validateOffset, validateQuery, type QueryUnderstanding, type SearchOptions, type SearchResponse, type SearchResult } from './options.js';
import type { SearchSource } from '../query/source.js';
import { ChunkShingles } from './chunk-shingles.js';
import { placeNamer } from './places.js';
import { countResults } from './total.js';

/**
 * Searches any {@link SearchSource}: BM25, semantic or both fused by reciprocal rank, with filters
 * applied inside every leg. The query is read first: a vendor or version it names ranks that
 * vendor's documents higher (when the source has a vendor catalog), and words the library does not
 * know are corrected from its dictionary (when it has one). Results are one per document (its
 * other matching chunks under `more`), with identical or near-identical chunks of other versions
 * folded into one; when even the best fall below the floor the response says there is no strong match.
 * The response counts the query's results (`total`) and pages through them (`offset`, `next`): the
 * first page's fused candidates, then every other chunk holding a query word, best BM25 first.
 * @throws McdeweyError `INVALID_ARGUMENT` for an empty or too long query, a limit, offset, count
 *   or mode out of range or an unknown filter value.
 */
export async function searchSource<Rows>(source: SearchSource<Rows>, query: string, options: SearchOptions = {}): Promise<SearchResponse> {
  const original = validateQuery(query);
  const limit = validateLimit(options.limit ?? 10);
  const filters = options.filters ?? {};
  const grouping: Omit<DiversifyOptions, 'nearDuplicate'> = {
    maxPerDocument: validateCount('maxPerDocument', options.maxPerDocument ?? (hasValues(filters.doc) ? 0 : 1)),
    collapseDuplicates: options.collapseDuplicates ?? true,
    moreLimit: validateCount('moreLimit', options.moreLimit ?? 3),
  };
  // Undefined when no filter is set: the legs then skip filtering altogether.
  const allowed = source.filterRows(filters);
  const { mode, notice } = chooseMode(source, validateMode(options.mode));
  const settings = settingsFor(source, options);

  const catalog = options.interpret === false ? undefined : source.vendorCatalog?.();
  const interpretation: QueryInterpretation = catalog ? interpretQuery(original, catalog) : { matched: [] };
  const keep = new Set(interpretation.matched.flatMap((words) => words.toLowerCase().split(' ')));
  const spelling = options.correct === false ? undefined : await source.spellingFor?.(original);
  const { text, corrections } = spelling ? correctQuery(original, spelling, source.normalize, keep) : { text: original, corrections: [] };
  const steered = settings.steer > 0 ? steeringFilters(filters, interpretation) : undefined;
  const plan: LegPlan<Rows> = { text, allowed, steerRows: steered ? source.filterRows(steered) : undefined, settings, mode };
  const vector = mode === 'lexical' ? undefined : await source.embedQuery(text);
  const outOfVersion = steered ? otherVersionsOf(source, interpretation) : undefined;
  const texts = new ChunkShingles(source);

  // Grouping folds many chunks into few results: when the candidates run out before `limit`
  // results while the legs had more to give, ask them for more. The first page decides how many
  // (never the offset), so every page of a query is cut from the same list.
  const offset = validateOffset(options.offset ?? 0);
  // One result past the page tells whether there is a next one.
  const need = offset + limit + 1;
  let candidates = Math.max(50, limit * (options.overfetch ?? 5));
  let run: LegRun;
  let ranked: number[];
  let kept: DiversifiedRow[];
  for (let attempt = 0; ; attempt++) {
    run = await runLegs(source, plan, vector, candidates);
    ranked = run.fused.map((hit) => hit.row).filter((row) => !outOfVersion?.(row));
    kept = await diversified(source, ranked, need, { ...grouping, fillShortList: false }, texts);
    if (kept.length >= limit || !run.exhausted || attempt === 2 || candidates >= source.chunkCount) break;
    candidates *= 4;
  }
  const byRow = new Map(run.fused.map((hit) => [hit.row, hit]));
  const tail = { depth: candidates, exhausted: false };
  const head = new Set(run.fused.map((hit) => hit.row));
  let tailRows: number[] = [];
  while (kept.length < need && !tail.exhausted) {
    // Past the fused candidates the list goes on with the other chunks holding a query word, best BM25 first.
    const more = (await lexicalTail(source, plan, tail, head, byRow)).filter((row) => !outOfVersion?.(row));
    kept = await diversified(source, [...ranked, ...more], need, { ...grouping, fillShortList: false }, texts);
    tailRows = more;
  }
  // The whole list is known: rows over the cap (with `moreLimit` 0) may fill its end.
  if (kept.length < need) kept = await diversified(source, [...ranked, ...tailRows], need, grouping, texts);

  const terms = distinctTerms(text, source.normalize);
  // A result of the fused candidates lists only candidates under it (`more`, `alsoIn`): whether
  // the list went on past them (a later page, or a short first one) does not change it.
  if (tailRows.length > 0) for (const entry of kept) if (head.has(entry.row)) keepHeadRows(entry, head);
  const page = kept.slice(offset, offset + limit);
  const chunks = await Promise.all(page.map((entry) => source.chunkAt(entry.row)));
  const results = await Promise.all(page.map((entry, i) => buildResult(source, entry, chunks[i]!, byRow, terms, options)));
  // Words read as a vendor or version name ("postgres", "17") are not expected in the passages.
  const named = new Set(distinctTerms([...keep].join(' '), source.normalize));
  const evidenceTerms = terms.filter((term) => !named.has(term));
  // The floor judges the first page, so that every page of a query says the same.
  const firstPage = offset === 0 ? chunks : await Promise.all(kept.slice(0, limit).map((entry) => source.chunkAt(entry.row)));
  const match = await assessMatch(source, { text, terms: evidenceTerms.length > 0 ? evidenceTerms : terms, filters, settings, results: firstPage, similarity: run.similarity });
  const counted = kept.length < need ? { total: kept.length, exact: true } : await estimatedTotal(source, plan, ranked, outOfVersion, grouping, kept.length);
  const interpreted = understanding(interpretation, text, corrections);
  // Asked only when a query vector was made: the status loads the vectors.
  const semantic = vector ? source.semanticStatus() : undefined;
  return {
    query: original,
    mode,
    results,
    offset,
    total: counted.total,
    totalExact: counted.exact,
    ...(kept.length > offset + limit ? { next: offset + limit } : {}),
    ...(interpreted ? { interpreted } : {}),
    ...(match.strong ? {} : { noStrongMatch: true, suggestions: match.suggestions }),
    ...(options.explain ? { ranking: settings, evidence: match.evidence } : {}),
    ...(semantic?.ready ? { embedder: semantic.modelId } : {}),
    ...(notice ? { notice } : {}),
  };
}

/** What the legs of one search run with. */
interface LegPlan<Rows> {
  text: string;
  allowed: Rows | undefined;
  steerRows: Rows | undefined;
  settings: RankingSettings;
  mode: SearchMode;
}

/** The fused hits of one run of the legs; `exhausted` when some leg filled all its candidates. */
interface LegRun {
  fused: FusedHit[];
  exhausted: boolean;
  /** The best semantic similarity, when the semantic leg ran. */
  similarity?: number;
}

/** Runs the lexical and semantic legs (and their steered twins) for `candidates` hits each and fuses them. */
async function runLegs<Rows>(source: SearchSource<Rows>, plan: LegPlan<Rows>, vector: Float32Array | undefined, candidates: number): Promise<LegRun> {
  const { text, allowed, steerRows, settings, mode } = plan;
  const legs: Leg[] = [];
  if (mode !== 'semantic') {
    const weight = settings.weights.lexical;
    legs.push({ name: 'lexical', hits: await source.lexicalSearch(text, allowed, candidates), weight });
    if (steerRows) legs.push({ name: 'lexical-steered', hits: await source.lexicalSearch(text, steerRows, candidates), weight: weight * settings.steer });
  }
  let similarity: number | undefined;
  if (vector) {
    const weight = settings.weights.semantic;
    const hits = await source.vectorSearch(vector, allowed, candidates);
    similarity = hits[0]?.score;
    legs.push({ name: 'semantic', hits, weight });
    if (steerRows) legs.push({ name: 'semantic-steered', hits: await source.vectorSearch(vector, steerRows, candidates), weight: weight * settings.steer });
  }
  const fused = legs.length === 1 ? asFused(legs[0]!) : reciprocalRankFusion(legs, settings.rrfK);
  return { fused, exhausted: legs.some((leg) => leg.hits.length >= candidates), ...(similarity !== undefined ? { similarity } : {}) };
}

/**
 * The list past the fused candidates, as deep as `tail.depth` after deepening it fourfold: the
 * lexical hits the candidates lack, each scored as fusion would score its lexical rank alone.
 * Sets `tail.exhausted` when the leg has no more.
 */
async function lexicalTail<Rows>(
  source: SearchSource<Rows>,
  plan: LegPlan<Rows>,
  tail: { depth: number; exhausted: boolean },
  head: ReadonlySet<number>,
  byRow: Map<number, FusedHit>,
): Promise<number[]> {
  tail.depth = Math.min(tail.depth * 4, source.chunkCount);
  const hits = await source.lexicalSearch(plan.text, plan.allowed, tail.depth);
  tail.exhausted = hits.length < tail.depth || tail.depth >= source.chunkCount;
  const rows: number[] = [];
  const { rrfK, weights } = plan.settings;
  hits.forEach((hit, index) => {
    if (head.has(hit.row)) return;
    const rank = index + 1;
    byRow.set(hit.row, { row: hit.row, score: weights.lexical / (rrfK + rank), legs: { lexical: { rank, score: hit.score } } });
    rows.push(hit.row);
  });
  return rows;
}

function keepHeadRows(entry: DiversifiedRow, head: ReadonlySet<number>): void {
  entry.more = entry.more.filter((row) => head.has(row));
  entry.duplicates = entry.duplicates.filter((row) => head.has(row));
}

/**
 * The total when the list goes on past this page: counted over every row the list could hold
 * (the fused candidates and every chunk holding a query word), at least the results already seen.
 */
async function estimatedTotal<Rows>(
  source: SearchSource<Rows>,
  plan: LegPlan<Rows>,
  candidates: readonly number[],
  skip: ((row: number) => boolean) | undefined,
  grouping: Omit<DiversifyOptions, 'nearDuplicate'>,
  seen: number,
): Promise<{ total: number; exact: boolean }> {
  const marks = new Uint8Array(source.chunkCount);
  await source.markMatches(plan.text, plan.allowed, marks);
  for (const row of candidates) marks[row] = 1;
  const counted = countResults(source, marks, skip, grouping);
  return counted.total >= seen ? counted : { total: seen, exact: false };
}

/**
 * `diversify` over the ranked rows, with near-identical chunks of one document's versions folded.
 * Comparing texts needs them at hand, and a source may load chunks on demand: it runs until every
 * comparison it made had both texts, loading the missing ones between runs, so the final run
 * decides with every text it looked at, and only those texts are ever loaded.
 */
async function diversified<Rows>(
  source: SearchSource<Rows>,
  rows: readonly number[],
  limit: number,
  grouping: Omit<DiversifyOptions, 'nearDuplicate'>,
  texts: ChunkShingles,
): Promise<DiversifiedRow[]> {
  for (;;) {
    const placeOf = placeNamer();
    const identify = (row: number) => {
      const document = source.documentOfRow(row);
      return { document: placeOf(row, document), hash: source.sameTextKey(row), family: `${document.vendor}/${document.group}/${document.doc}` };
    };
    const missing = new Set<number>();
    const kept = diversify(rows, identify, limit, {
      ...grouping,
      nearDuplicate: (a, b) => texts.nearlyIdentical(a, b, missing),
    });
    if (missing.size === 0) return kept;
    await texts.load(missing);
  }
}

async function buildResult<Rows>(source: SearchSource<Rows>, entry: DiversifiedRow, chunk: ResultChunk, byRow: Map<number, FusedHit>, terms: string[], options: SearchOptions): Promise<SearchResult> {
  const hit = byRow.get(entry.row)!;
  const more = await Promise.all(entry.more.map((row) => source.chunkAt(row)));
  const result: SearchResult = resultItem(chunk, hit.score, terms, source.normalize, options.snippetLength ?? 240);
  if (entry.duplicates.length > 0) result.alsoIn = entry.duplicates.map((other) => ({ id: source.chunkIdAt(other), version: source.documentOfRow(other).version }));
  if (more.length > 0) result.more = more.map((other: ResultChunk, i) => moreItem(other, byRow.get(entry.more[i]!)!.score, terms, source.normalize));
  if (options.explain) result.explain = hit.legs;
  return result;
}

function understanding(interpretation: QueryInterpretation, text: string, corrections: Correction[]): QueryUnderstanding | undefined {
  const result: QueryUnderstanding = {
    ...(interpretation.vendor !== undefined ? { vendor: interpretation.vendor } : {}),
    ...(interpretation.version !== undefined ? { version: interpretation.version } : {}),
    ...(corrections.length > 0 ? { corrected: text, corrections } : {}),
  };
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * When the query names a vendor's version ("postgres 17"), that vendor's other versions are set
 * aside: their passages describe a release the user did not ask about. Other vendors stay, and
 * the response's `interpreted.version` says what was read (`interpret: false` undoes it).
 */
function otherVersionsOf<Rows>(source: SearchSource<Rows>, interpretation: QueryInterpretation): ((row: number) => boolean) | undefined {
  const { vendor, version } = interpretation;
  if (vendor === undefined || version === undefined) return undefined;
  return (row) => {
    const document = source.documentOfRow(row);
    return document.vendor === vendor && document.version !== version;
  };
}

function hasValues(value: SearchFilters[keyof SearchFilters]): boolean {
  return value !== undefined && (!Array.isArray(value) || value.length > 0);
}

/** The source's ranking settings, with the caller's weights and k over them. */
function settingsFor<Rows>(source: SearchSource<Rows>, options: SearchOptions): RankingSettings {
  const recorded = source.rankingSettings;
  return {
    ...recorded,
    weights: { ...recorded.weights, ...options.weights },
    rrfK: options.rrfK ?? recorded.rrfK,
    steer: options.interpret === false ? 0 : (options.steer ?? recorded.steer),
  };
}

/** A single leg's hits keep their own scores. */
function asFused(leg: Leg): FusedHit[] {
  return leg.hits.map((hit: LegHit, index) => ({ row: hit.row, score: hit.score, legs: { [leg.name]: { rank: index + 1, score: hit.score } } }));
}

function chooseMode<Rows>(source: SearchSource<Rows>, requested: SearchMode | undefined): { mode: SearchMode; notice?: string } {
  // Asking for lexical, or for nothing from a library without vectors, is not a fallback.
  if (requested === 'lexical') return { mode: 'lexical' };
  const semantic = source.semanticStatus();
  if (semantic.ready) return { mode: requested ?? 'hybrid' };
  if (requested === undefined && !semantic.hasVectors) return { mode: 'lexical' };
  return { mode: 'lexical', notice: `${requested ?? 'hybrid'} search is unavailable: ${semantic.why}; showing lexical results` };
}
