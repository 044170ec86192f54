import cliProgress from 'cli-progress';
import type { IngestProgress } from '@mcdewey/core';

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

/**
 * A progress bar on stderr, one bar per phase, labelled from `labels`. On a terminal it redraws
 * in place; elsewhere (CI, a pipe) it prints a line every few seconds instead.
 */
export function phaseProgressBar<Phase extends string>(labels: Record<Phase, string>): ProgressBar<Phase> {
  let phase: Phase | undefined;
  let bar: cliProgress.SingleBar | undefined;
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
          { stream: process.stderr, format: `${labels[progress.phase]} [{bar}] {percentage}% {value}/{total} {source}`, hideCursor: true, clearOnComplete: false, etaBuffer: 50, noTTYOutput: true, notTTYSchedule: 5000 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(progress.total, progress.done, { source: '' });
      }
      bar?.setTotal(progress.total);
      bar?.update(progress.done, { source: progress.source ?? '' });
    },
    stop,
  };
}

/** The ingest progress bar. */
export function ingestProgressBar(): ProgressBar<IngestProgress['phase']> {
  return phaseProgressBar({ read: 'Reading  ', embed: 'Embedding', index: 'Indexing ', write: 'Writing  ' });
}
