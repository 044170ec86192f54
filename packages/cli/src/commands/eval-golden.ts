import { McdeweyError, openIndex, type SearchMode } from '@mcdewey/core';
import { evaluateGolden, formatDocsEvalTable, readGoldenCollection, type GoldenEvaluation, type GoldenList, type GoldenSplit } from '@mcdewey/core/eval';
import type { EvalCommandOptions } from './eval.js';
import { plural } from '../output.js';
import { progressLine } from './eval-progress.js';

const SPLITS: readonly GoldenSplit[] = ['tune', 'test'];

/**
 * `mcdewey eval --collection golden.json --index DIR`: run a golden collection's questions (with
 * their filters) against an index of its corpus and print nDCG@10, success@5, MRR@10, recall@10
 * and wrong-version results per mode. `modes` default to every mode the index can serve.
 */
export async function evalGoldenCommand(options: EvalCommandOptions, modes: SearchMode[] | undefined): Promise<void> {
  if (options.index === undefined) {
    throw new McdeweyError('INVALID_ARGUMENT', `--index is required for the golden collection ${options.collection}: it is run against an index of the corpus it was written for`, {
      details: { parameter: '--index' },
    });
  }
  if (options.split !== undefined && !(SPLITS as readonly string[]).includes(options.split)) {
    throw new McdeweyError('INVALID_ARGUMENT', `--split must be tune or test for a golden collection, got "${options.split}"`, { details: { parameter: '--split' } });
  }
  if (options.list !== undefined && options.list !== 'shown' && options.list !== 'chunks') {
    throw new McdeweyError('INVALID_ARGUMENT', `--list must be shown or chunks, got "${options.list}"`, { details: { parameter: '--list' } });
  }
  if (options.cranfieldGain !== undefined) throw new McdeweyError('INVALID_ARGUMENT', '--cranfield-gain only applies to Cranfield', { details: { parameter: '--cranfield-gain' } });
  const collection = await readGoldenCollection(options.collection);
  const needsModel = modes === undefined || modes.some((mode) => mode !== 'lexical');
  const library = await openIndex(options.index, {
    warm: true,
    ...(needsModel ? { embedder: 'auto' as const, modelDir: options.modelDir } : {}),
    onNotice: (message) => process.stderr.write(`notice: ${message}\n`),
  });
  if (needsModel && library.embedderNotice) process.stderr.write(`notice: ${library.embedderNotice}\n`);
  const progress = progressLine();
  let evaluation: GoldenEvaluation;
  try {
    evaluation = await evaluateGolden(library, collection, {
      ...(modes ? { modes } : {}),
      ...(options.split ? { split: options.split as GoldenSplit } : {}),
      ...(options.list ? { list: options.list as GoldenList } : {}),
      onProgress: progress.update,
    });
  } finally {
    progress.done();
    await library.dispose();
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(evaluation, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${formatGoldenEvaluation(evaluation)}\n`);
}

/** A golden evaluation as people read it: what was measured, the table per mode, then nDCG@10 per tag. */
export function formatGoldenEvaluation(evaluation: GoldenEvaluation): string {
  const available = evaluation.modes.filter((mode) => mode.available && mode.mean);
  const lines = [
    `Collection ${evaluation.collection} (${evaluation.split === 'all' ? 'both splits' : `${evaluation.split} split`}): ${plural(evaluation.queries, 'question')} ` +
      `over an index of ${plural(evaluation.documents, 'document')}, ${plural(evaluation.chunks, 'chunk')}`,
    `Grades: ${evaluation.gradeNote}`,
    `Metrics: ${evaluation.metricNote} Wrong-version: results in the top 10 of version-specific questions from a version they did not ask for.`,
    '',
  ];
  if (available.length > 0) {
    lines.push(formatDocsEvalTable(available.map((mode) => ({ label: mode.mode, mean: mode.mean!, queryCount: mode.perQuery!.length, wrongVersion: mode.wrongVersion }))));
    lines.push('', 'nDCG@10 by tag:');
    for (const mode of available) {
      const tags = Object.entries(mode.byTag ?? {}).map(([tag, figures]) => `${tag} ${figures.mean.ndcg10.toFixed(3)} (${figures.queryCount})`);
      lines.push(`  ${mode.mode}: ${tags.join(', ')}`);
    }
    for (const mode of available) lines.push(`${mode.mode}: query time mean ${mode.latencyMs!.mean.toFixed(1)} ms, p95 ${mode.latencyMs!.p95.toFixed(1)} ms`);
  }
  for (const mode of evaluation.modes.filter((m) => !m.available)) lines.push(`${mode.mode}: not scored: ${mode.notice ?? 'unavailable'}`);
  return lines.join('\n');
}
