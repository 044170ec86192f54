import { McdeweyError, type Embedder, type SearchMode } from '@mcdewey/core';
import { detectFormat, evaluateCollection, formatEvalTable, readCollection, type CollectionEvaluation, type CranfieldGain, type EvalFormat } from '@mcdewey/core/eval';
import { resolveEmbedder } from '@mcdewey/core/models';
import { evalGoldenCommand } from './eval-golden.js';
import { progressLine } from './eval-progress.js';
import { plural } from '../output.js';

/** Options of `mcdewey eval`. */
export interface EvalCommandOptions {
  /** A collection directory (BEIR, TREC, Cranfield or CISI layout) or a golden collection JSON file. */
  collection: string;
  /** `beir`, `trec`, `cranfield`, `cisi` or `golden`; detected from the files when absent. */
  format?: string;
  /** Golden collections only: the index of the corpus the questions were written for. */
  index?: string;
  /** Golden: `tune` or `test`, the half to score (default both). BEIR/TREC: the qrels split to read. */
  split?: string;
  /** Golden only: `shown` (default), the ten results a user gets, or `chunks`, the uncapped chunk ranking. */
  list?: string;
  /** Modes to score (repeatable). Default: lexical, plus semantic and hybrid when a model is given. */
  mode?: string[];
  /** Print JSON on stdout instead of the table. */
  json?: boolean;
  /** Cranfield only: `five-minus-grade` (default, Cleverdon's scale) or `grade` (ir_datasets). */
  cranfieldGain?: string;
  /** Embedding model id for semantic and hybrid modes. */
  model?: string;
  /** A local embedding model folder (default MCDEWEY_MODEL_DIR). */
  modelDir?: string;
}

const FORMATS: readonly EvalFormat[] = ['beir', 'trec', 'cranfield', 'cisi', 'golden'];
const MODES: readonly SearchMode[] = ['lexical', 'semantic', 'hybrid'];
const GAINS: readonly CranfieldGain[] = ['five-minus-grade', 'grade'];

/** How figures are computed; printed under every table and kept in the JSON. */
export const EVAL_METRIC_NOTE =
  'nDCG@10 gain = the stored grade (see Grades), relevant = grade >= 1, unjudged = not relevant; ' +
  'MAP@100, Recall@100 and MRR@10 count relevant documents only. Each query fetches 200 chunks (no ' +
  'per-document cap, no duplicate folding); a document ranks at its best chunk.';

/** `mcdewey eval --collection DIR`: index a test collection, run its queries, print the scores. */
export async function evalCommand(options: EvalCommandOptions): Promise<void> {
  const format = oneOf('--format', options.format, FORMATS) ?? (await detectFormat(options.collection));
  const cranfieldGain = oneOf('--cranfield-gain', options.cranfieldGain, GAINS);
  const requested = (options.mode ?? []).map((mode) => oneOf('--mode', mode, MODES)!);
  if (format === 'golden') {
    await evalGoldenCommand(options, requested.length > 0 ? [...new Set(requested)] : undefined);
    return;
  }
  if (options.index !== undefined) {
    throw new McdeweyError('INVALID_ARGUMENT', '--index only applies to a golden collection; other collections are indexed by eval itself', { details: { parameter: '--index' } });
  }
  if (options.list !== undefined) throw new McdeweyError('INVALID_ARGUMENT', '--list only applies to a golden collection', { details: { parameter: '--list' } });
  const wantsModel = options.model !== undefined || options.modelDir !== undefined || Boolean(process.env.MCDEWEY_MODEL_DIR);
  const modes: SearchMode[] = requested.length > 0 ? [...new Set(requested)] : wantsModel ? [...MODES] : ['lexical'];

  const collection = await readCollection(options.collection, format, {
    ...(cranfieldGain ? { cranfieldGain } : {}),
    ...(options.split !== undefined ? { split: options.split } : {}),
  });
  const embedder = modes.some((mode) => mode !== 'lexical') ? await loadEmbedder(options) : undefined;
  const progress = progressLine();
  let evaluation: CollectionEvaluation;
  try {
    evaluation = await evaluateCollection(collection, { modes, embedder, onProgress: progress.update });
  } finally {
    progress.done();
    await embedder?.dispose?.();
  }

  if (options.json) {
    process.stdout.write(`${JSON.stringify(toJson(evaluation, embedder), null, 2)}\n`);
    return;
  }
  process.stdout.write(`${formatEvaluation(evaluation)}\n`);
}

/** The evaluation as people read it: what was measured, how grades count, then one row per mode. */
export function formatEvaluation(evaluation: CollectionEvaluation): string {
  const available = evaluation.modes.filter((mode) => mode.available && mode.result);
  const lines = [
    `Collection ${evaluation.collection}: ${plural(evaluation.documents, 'document')}, ${plural(evaluation.chunks, 'chunk')}, ${plural(evaluation.queries, 'judged query', 'judged queries')}` +
      (evaluation.longQueries > 0 ? ` (${evaluation.longQueries} longer than 1000 characters)` : ''),
    `Grades: ${evaluation.gradeNote}`,
    `Metrics: ${EVAL_METRIC_NOTE}`,
    '',
  ];
  if (available.length > 0) {
    lines.push(formatEvalTable(available.map((mode) => ({ label: mode.mode, mean: mode.result!.mean, queryCount: mode.result!.queryCount }))));
    lines.push('');
    for (const mode of available) lines.push(`${mode.mode}: query time mean ${mode.latencyMs!.mean.toFixed(1)} ms, p95 ${mode.latencyMs!.p95.toFixed(1)} ms`);
  }
  for (const mode of evaluation.modes.filter((m) => !m.available)) lines.push(`${mode.mode}: not scored: ${mode.notice ?? 'unavailable'}`);
  lines.push(`Indexed in ${evaluation.ingestSeconds.toFixed(1)} s with BM25 k1=${evaluation.lexical.bm25.k} b=${evaluation.lexical.bm25.b}`);
  return lines.join('\n');
}

function toJson(evaluation: CollectionEvaluation, embedder: Embedder | undefined): unknown {
  return {
    collection: evaluation.collection,
    documents: evaluation.documents,
    chunks: evaluation.chunks,
    queries: evaluation.queries,
    longQueries: evaluation.longQueries,
    gradeNote: evaluation.gradeNote,
    metricNote: EVAL_METRIC_NOTE,
    ingestSeconds: evaluation.ingestSeconds,
    lexical: evaluation.lexical,
    embedder: embedder?.fingerprint ?? null,
    modes: evaluation.modes.map((mode) =>
      mode.available && mode.result
        ? {
            mode: mode.mode,
            available: true,
            queryCount: mode.result.queryCount,
            mean: mode.result.mean,
            latencyMs: mode.latencyMs,
            perQuery: Object.fromEntries(mode.result.perQuery),
          }
        : { mode: mode.mode, available: false, notice: mode.notice },
    ),
  };
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new McdeweyError('INVALID_ARGUMENT', `${flag} must be one of ${allowed.join(', ')}, got "${value}"`, { details: { parameter: flag, value } });
  }
  return value as T;
}

async function loadEmbedder(options: EvalCommandOptions): Promise<Embedder | undefined> {
  const { embedder, notice } = await resolveEmbedder({ model: options.model, modelDir: options.modelDir });
  if (notice) process.stderr.write(`notice: ${notice}\n`);
  return embedder;
}
