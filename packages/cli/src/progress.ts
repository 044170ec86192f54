import cliProgress from 'cli-progress';
import type { IngestProgress } from '@mcdewey/core';
import type { TrainProgress } from '@mcdewey/core/models';

/** Progress of a phased task: ingest, export. `source` names the file at work, when there is one. */
export interface PhaseProgress<Phase extends string> {
  phase: Phase;
  done: number;
  total: number;
  source?: string;
}

/** A progress display driven by `update`; `stop` ends the current bar. */
export interface ProgressBar<Phase extends string> {
  update(progress: PhaseProgress<Phase>): void;
  stop(): void;
}

/** Off a terminal (CI, a pipe), a progress line every this many milliseconds. */
const NOT_TTY_INTERVAL_MS = 5000;

/**
 * A progress bar on stderr, one bar per phase, labelled from `labels`, with an estimate of the
 * phase's time left once it has a pace to go by. On a terminal it redraws in place; elsewhere
 * (CI, a pipe) it prints a line every few seconds instead.
 */
export function phaseProgressBar<Phase extends string>(labels: Record<Phase, string>): ProgressBar<Phase> {
  const width = Math.max(...Object.values<string>(labels).map((label) => label.length));
  let phase: Phase | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = 0;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    update(progress) {
      if (progress.phase !== phase) {
        stop();
        phase = progress.phase;
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: barLine(labels[progress.phase].padEnd(width)),
            hideCursor: true,
            clearOnComplete: false,
            etaBuffer: 50,
            noTTYOutput: true,
            notTTYSchedule: NOT_TTY_INTERVAL_MS,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(progress.total, progress.done, { source: '' });
        lastLine = Date.now();
      }
      bar?.setTotal(progress.total);
      bar?.update(progress.done, { source: progress.source ?? '' });
      // Off a terminal, cli-progress prints from a timer, which cannot fire while a phase computes
      // without yielding (training's SVD): print from the updates as well.
      if (bar && !process.stderr.isTTY && Date.now() - lastLine >= NOT_TTY_INTERVAL_MS) {
        bar.render();
        lastLine = Date.now();
      }
    },
    stop,
  };
}

/** `label [bar] 45% 4/9 · about 20 s left source`: the estimate once the bar has moved and before it is full. */
function barLine(label: string): cliProgress.GenericFormatter {
  return (options, params, payload: { source?: string }) => {
    const eta = Number(params.eta);
    const left = params.value > 0 && params.value < params.total && Number.isFinite(eta) && eta > 0 ? ` · about ${formatSeconds(eta)} left` : '';
    const source = payload.source ? ` ${payload.source}` : '';
    return `${label} [${cliProgress.Format.BarFormat(params.progress, options)}] ${Math.floor(params.progress * 100)}% ${params.value}/${params.total}${left}${source}`;
  };
}

function formatSeconds(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** The ingest progress bar: reading, training an embedder (when one is trained), embedding, indexing, writing. */
export function ingestProgressBar(): ProgressBar<IngestProgress['phase'] | TrainProgress['stage']> {
  return phaseProgressBar({
    read: 'Reading',
    // Training an embedding model from the corpus, when no model could be loaded.
    tokenize: 'Training: words',
    cooccur: 'Training: pairs',
    svd: 'Training: SVD',
    finish: 'Training: weights',
    embed: 'Embedding',
    index: 'Indexing',
    write: 'Writing',
  });
}

/** What ingest and embed tell `bar`: their phases, training's stages, and notices (each on its own line). */
export function ingestReporting(bar: ProgressBar<IngestProgress['phase'] | TrainProgress['stage']>) {
  return {
    onTrainProgress: (progress: TrainProgress) => bar.update({ phase: progress.stage, done: progress.done, total: progress.total }),
    onProgress: (progress: IngestProgress) => bar.update(progress),
    onNotice: (message: string) => {
      bar.stop();
      process.stderr.write(`notice: ${message}\n`);
    },
  };
}
