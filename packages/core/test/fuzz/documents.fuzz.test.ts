import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { ingest, type IngestReport } from '../../src/pipeline/ingest.js';
import type { IngestLimitsOptions } from '../../src/ingest/limits.js';
import { openIndex } from '../../src/open.js';
import { search } from '../../src/search.js';
import { writeTree } from '../helpers.js';
import { BASE_DOCUMENTS, describeCase, documentBytes, documentCase, type DocumentCase } from './document-mutations.js';

/**
 * Fuzzes ingest's readers: each run ingests a corpus of one good page and a few spoiled
 * documents (every format). Ingest must finish: the good page indexed, each spoiled document
 * either indexed (and readable back) or skipped with a reason; never an exception, never a hang
 * (the per-document limits bound each one). Bounded for CI: fixed seed, a few runs.
 */
const SEED = 20_260_613;
const RUNS = 30;
const DOCUMENTS_PER_RUN = 8;
/** Tighter than the defaults, so that a document that runs away costs seconds, not a minute. */
const LIMITS: IngestLimitsOptions = { maxSecondsPerDocument: 10, maxHeapMbPerDocument: 256 };
const RUN_DEADLINE_MS = 40_000;

const GOOD_SOURCE = 'acme/v1/guide/good.md';
const GOOD_ID = 'acme::v1::guide::good';

const root = mkdtempSync(join(tmpdir(), 'mcdewey-fuzz-documents-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;
/** Ingests the good page and the spoiled documents; returns what ingest reported and the index folder. */
async function ingestCases(cases: readonly DocumentCase[]): Promise<{ report: IngestReport; indexDir: string; sources: string[] }> {
  const dir = join(root, String(runs++));
  const files: Record<string, string | Uint8Array> = { [GOOD_SOURCE]: '# Good page\n\nThe zeppelin hangar opens at dawn.\n' };
  const sources = cases.map((fuzzCase, i) => `acme/v1/fuzzed/case-${i}.${fuzzCase.base}`);
  cases.forEach((fuzzCase, i) => (files[sources[i]!] = documentBytes(fuzzCase)));
  writeTree(join(dir, 'corpus'), files);
  const indexDir = join(dir, 'index');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`ingest hung: no answer in ${RUN_DEADLINE_MS} ms`)), RUN_DEADLINE_MS);
  });
  try {
    const report = await Promise.race([ingest(join(dir, 'corpus'), indexDir, { limits: LIMITS }), deadline]);
    return { report, indexDir, sources };
  } finally {
    clearTimeout(timer);
  }
}

describe('fuzzing corpus documents', () => {
  it('reads every base document as it is (so the edits below spoil something that works)', async () => {
    const bases = Object.keys(BASE_DOCUMENTS) as DocumentCase['base'][];
    const { report, sources } = await ingestCases(bases.map((base) => ({ base, edits: [] })));
    expect(report.skipped).toEqual([]);
    expect(report.documents).toBe(1 + sources.length);
  });

  it(`ingest keeps the good page and indexes or skips each spoiled document; never throws or hangs (seed ${SEED})`, async () => {
    const seen = { indexed: 0, skipped: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(documentCase, { minLength: 1, maxLength: DOCUMENTS_PER_RUN, size: 'max' }), async (cases) => {
        const where = () => cases.map((fuzzCase, i) => `case-${i}: ${describeCase(fuzzCase)}`).join('\n');
        let outcome: Awaited<ReturnType<typeof ingestCases>>;
        try {
          outcome = await ingestCases(cases);
        } catch (error) {
          const kind = isMcdeweyError(error) ? `McdeweyError ${error.code}` : error instanceof Error ? error.constructor.name : typeof error;
          throw new Error(`ingest threw ${kind}: ${error instanceof Error ? error.message : String(error)}\n${where()}`, { cause: error });
        }
        const { report, indexDir, sources } = outcome;
        const library = await openIndex(indexDir);
        try {
          expect(library.getDocument(GOOD_ID).chunks.length, where()).toBeGreaterThan(0);
          expect((await search(library, 'zeppelin hangar')).results[0]?.doc, where()).toBe('good');
          for (const source of sources) {
            const indexed = library.documents.find((document) => document.source === source);
            const skipped = report.skipped.find((entry) => entry.source === source);
            expect(Boolean(indexed) !== Boolean(skipped), `${source} must be indexed or skipped, once\n${where()}`).toBe(true);
            if (skipped) {
              expect(skipped.reason, where()).toMatch(/\S/);
              expect(skipped.reason, `${source}: a reason, not a stack trace\n${where()}`).not.toMatch(/\n\s+at /);
              seen.skipped++;
            } else {
              // What was indexed reads back: every chunk, and a search over the document's own words.
              const { chunks } = library.getDocument(indexed!.id);
              expect(chunks.length, where()).toBe(indexed!.chunkCount);
              const words = chunks
                .map((chunk) => chunk.text)
                .join(' ')
                .match(/\b[a-z]{4,20}\b/gi)
                ?.slice(0, 3)
                .join(' ');
              if (words) await search(library, words, { filters: { doc: indexed!.doc } });
              seen.indexed++;
            }
          }
        } finally {
          library.close();
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The edits must both spoil documents past reading and leave some readable, or the property proves little.
    expect(seen.skipped).toBeGreaterThan(0);
    expect(seen.indexed).toBeGreaterThan(0);
  }, 240_000);
});
