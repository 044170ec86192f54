import { McdeweyError, embedIndex, type EmbedIndexReport, type Embedder } from '@mcdewey/core';
import { resolveEmbedder } from '@mcdewey/core/models';
import { plural } from '../output.js';
import { ingestProgressBar, ingestReporting } from '../progress.js';

/** Options of `mcdewey embed`. */
export interface EmbedCommandOptions {
  index: string;
  /** Embedding model id: embed with this model instead of the one the index is being embedded with. */
  model?: string;
  /** A local model folder (default: the folder recorded at ingest, else MCDEWEY_MODEL_DIR). */
  modelDir?: string;
  /** False with --no-train: an index ingested without vectors is not given a model trained from its chunks. */
  train?: boolean;
  json?: boolean;
}

/**
 * `mcdewey embed --index DIR`: embeds an index published before its vectors (an ingest that was
 * interrupted, or is to be finished), resuming where it stopped; progress and time left on stderr.
 */
export async function embedCommand(options: EmbedCommandOptions): Promise<void> {
  const embedder = options.model !== undefined ? await loadModel(options) : undefined;
  const bar = ingestProgressBar();
  const { onTrainProgress, onProgress, onNotice } = ingestReporting(bar);
  let report: EmbedIndexReport;
  try {
    report = await embedIndex(options.index, { embedder, modelDir: options.modelDir, trainEmbedder: options.train === false ? false : { onProgress: onTrainProgress }, onProgress, onNotice });
  } finally {
    bar.stop();
    await embedder?.dispose?.();
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  process.stderr.write(`${summarize(report)}\n`);
}

async function loadModel(options: EmbedCommandOptions): Promise<Embedder> {
  const { embedder, notice } = await resolveEmbedder({ model: options.model, modelDir: options.modelDir });
  if (embedder) return embedder;
  throw new McdeweyError('EMBEDDER_UNAVAILABLE', notice ?? `the model ${options.model} could not be loaded`, { details: { parameter: '--model' } });
}

function summarize(report: EmbedIndexReport): string {
  if (report.alreadyEmbedded) return `${report.indexDir} has its vectors already (${report.embedder?.modelId ?? 'none'}); nothing to do.`;
  if (!report.embedder) return `${report.indexDir} stays lexical-only: no model could be made for it.`;
  const resumed = report.resumed > 0 ? `, ${plural(report.resumed, 'chunk')} kept from the interrupted run` : '';
  return [
    `Embedded ${plural(report.embedded, 'chunk')} of ${report.chunks} with ${report.embedder.modelId}${resumed} in ${report.seconds.toFixed(1)} s`,
    `Index: ${report.indexDir} (semantic and hybrid search now work; servers watching it pick the vectors up)`,
  ].join('\n');
}
