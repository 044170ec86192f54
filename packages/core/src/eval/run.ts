import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChunkerSettings } from '../chunk/chunker.js';
import type { TrainEmbedderOptions } from '../embed/trained/train.js';
import type { Embedder, EmbedderFingerprint } from '../embed/types.js';
import { McdeweyError } from '../errors.js';
import { ingest } from '../pipeline/ingest.js';
import { openIndex } from '../open.js';
import { SEARCH_LIMITS, search, type SearchOptions } from '../search.js';
import type { Library } from '../store/library.js';
import type { Manifest } from '../store/manifest.js';
import type { SearchMode } from '../types.js';
import { evaluateRun, type EvalResult, type MetricOptions } from './metrics.js';
import type { EvalCollection, EvalDocument } from './types.js';

/** Search options an evaluation may set; the rest are fixed so that every chunk can count. */
export type EvalSearchOptions = Omit<SearchOptions, 'limit' | 'mode' | 'filters' | 'maxPerDocument' | 'collapseDuplicates' | 'explain'>;

/** A step of {@link evaluateCollection}, for progress display. */
export interface EvalProgress {
  phase: 'write' | 'ingest' | 'search';
  /** The mode being run, in the `search` phase. */
  mode?: SearchMode;
  done: number;
  total: number;
}

/** Options of {@link evaluateCollection}. */
export interface EvaluateCollectionOptions {
  /** Ranking modes to evaluate, each over the same index. Default `['lexical']`. */
  modes?: SearchMode[];
  /**
   * Passed to every `search` call (weights, rrfK, overfetch). `limit`, `mode`, `filters`,
   * `maxPerDocument` (0) and `collapseDuplicates` (false) are set by the evaluation. Default `{}`.
   */
  searchOptions?: EvalSearchOptions;
  /** Embeds chunks at ingest and queries at search; needed for `semantic` and `hybrid`. Default none. */
  embedder?: Embedder;
  /**
   * Without `embedder`: train an embedding model from the collection at ingest (ingest's
   * `trainEmbedder`) and search with it. Default false.
   */
  trainEmbedder?: boolean | TrainEmbedderOptions;
  /** Chunker settings for the collection's ingest. Default: ingest's defaults (256 tokens). */
  chunker?: Partial<ChunkerSettings>;
  /** Gain and relevance level of the metrics. Default: gain = stored grade, relevant = grade ≥ 1. */
  metrics?: MetricOptions;
  /** Chunks fetched per query before they are mapped to documents, 1..200. Default 200. */
  depth?: number;
  /** Where to build the collection's corpus and index. Default: a fresh temporary directory. */
  workDir?: string;
  /** Keep `workDir` (corpus and index) after the run. Default false (it is removed). */
  keepWorkDir?: boolean;
  /** Called as work advances. */
  onProgress?: (progress: EvalProgress) => void;
}

/** Scores of one mode over one collection. */
export interface ModeEvaluation {
  /** The mode asked for. */
  mode: SearchMode;
  /**
   * False when the index cannot serve the mode (no embedder for `semantic`/`hybrid`); then
   * `result` and `run` are absent and `notice` says why. A mode is never reported under another's name.
   */
  available: boolean;
  notice?: string;
  result?: EvalResult;
  /** Query id → ranked collection document ids, best first (at most `depth` chunks' documents). */
  run?: Map<string, string[]>;
  /** Warm per-query search time in milliseconds (the whole `search` call, snippets included). */
  latencyMs?: { mean: number; p50: number; p95: number };
}

/** Result of {@link evaluateCollection}. */
export interface CollectionEvaluation {
  collection: string;
  /** How the collection's grades were read (say it beside any nDCG figure). */
  gradeNote: string;
  documents: number;
  chunks: number;
  /** Queries run: every query with text that the qrels judge. */
  queries: number;
  /** Queries longer than `search`'s limit: lexical mode ranks them in full with the same BM25 leg, other modes truncate them. */
  longQueries: number;
  ingestSeconds: number;
  /** The lexical settings the index was built with (BM25 parameters, boosts, term processing). */
  lexical: Manifest['lexical'];
  /** The embedder the index was built with, or null for a lexical-only index. */
  embedder: EmbedderFingerprint | null;
  modes: ModeEvaluation[];
}

