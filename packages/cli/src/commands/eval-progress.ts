import type { EvaluateCollectionOptions } from '@mcdewey/core/eval';

type EvalProgress = Parameters<NonNullable<EvaluateCollectionOptions['onProgress']>>[0];

/** One progress line on stderr, rewritten in place on a terminal, phase changes only otherwise. */
export function progressLine(): { update: (progress: EvalProgress) => void; done: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = '';
  let drawn = false;
  return {
    update(progress) {
      const label = progress.phase === 'search' ? `${progress.mode} queries` : progress.phase === 'write' ? 'writing documents' : 'indexing';
      if (tty) {
        process.stderr.write(`\r\u001b[2Keval: ${label} ${progress.done}/${progress.total}`);
        drawn = true;
      } else if (label !== last) {
        process.stderr.write(`eval: ${label} (${progress.total})\n`);
      }
      last = label;
    },
    done() {
      if (drawn) process.stderr.write('\r\u001b[2K');
    },
  };
}
