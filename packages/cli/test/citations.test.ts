import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '@mcdewey/test-support/pdf';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-citations-'));
const corpus = join(root, 'corpus');
const index = join(root, 'index');

function mcdewey(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (words: string) => Array.from({ length: 30 }, (_, i) => `${words}, step ${i + 1}.`);

beforeAll(() => {
  const file = join(corpus, 'labco/v3/manuals/handbook.pdf');
  mkdirSync(dirname(file), { recursive: true });
  // Printed "i" on the cover, then 1, 2 from the PDF's second page.
  writeFileSync(
    file,
    minimalPdf(
      [
        ['Labco Handbook', ...lines('The cover page runs long on purpose')],
        ['Calibration', 'Calibrate the quartz oscillator before the first launch.', ...lines('Turn the dial to seven and wait')],
        ['Storage', 'Store the oscillator in a dry cupboard.', ...lines('Keep the cupboard closed at night')],
      ],
      '/PageLabels << /Nums [0 << /S /r >> 1 << /S /D >>] >>',
    ),
  );
  expect(mcdewey('ingest', corpus, '--index', index).code).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The id of the chunk that says `phrase`, from `search --json`. */
function chunkWith(phrase: string): { id: string; page: number; pageLabel?: string; title: string; headings: string[] } {
  return JSON.parse(mcdewey('search', phrase, '--index', index, '--json', '--limit', '1').stdout).results[0];
}

describe('printed page numbers in the CLI', () => {
  it('search results say "page 1 (PDF page 2)", and --json carries pageLabel', () => {
    expect(chunkWith('quartz oscillator calibrate')).toMatchObject({ page: 2, pageLabel: '1' });
    expect(mcdewey('search', 'quartz oscillator calibrate', '--index', index, '--limit', '1').stdout).toContain('[labco · v3 · page 1 (PDF page 2)]');
  });

  it('show cites the printed page in the page row and heads a PDF card with its section, not "Page 2"', () => {
    const chunk = chunkWith('quartz oscillator calibrate');
    const { code, stdout } = mcdewey('show', chunk.id, '--index', index);
    expect(code).toBe(0);
    expect(stdout).toContain('page      p. 1 (PDF page 2)');
    expect(stdout.split('\n')[0]).toBe(chunk.headings.at(-1) ?? chunk.title);
    expect(stdout).not.toMatch(/^Page /m);
  });

  it('show --citation prints the one-line citation the web card copies', () => {
    const chunk = chunkWith('quartz oscillator calibrate');
    const { code, stdout } = mcdewey('show', chunk.id, '--index', index, '--citation');
    expect(code).toBe(0);
    const section = chunk.headings.filter((heading) => heading !== chunk.title).join(' › ');
    expect(stdout).toBe(`${['labco v3', chunk.title, section, 'p. 1 (PDF page 2)', chunk.id, 'labco/v3/manuals/handbook.pdf'].filter(Boolean).join(' · ')}\n`);
  });
});
