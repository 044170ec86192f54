// The first ingest tells what it is doing: every phase, training an embedder included, has a
// progress line on stderr (off a terminal, a line per phase and then every few seconds).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-progress-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Enough distinct, repeated words (400 made-up ones) for the default 256-dimension trainer. */
function corpusWithVocabulary(dir: string): void {
  const syllables = ['ka', 'lo', 'mi', 'nu', 'pe', 'ra', 'si', 'to', 'vu', 'ze', 'ba', 'do', 'fi', 'gu', 'he', 'ja', 'ko', 'li', 'mo', 'ne'];
  const words = syllables.flatMap((a) => syllables.map((b) => `${a}${b}`));
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let doc = 0; doc < 30; doc++) {
    const paragraphs = Array.from({ length: 6 }, () => Array.from({ length: 60 }, () => words[Math.floor(random() * words.length)]).join(' ') + '.');
    const path = join(dir, `acme/v1/guide/part-${doc}.md`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `# Part ${doc}\n\n${paragraphs.join('\n\n')}\n`);
  }
}

describe('mcdewey ingest progress', () => {
  it('shows each training stage, the SVD counted in steps to its end, then embedding and writing', () => {
    const corpus = join(root, 'corpus');
    corpusWithVocabulary(corpus);
    // An id no hub has: offline it cannot be reached, online it is not found; either way a model is trained.
    const run = spawnSync(process.execPath, [BIN, 'ingest', corpus, '--index', join(root, 'index'), '--model', 'mcdewey-test/no-such-model'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', MCDEWEY_MODEL_DIR: '' },
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stderr.split('\n');
    const first = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const order = [/^Reading /, /^Training: words /, /^Training: pairs /, /^Training: SVD /, /^Training: weights /, /^Embedding /, /^Writing /].map(first);
    expect(
      order.every((at) => at >= 0),
      run.stderr,
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(run.stderr).toMatch(/^Training: SVD +\[[^\]]+\] 100% 9\/9$/m);
    expect(run.stderr).toMatch(/Embedder: trained from this corpus/);
  });
});
