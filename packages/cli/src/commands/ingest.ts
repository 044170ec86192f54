import { McdeweyError, ingest, resolveEmbedder, rollbackIndex, type Embedder, type IngestReport, type RollbackReport, type TrainProgress } from '@mcdewey/core';
import { ingestProgressBar } from '../progress.js';

/** Options of `mcdewey ingest`. */
export interface IngestCommandOptions {
  index: string;
  json?: boolean;
  /** Embedding model id (default Xenova/bge-small-en-v1.5). */
  model?: string;
  /** A local model folder (default MCDEWEY_MODEL_DIR). */
  modelDir?: string;
  /** False with --no-embed: a lexical-only index. */
  embed: boolean;
  /** False with --no-train: when no model can be loaded, index lexical-only instead of training one from the corpus. Default true. */
  train?: boolean;
  /** --prune: allow dropping more than half of the index's documents. */
  prune?: boolean;
  /** --rollback: swap the previous generation of the index back instead of ingesting. */
  rollback?: boolean;
}

/** `mcdewey ingest <corpus-dir> --index DIR` (or `--rollback --index DIR`): progress on stderr, a summary at the end. */
export async function ingestCommand(corpusDir: string | undefined, options: IngestCommandOptions): Promise<void> {
  if (options.rollback) {
    if (corpusDir !== undefined) throw new McdeweyError('INVALID_ARGUMENT', `--rollback takes no corpus folder (got ${corpusDir}); run: mcdewey ingest --rollback --index DIR`, { details: { parameter: 'corpus-dir' } });
    const report = await rollbackIndex(options.index);
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stderr.write(`${summarizeRollback(report)}\n`);
    return;
  }
  if (corpusDir === undefined) throw new McdeweyError('INVALID_ARGUMENT', "missing argument 'corpus-dir' (or --rollback to bring back the previous index)", { details: { parameter: 'corpus-dir' } });
  const train = options.train !== false;
  const embedder = options.embed ? await loadEmbedder(options, train) : undefined;
  const bar = ingestProgressBar();
  let report: IngestReport;
  try {
    report = await ingest(corpusDir, options.index, {
      embedder,
      // No model could be loaded: train one from this corpus (it is bundled in the index).
      trainEmbedder: options.embed && !embedder && train ? { onProgress: trainingProgress(bar) } : false,
      prune: options.prune === true,
      onProgress: (progress) => bar.update(progress),
      onNotice: (message) => {
        bar.stop();
        process.stderr.write(`notice: ${message}\n`);
      },
    });
  } finally {
    bar.stop();
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  process.stderr.write(`${summarize(report)}\n`);
}

async function loadEmbedder(options: IngestCommandOptions, train: boolean): Promise<Embedder | undefined> {
  const { embedder, notice, reason } = await resolveEmbedder({ model: options.model, modelDir: options.modelDir });
  if (notice && train) {
    process.stderr.write(`notice: ${reason ?? notice} Training a compact embedding model from this corpus instead (--no-train for a lexical-only index).\n`);
  } else if (notice) {
    process.stderr.write(`notice: ${notice}\n`);
  }
  return embedder;
}

const TRAINING_STAGES: Record<TrainProgress['stage'], string> = {
  tokenize: 'counting words',
  cooccur: 'counting co-occurrences',
  svd: 'factorising (SVD)',
  finish: 'weighting the vectors',
};

/** Training has no bar of its own: one line per stage on stderr. */
function trainingProgress(bar: { stop(): void }): (progress: TrainProgress) => void {
  let stage: TrainProgress['stage'] | undefined;
  return (progress) => {
    if (progress.stage === stage) return;
    stage = progress.stage;
    bar.stop();
    process.stderr.write(`Training embedder: ${TRAINING_STAGES[progress.stage]}\n`);
  };
}

function summarizeRollback(report: RollbackReport): string {
  return [
    `Rolled back ${report.indexDir} to its previous generation: ${report.documents} documents, ${report.chunks} chunks`,
    `The replaced generation is kept in ${report.previousDir}; run the same command again to undo.`,
  ].join('\n');
}

function summarize(report: IngestReport): string {
  const lines = [
    `Indexed ${report.documents} documents (${report.processed} read, ${report.reused} unchanged, ${report.removed} removed), ${report.pages} PDF pages, ${report.chunks} chunks in ${report.seconds.toFixed(1)} s`,
    `Index: ${report.indexDir}`,
    report.embedder ? `Vectors: ${report.embedded} chunks embedded with ${report.embedder.modelId}` : 'Vectors: none (lexical search only)',
    ...(report.trained
      ? [
          report.trained.reused
            ? `Embedder: the model trained from this corpus at the last ingest (unchanged), kept in ${report.trained.dir}`
            : `Embedder: trained from this corpus in ${report.trained.seconds.toFixed(1)} s (${report.trained.stats.words} words, ${report.trained.stats.pieces} pieces), kept in ${report.trained.dir}`,
        ]
      : []),
  ];
  if (report.skipped.length > 0) {
    lines.push(`Skipped ${report.skipped.length} files:`);
    for (const file of report.skipped) lines.push(`  ${file.source}: ${file.reason}`);
  }
  if (report.ignored.length > 0) {
    const shown = report.ignored.slice(0, 10).map((file) => file.source).join(', ');
    lines.push(`Ignored ${report.ignored.length} files that are not documents (${shown}${report.ignored.length > 10 ? ', …' : ''})`);
  }
  return lines.join('\n');
}
