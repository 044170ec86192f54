// The docs-domain evaluation set (docs-golden.json): questions over the full shared corpus, judged
// by document and PDF page range. This test keeps the file honest: its shape and promised counts,
// balanced tune/test halves, and every judgment pointing at a real document (and real pages) of
// ../shared/corpus. Scores are not asserted here: run
//   mcdewey eval --collection packages/core/test/golden/docs-golden.json --index <index of ../shared/corpus>
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GOLDEN_TAGS, readGoldenCollection, type GoldenCollection, type GoldenQuery } from '../../src/eval/golden.js';
import { judgedUnits } from '../../src/eval/golden-grading.js';
import { detectFormat } from '../../src/eval/readers.js';
import { SHARED_CORPUS } from '../helpers.js';

const FILE = fileURLToPath(new URL('docs-golden.json', import.meta.url));
const collection: GoldenCollection = await readGoldenCollection(FILE);
const queries = collection.queries;
const vendorOf = (q: GoldenQuery): string => q.relevant[0]!.source.split('/')[0]!;
const tagged = (tag: string) => queries.filter((q) => q.tags.includes(tag as GoldenQuery['tags'][number]));
const corpusPresent = existsSync(join(SHARED_CORPUS, 'postgresql'));

/** |tune - test| within each group. */
function imbalance(group: (q: GoldenQuery) => string[]): Map<string, number> {
  const diff = new Map<string, number>();
  for (const q of queries) for (const key of group(q)) diff.set(key, (diff.get(key) ?? 0) + (q.split === 'tune' ? 1 : -1));
  return new Map([...diff].map(([key, d]) => [key, Math.abs(d)]));
}

describe('docs-golden.json', () => {
  it('reads as a golden collection and is detected as one', async () => {
    expect(await detectFormat(FILE)).toBe('golden');
    expect(JSON.parse(readFileSync(FILE, 'utf8')).format).toBe('mcdewey-golden');
  });

  it('has the promised numbers of questions of each kind', () => {
    expect(queries.length).toBeGreaterThanOrEqual(120);
    expect(tagged('pdf').length).toBeGreaterThanOrEqual(30);
    expect(tagged('version').length).toBeGreaterThanOrEqual(20);
    expect(tagged('vendor-named').length).toBeGreaterThanOrEqual(10);
    expect(tagged('typo').length).toBeGreaterThanOrEqual(10);
  });

  it('spreads the questions over all ten vendors', () => {
    const vendors = new Set(queries.map(vendorOf));
    expect([...vendors].sort()).toEqual(['debian', 'erlang-otp', 'etcd', 'haproxy', 'icinga', 'isc-bind', 'lua', 'postgresql', 'python', 'r-project']);
    for (const vendor of vendors) expect(queries.filter((q) => vendorOf(q) === vendor).length, vendor).toBeGreaterThanOrEqual(5);
  });

  it('splits tune/test in half, balanced per vendor and per tag', () => {
    const tune = queries.filter((q) => q.split === 'tune').length;
    expect(Math.abs(tune - (queries.length - tune))).toBeLessThanOrEqual(1);
    for (const [vendor, d] of imbalance((q) => [vendorOf(q)])) expect(d, vendor).toBeLessThanOrEqual(1);
    for (const [tag, d] of imbalance((q) => q.tags)) expect(d, tag).toBeLessThanOrEqual(1);
  });

  it('tags what each question is: pdf questions judge page ranges, version questions judge one version', () => {
    for (const q of queries) {
      const paged = q.relevant.some((r) => r.pages !== undefined);
      expect(q.tags.includes('pdf'), `${q.id}: pdf tag iff a page range is judged`).toBe(paged);
      expect(
        q.relevant.some((r) => r.grade === 2),
        `${q.id} has an answer (grade 2)`,
      ).toBe(true);
      // Each judgment is a unit of its own or pairs with the same document in another version.
      expect(() => judgedUnits(q)).not.toThrow();
      if (!q.tags.includes('version')) continue;
      const versions = new Set(q.relevant.map((r) => r.source.split('/').slice(0, 2).join('/')));
      expect(versions.size, `${q.id} is version-specific, so it judges one version`).toBe(1);
      const [vendor, version] = [...versions][0]!.split('/');
      const inWords = q.query.toLowerCase().includes(version!.replace(/^v/, ''));
      const inFilter = q.filters?.vendor === vendor && q.filters?.version === version;
      expect(inWords || inFilter, `${q.id} carries its version in its words or its filter`).toBe(true);
    }
    for (const tag of GOLDEN_TAGS) expect(tagged(tag).length, tag).toBeGreaterThan(0);
  });

  it.skipIf(!corpusPresent)(
    'judges only documents of ../shared/corpus, and pages each PDF has',
    async () => {
      const pageCounts = new Map<string, number>();
      for (const q of queries) {
        for (const judgment of q.relevant) {
          const file = join(SHARED_CORPUS, judgment.source);
          expect(existsSync(file), `${q.id}: ${judgment.source} exists`).toBe(true);
          if (!judgment.pages) continue;
          if (!pageCounts.has(judgment.source)) pageCounts.set(judgment.source, await pdfPageCount(file));
          expect(judgment.pages[1], `${q.id}: ${judgment.source} pages ${judgment.pages.join('-')}`).toBeLessThanOrEqual(pageCounts.get(judgment.source)!);
        }
      }
      expect(pageCounts.size).toBeGreaterThan(10);
    },
    120_000,
  );

  it.skipIf(corpusPresent)('skips the corpus checks: ../shared/corpus is absent', () => {
    console.warn(`docs-golden: ${SHARED_CORPUS} is absent; source and page checks skipped`);
  });
});

/** Physical page count of a PDF, as pdfjs (McDewey's PDF reader) counts pages. */
async function pdfPageCount(file: string): Promise<number> {
  // pdfjs runs its worker code on this thread when the worker module is preloaded (as core's reader does).
  const workerModule = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  const scope = globalThis as { pdfjsWorker?: unknown };
  scope.pdfjsWorker ??= await import(workerModule);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 });
  try {
    return (await task.promise).numPages;
  } finally {
    await task.destroy();
  }
}
