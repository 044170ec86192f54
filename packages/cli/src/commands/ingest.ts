import { McdeweyError, ingest, rollbackIndex, type Embedder, type IngestReport, type RollbackReport } from '@mcdewey/core';
import { rememberedModelFolder, resolveEmbedder } from '@mcdewey/core/models';
import { plural } from '../output.js';
import { ingestProgressBar, ingestReporting } from '../progress.js';

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
    if (corpusDir !== undefined)
      throw new McdeweyError('INVALID_ARGUMENT', `--rollback takes no corpus folder (got ${corpusDir}); run: mcdewey ingest --rollback --index DIR`, { details: { parameter: 'corpus-dir' } });
    const report = await rollbackIndex(options.index);
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stderr.write(`${summarizeRollback(report)}\n`);
    return;
  }
  if (corpusDir === undefined) throw new McdeweyError('INVALID_ARGUMENT', "missing argument 'corpus-dir' (or --rollback to bring back the previous index)", { details: { parameter: 'corpus-dir' } });
  const train = options.train !== false;
  const embedder = options.embed ? await loadEmbedder(options, train) : undefined;
  const bar = ingestProgressBar();
  const { onTrainProgress, onProgress, onNotice } = ingestReporting(bar);
  let report: IngestReport;
  try {
    report = await ingest(corpusDir, options.index, {
      embedder,
      // No model could be loaded: train one from this corpus (it is bundled in the index).
      trainEmbedder: options.embed && !embedder && train ? { onProgress: onTrainProgress } : false,
      prune: options.prune === true,
      onSearchable: ({ indexDir, chunks, seconds }) => {
        bar.stop();
        process.stderr.write(`${searchableLine(indexDir, chunks, seconds)}\n`);
      },
      onProgress,
      onNotice,
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
  const modelDir = options.modelDir ?? (await rememberedFolder(options));
  const { embedder, notice, reason } = await resolveEmbedder({ model: options.model, modelDir });
  if (notice && train) {
    process.stderr.write(`notice: ${reason ?? notice} Training a compact embedding model from this corpus instead (--no-train for a lexical-only index).\n`);
  } else if (notice) {
    process.stderr.write(`notice: ${notice}\n`);
  }
  return embedder;
}

/**
 * Without --model, --model-dir or MCDEWEY_MODEL_DIR, a re-ingest keeps the model folder the index
 * was built with while it holds the same model, instead of switching models (and re-embedding).
 */
async function rememberedFolder(options: IngestCommandOptions): Promise<string | undefined> {
  if (options.model !== undefined || process.env.MCDEWEY_MODEL_DIR) return undefined;
  const remembered = await rememberedModelFolder(options.index);
  if (!remembered) return undefined;
  if (remembered.unchanged) {
    process.stderr.write(`notice: embedding with the model folder this index was built with, ${remembered.path} (--model or --model-dir to choose another)\n`);
    return remembered.path;
  }
  process.stderr.write(
    `notice: this index was built with the model in ${remembered.path}, which has moved or changed; pass --model-dir DIR to keep its model. Choosing a model as for a new index instead.\n`,
  );
  return undefined;
}

/** The index answers lexical searches while its chunks are embedded; a kill keeps what is done. */
function searchableLine(indexDir: string, chunks: number, seconds: number): string {
  return `Searchable now (lexical search) after ${seconds.toFixed(1)} s: ${plural(chunks, 'chunk')} in ${indexDir}. Embedding them continues; if it is interrupted, mcdewey embed --index ${indexDir} resumes where it stopped.`;
}

function summarizeRollback(report: RollbackReport): string {
  return [
    `Rolled back ${report.indexDir} to its previous generation: ${plural(report.documents, 'document')}, ${plural(report.chunks, 'chunk')}`,
    `The replaced generation is kept in ${report.previousDir}; run the same command again to undo.`,
  ].join('\n');
}

function summarize(report: IngestReport): string {
  const lines = [
    `Indexed ${plural(report.documents, 'document')} (${report.processed} read, ${report.reused} unchanged, ${report.removed} removed), ${plural(report.pages, 'PDF page')}, ${plural(report.chunks, 'chunk')} in ${report.seconds.toFixed(1)} s`,
    `Index: ${report.indexDir}`,
    report.embedder
      ? `Vectors: ${plural(report.embedded, 'chunk')} embedded with ${report.embedder.modelId}${report.resumed ? ` (and ${plural(report.resumed, 'chunk')} an interrupted run had embedded)` : ''}`
      : 'Vectors: none (lexical search only)',
    ...(report.modelFolder ? [`Model folder: ${report.modelFolder} (remembered: search, serve and mcp use it without --model-dir while it holds this model)`] : []),
    ...(report.trained
      ? [
          report.trained.reused
            ? `Embedder: the model trained from this corpus at the last ingest (unchanged), kept in ${report.trained.dir}`
            : `Embedder: trained from this corpus in ${report.trained.seconds.toFixed(1)} s (${plural(report.trained.stats.words, 'word')}, ${plural(report.trained.stats.pieces, 'piece')}), kept in ${report.trained.dir}`,
        ]
      : []),
  ];
  if (report.skipped.length > 0) {
    lines.push(`Skipped ${plural(report.skipped.length, 'file')}:`);
    for (const file of report.skipped) lines.push(`  ${file.source}: ${file.reason}`);
  }
  if (report.ignored.length > 0) {
    const shown = report.ignored
      .slice(0, 10)
      .map((file) => file.source)
      .join(', ');
    lines.push(`Ignored ${plural(report.ignored.length, 'file')} that are not documents (${shown}${report.ignored.length > 10 ? ', …' : ''})`);
  }
  return lines.join('\n');
}
