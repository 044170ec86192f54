// Docs-domain golden set: natural questions over the bundled corpus/ with the chunk ids a user would
// accept (golden.json, graded 2 = answers, 1 = acceptable). A change that lowers nDCG@10 below the
// committed baseline (golden-baseline.json, minus EPSILON) fails here.
//
// After an intended improvement (or a deliberate trade-off the lead signed off), refresh the baseline:
//   UPDATE_GOLDEN_BASELINE=1 npx vitest run packages/core/test/golden
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRun, type EvalResult } from '../../src/eval/metrics.js';
import type { Qrels } from '../../src/eval/types.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { search, type SearchOptions } from '../../src/search.js';
import type { Library } from '../../src/store/library.js';
import { SAMPLE_CORPUS } from '../helpers.js';

interface GoldenQuery {
  id: string;
  query: string;
  /** Chunk id → grade (2 answers the question, 1 acceptable). */
  relevant: Record<string, number>;
}

interface Figures {
  ndcg10: number;
  mrr10: number;
}

interface Baseline {
  /** Allowed drop below the baseline before the test fails. */
  epsilon: number;
  /** Lexical ranking as is: no per-document cap, no duplicate folding (what the eval command scores). */
  ranking: Figures;
  /** The result list users see: search defaults (two chunks per document, duplicates folded). */
  defaults: Figures;
  updated: string;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const GOLDEN_FILE = join(here, 'golden.json');
const BASELINE_FILE = join(here, 'golden-baseline.json');
const golden = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as { queries: GoldenQuery[] };
const baseline = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Baseline;
const updating = process.env.UPDATE_GOLDEN_BASELINE === '1';

const qrels: Qrels = new Map(golden.queries.map((q) => [q.id, new Map(Object.entries(q.relevant))]));

let work: string;
let library: Library;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mcdewey-golden-'));
  await ingest(SAMPLE_CORPUS, join(work, 'index'));
  library = await openIndex(join(work, 'index'), { warm: true });
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs every golden query; a result stands for the best-graded of its id and the ids it folds in. */
async function runGolden(options: SearchOptions): Promise<Map<string, string[]>> {
  const run = new Map<string, string[]>();
  for (const q of golden.queries) {
    const { results } = await search(library, q.query, { ...options, mode: 'lexical', limit: 10 });
    // What a reader sees: each result (its best judged version), then its document's `more` chunks.
    run.set(
      q.id,
      results.flatMap((result) => {
        const ids = [result.id, ...(result.alsoIn ?? []).map((other) => other.id)];
        const shown = ids.reduce((best, id) => ((q.relevant[id] ?? 0) > (q.relevant[best] ?? 0) ? id : best), result.id);
        return [shown, ...(result.more ?? []).map((other) => other.id)];
      }),
    );
  }
  return run;
}

function figures(result: EvalResult): Figures {
  return { ndcg10: round(result.mean.ndcg10), mrr10: round(result.mean.mrr10) };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** The weakest queries, for the failure message. */
function weakest(result: EvalResult, n = 8): string {
  return [...result.perQuery.entries()]
    .sort((a, b) => a[1].ndcg10 - b[1].ndcg10)
    .slice(0, n)
    .map(([id, scores]) => `${id} ${scores.ndcg10.toFixed(3)}`)
    .join(', ');
}

const measured: Partial<Record<'ranking' | 'defaults', Figures>> = {};

describe('golden set (bundled corpus, lexical)', () => {
  it('is well-formed: 25-40 queries, grades 1-2, every judged chunk exists in the index', () => {
    expect(golden.queries.length).toBeGreaterThanOrEqual(25);
    expect(golden.queries.length).toBeLessThanOrEqual(40);
    expect(new Set(golden.queries.map((q) => q.id)).size).toBe(golden.queries.length);
    const missing: string[] = [];
    for (const q of golden.queries) {
      expect(Object.keys(q.relevant).length, q.id).toBeGreaterThan(0);
      for (const [id, grade] of Object.entries(q.relevant)) {
        expect([1, 2], `${q.id} ${id}`).toContain(grade);
        if (library.rowOf(id) === undefined) missing.push(`${q.id}: ${id}`);
      }
    }
    // Chunk ids changed (chunker or corpus): the judgments must be redone for the new chunks.
    expect(missing, 'judged chunk ids missing from the index; re-judge golden.json').toEqual([]);
  });

  it('keeps lexical ranking nDCG@10 at or above the baseline', async () => {
    const result = evaluateRun(await runGolden({ maxPerDocument: 0, collapseDuplicates: false }), qrels);
    measured.ranking = figures(result);
    console.info(`golden ranking: nDCG@10 ${result.mean.ndcg10.toFixed(4)} MRR@10 ${result.mean.mrr10.toFixed(4)} (baseline ${baseline.ranking.ndcg10})`);
    if (updating) return;
    expect(result.mean.ndcg10, `weakest: ${weakest(result)}`).toBeGreaterThanOrEqual(baseline.ranking.ndcg10 - baseline.epsilon);
  });

  it('keeps the default result list nDCG@10 at or above the baseline', async () => {
    const result = evaluateRun(await runGolden({}), qrels);
    measured.defaults = figures(result);
    console.info(`golden defaults: nDCG@10 ${result.mean.ndcg10.toFixed(4)} MRR@10 ${result.mean.mrr10.toFixed(4)} (baseline ${baseline.defaults.ndcg10})`);
    if (updating) return;
    expect(result.mean.ndcg10, `weakest: ${weakest(result)}`).toBeGreaterThanOrEqual(baseline.defaults.ndcg10 - baseline.epsilon);
  });

  it.runIf(updating)('writes golden-baseline.json (UPDATE_GOLDEN_BASELINE=1)', () => {
    const next: Baseline = {
      epsilon: baseline.epsilon,
      ranking: measured.ranking!,
      defaults: measured.defaults!,
      updated: new Date().toISOString().slice(0, 10),
    };
    writeFileSync(BASELINE_FILE, `${JSON.stringify(next, null, 2)}\n`);
  });
});
