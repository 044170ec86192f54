import { trainEmbedder, type TrainEmbedderReport, type TrainProgress } from '@mcdewey/core/models';
import { plural } from '../output.js';

/** Options of `mcdewey train-embedder`. */
export interface TrainEmbedderCommandOptions {
  /** Where to write the model folder. */
  out: string;
  /** Width of the vectors (default 256). */
  dims?: number;
  /** Print the report as JSON on stdout. */
  json?: boolean;
}

const STAGES: Record<TrainProgress['stage'], string> = {
  tokenize: 'counting words',
  cooccur: 'counting co-occurrences',
  svd: 'factorising (SVD)',
  finish: 'weighting and writing',
};

/**
 * `mcdewey train-embedder <corpus-or-index-dir> --out DIR`: trains an embedding model from a
 * corpus (or an existing index's chunks) and writes it as a model folder for `--model-dir`.
 */
export async function trainEmbedderCommand(source: string, options: TrainEmbedderCommandOptions): Promise<void> {
  const line = progressLine();
  let report: TrainEmbedderReport;
  try {
    report = await trainEmbedder(source, options.out, {
      ...(options.dims !== undefined ? { dims: options.dims } : {}),
      onRead: (done, total) => line.show(`reading documents ${done}/${total}`),
      onProgress: (progress) => line.show(`${STAGES[progress.stage]} ${progress.done}/${progress.total}`),
    });
  } finally {
    line.done();
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const { stats } = report;
  process.stderr.write(
    [
      `Trained ${report.modelId} from ${plural(report.chunks, 'chunk')} (${plural(stats.tokens, 'word')}) in ${(report.readSeconds + report.trainSeconds).toFixed(1)} s (training ${report.trainSeconds.toFixed(1)} s)`,
      `  ${plural(stats.words, 'word')} and ${plural(stats.pieces, 'subword piece')}, ${plural(report.dims, 'dimension')}, ${(report.bytes / 1e6).toFixed(1)} MB`,
      `Model folder: ${report.dir}`,
      `Use it with: mcdewey ingest <corpus-dir> --model-dir ${report.dir}`,
    ].join('\n') + '\n',
  );
}

/** One progress line on stderr: rewritten in place on a terminal, one line per stage otherwise. */
function progressLine(): { show(text: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let lastStage = '';
  let drawn = false;
  return {
    show(text) {
      if (tty) {
        process.stderr.write(`\r\u001b[2Ktrain-embedder: ${text}`);
        drawn = true;
        return;
      }
      const stage = text.replace(/ \d+\/\d+$/, '');
      if (stage !== lastStage) process.stderr.write(`train-embedder: ${stage}\n`);
      lastStage = stage;
    },
    done() {
      if (drawn) process.stderr.write('\r\u001b[2K');
    },
  };
}