/** How a collection's documents become a McDewey corpus. */
export const EVAL_CORPUS_LAYOUT = {
  vendor: 'eval',
  group: 'docs',
  note:
    'each document is written as eval/<collection>/docs/<slug>.txt with its title as the first line; ' +
    'copies of the title at the start of the text are dropped (the title line is indexed as text already). ' +
    'A document without a title gets its first line (up to 200 characters) as title, as any plain-text file does.',
} as const;

/**
 * Indexes a test collection with McDewey's own ingest (plain-text documents, title as first line,
 * see {@link EVAL_CORPUS_LAYOUT}), runs every judged query in each mode with no per-document cap
 * and no duplicate folding, maps chunk hits to collection documents (a document takes the rank of
 * its best chunk), and scores the runs with {@link evaluateRun}.
 * @throws McdeweyError `INVALID_ARGUMENT` for an empty collection or a bad option.
 */
export async function evaluateCollection(collection: EvalCollection, options: EvaluateCollectionOptions = {}): Promise<CollectionEvaluation> {
  const modes = options.modes ?? ['lexical'];
  const depth = options.depth ?? SEARCH_LIMITS.maxLimit;
  if (!Number.isInteger(depth) || depth < 1 || depth > SEARCH_LIMITS.maxLimit) {
    throw new McdeweyError('INVALID_ARGUMENT', `depth must be an integer from 1 to ${SEARCH_LIMITS.maxLimit}, got ${depth}`, { details: { parameter: 'depth' } });
  }
  if (modes.length === 0) throw new McdeweyError('INVALID_ARGUMENT', 'modes must name at least one mode', { details: { parameter: 'modes' } });
  if (collection.documents.length === 0) {
    throw new McdeweyError('INVALID_ARGUMENT', `collection ${collection.name} has no documents`, { details: { collection: collection.name } });
  }
  const progress = options.onProgress ?? (() => {});
  const workDir = options.workDir ?? (await mkdtemp(join(tmpdir(), 'mcdewey-eval-')));
  let cleanup: (() => Promise<void> | undefined) | undefined;
  try {
    const corpusDir = join(workDir, 'corpus');
    const indexDir = join(workDir, 'index');
    const idOfSlug = await writeCorpus(collection, corpusDir, progress);

    progress({ phase: 'ingest', done: 0, total: collection.documents.length });
    // The index is eval's scratch copy of the collection it just wrote: it may drop anything (`prune`).
    const report = await ingest(corpusDir, indexDir, { embedder: options.embedder, chunker: options.chunker, trainEmbedder: options.trainEmbedder, prune: true });
    progress({ phase: 'ingest', done: collection.documents.length, total: collection.documents.length });
    // A trained model is bundled in the index; 'auto' loads it from there.
    const trained = !options.embedder && report.trained !== undefined;
    const library = await openIndex(indexDir, { embedder: trained ? 'auto' : options.embedder, warm: true });
    if (trained) cleanup = () => library.embedder?.dispose?.();

    const judged = collection.queries.filter((query) => collection.qrels.has(query.id) && query.text.trim() !== '');
    const evaluations: ModeEvaluation[] = [];
    for (const mode of modes) {
      evaluations.push(await evaluateMode(library, mode, judged, idOfSlug, collection, depth, options, progress));
    }
    return {
      collection: collection.name,
      gradeNote: collection.gradeNote,
      documents: collection.documents.length,
      chunks: report.chunks,
      queries: judged.length,
      longQueries: judged.filter((query) => query.text.trim().length > SEARCH_LIMITS.maxQueryLength).length,
      ingestSeconds: report.seconds,
      lexical: library.manifest.lexical,
      embedder: library.manifest.embedder,
      modes: evaluations,
    };
  } finally {
    await cleanup?.();
    if (!options.keepWorkDir) await rm(workDir, { recursive: true, force: true });
  }
}

