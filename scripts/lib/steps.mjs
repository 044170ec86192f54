// Numbered steps on stderr ("step 2/4: build"), each with an estimate of its time and of the
// time left in all.
import { formatDuration } from './timings.mjs';

/**
 * @typedef {object} StepReporter
 * @property {(name: string, detail?: string) => void} begin  announces a step, with its estimate and the time left in all
 * @property {(name: string) => void} end                      says how long the step took
 * @property {(name: string, reason: string) => void} skip     says a step is skipped, and why, in one line
 * @property {(name: string) => number} elapsed               seconds since the step began
 */

/**
 * A reporter for the named steps, in order. `estimate(name)` gives a step's expected seconds
 * (0 for a step that will be skipped) and is asked again at every announcement, so estimates
 * can sharpen as the run learns more.
 * @param {readonly string[]} names
 * @param {{ estimate(name: string): number, write?: (text: string) => void, now?: () => number }} options
 * @returns {StepReporter}
 */
export function stepReporter(names, { estimate, write = (text) => process.stderr.write(text), now = () => performance.now() }) {
  const started = new Map();
  const label = (name) => {
    const index = names.indexOf(name);
    if (index < 0) throw new Error(`unknown step ${name}`);
    return `step ${index + 1}/${names.length}: ${name}`;
  };
  return {
    begin(name, detail) {
      started.set(name, now());
      const own = estimate(name);
      const left = names.slice(names.indexOf(name)).reduce((sum, each) => sum + estimate(each), 0);
      const timing = own >= 1 ? ` (about ${formatDuration(own)}; about ${formatDuration(left)} left in all)` : '';
      write(`\n${label(name)}${detail ? ` — ${detail}` : ''}${timing}\n`);
    },
    end(name) {
      write(`${label(name)} done in ${formatDuration(this.elapsed(name))}\n`);
    },
    skip(name, reason) {
      write(`${label(name)} — skipped: ${reason}\n`);
    },
    elapsed(name) {
      const start = started.get(name);
      return start === undefined ? 0 : (now() - start) / 1000;
    },
  };
}
