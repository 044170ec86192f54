import cliProgress from 'cli-progress';
import type { IngestProgress } from '@mcdewey/core';

const LABELS: Record<IngestProgress['phase'], string> = {
  read: 'Reading  ',
  embed: 'Embedding',
  index: 'Indexing ',
  write: 'Writing  ',
};

/**
 * A progress bar on stderr for ingest, one bar per phase. On a terminal it redraws in place;
 * elsewhere (CI, a pipe) it prints a line every few seconds instead.
 */
export function ingestProgressBar(): { update(progress: IngestProgress): void; stop(): void } {
  let phase: IngestProgress['phase'] | undefined;
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
          { stream: process.stderr, format: `${LABELS[progress.phase]} [{bar}] {percentage}% {value}/{total} {source}`, hideCursor: true, clearOnComplete: false, etaBuffer: 50, noTTYOutput: true, notTTYSchedule: 5000 },
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