async function evaluateMode(
  library: Library,
  mode: SearchMode,
  queries: EvalCollection['queries'],
  idOfSlug: ReadonlyMap<string, string>,
  collection: EvalCollection,
  depth: number,
  options: EvaluateCollectionOptions,
  progress: (p: EvalProgress) => void,
): Promise<ModeEvaluation> {
  const run = new Map<string, string[]>();
  const timings: number[] = [];
  for (const [i, query] of queries.entries()) {
    progress({ phase: 'search', mode, done: i, total: queries.length });
    const text = query.text.trim();
    const started = performance.now();
    let rows: number[];
    if (text.length > SEARCH_LIMITS.maxQueryLength && mode === 'lexical') {
      // search() refuses queries this long (an interactive limit); rank with the same BM25 leg it
      // uses, which with no per-document cap and no folding gives the same order search would.
      rows = library.lexical.search(text, undefined, depth).map((hit) => hit.row);
    } else {
      const response = await search(library, truncateQuery(text), {
        ...options.searchOptions,
        mode,
        limit: depth,
        maxPerDocument: 0,
        collapseDuplicates: false,
      });
      if (response.mode !== mode) {
        return { mode, available: false, notice: response.notice ?? `${mode} search is unavailable for this index` };
      }
      rows = response.results.map((result) => library.rowOf(result.id)!);
    }
    timings.push(performance.now() - started);
    run.set(query.id, rankedDocuments(library, rows, idOfSlug));
  }
  progress({ phase: 'search', mode, done: queries.length, total: queries.length });
  return { mode, available: true, result: evaluateRun(run, collection.qrels, options.metrics), run, latencyMs: summarize(timings) };
}

/** Collection document ids in the order of their best chunk. */
function rankedDocuments(library: Library, rows: readonly number[], idOfSlug: ReadonlyMap<string, string>): string[] {
  const seen = new Set<string>();
  const ranked: string[] = [];
  for (const row of rows) {
    const id = idOfSlug.get(library.chunkAt(row).doc);
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    ranked.push(id);
  }
  return ranked;
}

/** Cuts a query to `search`'s length limit at a word boundary. */
function truncateQuery(text: string): string {
  if (text.length <= SEARCH_LIMITS.maxQueryLength) return text;
  const cut = text.slice(0, SEARCH_LIMITS.maxQueryLength);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : cut).trim();
}

function summarize(timings: number[]): { mean: number; p50: number; p95: number } {
  if (timings.length === 0) return { mean: 0, p50: 0, p95: 0 };
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { mean: sorted.reduce((sum, t) => sum + t, 0) / sorted.length, p50: at(0.5), p95: at(0.95) };
}

/** Writes the collection as a corpus; returns document slug → collection document id. */
async function writeCorpus(collection: EvalCollection, corpusDir: string, progress: (p: EvalProgress) => void): Promise<Map<string, string>> {
  const dir = join(corpusDir, EVAL_CORPUS_LAYOUT.vendor, slugify(collection.name) || 'collection', EVAL_CORPUS_LAYOUT.group);
  await mkdir(dir, { recursive: true });
  const idOfSlug = new Map<string, string>();
  const total = collection.documents.length;
  for (const [i, document] of collection.documents.entries()) {
    if (i % 500 === 0) progress({ phase: 'write', done: i, total });
    const slug = uniqueSlug(document.id, idOfSlug);
    idOfSlug.set(slug, document.id);
    await writeFile(join(dir, `${slug}.txt`), documentFile(document));
  }
  progress({ phase: 'write', done: total, total });
  return idOfSlug;
}

/** The plain-text file of a document: its title as the first line, then its text without leading copies of the title. */
export function documentFile(document: EvalDocument): string {
  const title = document.title.replace(/\s+/g, ' ').trim();
  let body = document.text.trim();
  while (title !== '' && body.startsWith(title)) body = body.slice(title.length).trim();
  const text = title === '' ? body : body === '' ? title : `${title}\n\n${body}`;
  // An empty file is skipped by ingest; a placeholder keeps the document (it matches nothing useful).
  return text === '' ? '(empty document)\n' : `${text}\n`;
}

function slugify(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 120);
}

function uniqueSlug(id: string, taken: ReadonlyMap<string, string>): string {
  const base = slugify(id) || 'doc';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
