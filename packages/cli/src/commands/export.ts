import { openIndex } from '@mcdewey/core';
import { exportSite, type ExportPhase, type ExportReport } from '@mcdewey/static';
import { plural } from '../output.js';
import { phaseProgressBar } from '../progress.js';

/** Options of `mcdewey export`. */
export interface ExportCommandOptions {
  /** The index directory. */
  index: string;
  /** The folder to write the site to. */
  out: string;
  /** URL path the site is served under (`/docs/`); default `/`. */
  basePath?: string;
  /** A model folder for semantic search in the browser; default none (a lexical site). */
  withModel?: string;
  /** The corpus folder, to copy the original files (PDFs) into the site; default none. */
  corpus?: string;
  /** Print the export report as JSON on stdout. */
  json?: boolean;
}

const LABELS: Record<ExportPhase, string> = {
  terms: 'Terms    ',
  chunks: 'Chunks   ',
  originals: 'Originals',
  model: 'Vectors  ',
  verify: 'Checking ',
  documents: 'Documents',
  commit: 'Writing  ',
};

/** `mcdewey export --index DIR --out SITE`: progress on stderr, a summary at the end. */
export async function exportCommand(options: ExportCommandOptions): Promise<void> {
  const library = await openIndex(options.index);
  const bar = phaseProgressBar(LABELS);
  let report: ExportReport;
  try {
    report = await exportSite(library, {
      outDir: options.out,
      ...(options.basePath !== undefined ? { basePath: options.basePath } : {}),
      ...(options.withModel !== undefined ? { withModel: options.withModel } : {}),
      ...(options.corpus !== undefined ? { corpusDir: options.corpus } : {}),
      onProgress: (progress) => bar.update(progress),
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

function summarize(report: ExportReport): string {
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return [
    `Exported ${plural(report.documents, 'document')}, ${plural(report.chunks, 'chunk')} in ${report.seconds.toFixed(1)} s: ${plural(report.files, 'file')}, ${mib(report.bytes)}`,
    `Site: ${report.outDir} (serve it under ${report.basePath}; open index.html)`,
    `Search: ${plural(report.lexical.shards, 'term shard')}, ${plural(report.blocks.count, 'chunk block')}; ${plural(report.verifiedQueries, 'sample query', 'sample queries')} give the same results as mcdewey search --mode lexical`,
    report.semantic
      ? `Semantic: ${report.semantic.model} runs in the browser (model ${mib(report.semantic.modelBytes)}, runtime ${mib(report.semantic.runtimeBytes)}, vectors ${mib(report.semantic.vectorBytes)})`
      : 'Semantic: none (a lexical site; add --with-model DIR for semantic search in the browser)',
    report.originals > 0 ? `Originals: ${plural(report.originals, 'file')} copied` : 'Originals: none (add --corpus DIR to link the original PDFs)',
  ].join('\n');
}
