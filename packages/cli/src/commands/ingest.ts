import { ingest, resolveEmbedder, type Embedder, type IngestReport } from '@mcdewey/core';
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
}

/** `mcdewey ingest <corpus-dir> --index DIR`: progress on stderr, a summary at the end. */
export async function ingestCommand(corpusDir: string, options: IngestCommandOptions): Promise<void> {
  const embedder = options.embed ? await loadEmbedder(options) : undefined;
  const bar = ingestProgressBar();
  let report: IngestReport;
  try {
    report = await ingest(corpusDir, options.index, {
      embedder,
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

async function loadEmbedder(options: IngestCommandOptions): Promise<Embedder | undefined> {
  const { embedder, notice } = await resolveEmbedder({ model: options.model, modelDir: options.modelDir });
  if (notice) process.stderr.write(`notice: ${notice}\n`);
  return embedder;
}

function summarize(report: IngestReport): string {
  const lines = [
    `Indexed ${report.documents} documents (${report.processed} read, ${report.reused} unchanged, ${report.removed} removed), ${report.pages} PDF pages, ${report.chunks} chunks in ${report.seconds.toFixed(1)} s`,
    `Index: ${report.indexDir}`,
    report.embedder ? `Vectors: ${report.embedded} chunks embedded with ${report.embedder.modelId}` : 'Vectors: none (lexical search only)',
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
