import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-citations-'));
const corpus = join(root, 'corpus');
const index = join(root, 'index');

function mcdewey(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A PDF with one page per entry (lines of Helvetica text) and the catalog entries given (`/PageLabels`). */
function pdf(pages: string[][], catalog: string): Buffer {
  const objects = [
    '',
    `<< /Type /Catalog /Pages 2 0 R ${catalog} >>`,
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${4 + i * 2} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  pages.forEach((lines, i) => {
    const stream = `BT /F1 11 Tf 14 TL 72 740 Td ${lines.map((line) => `(${line}) Tj T*`).join(' ')} ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
      `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    );
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets.push(out.length);
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const lines = (words: string) => Array.from({ length: 30 }, (_, i) => `${words}, step ${i + 1}.`);

beforeAll(() => {
  const file = join(corpus, 'labco/v3/manuals/handbook.pdf');
  mkdirSync(dirname(file), { recursive: true });
  // Printed "i" on the cover, then 1, 2 from the PDF's second page.
  writeFileSync(
    file,
    pdf(
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
