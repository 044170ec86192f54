import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { manyPagesPdf } from '../fixtures/bad-files.js';
import { writeTree } from '../helpers.js';
import { applyIndexMutation, describeMutation, indexMutation, indexShape, type IndexMutation, type IndexShape } from './index-mutations.js';
import { CORE_DIST, compileProbe, probeInChild, type ChildCase } from './probe-child.js';

/**
 * Fuzzes every file of an index (manifest, records, offsets, hashes, line checksums, postings,
 * vectors, HNSW graph, bundled model): each run damages copies of one small index in generated
 * ways, then opens and uses each copy. Opening may fail and search may fall back, but only with a
 * McdeweyError: never another error, a native crash, a hang or a stack trace on stderr.
 *
 * Every probe runs in a child process over the built core, batch by batch: hnswlib and
 * onnxruntime would take the test runner down with a segfault, and a synchronous loop would hang
 * it past any timeout. Bounded for CI: fixed seed, a few batches.
 */
const SEED = 20_260_612;
const BATCHES = 14;
const PER_BATCH = 50;
const BATCH_TIMEOUT_MS = 45_000;

const root = mkdtempSync(join(tmpdir(), 'mcdewey-fuzz-index-'));
let pristine: string;
let shape: IndexShape;
let probe: string;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Enough repeated vocabulary to train a small model, in every format; the PDF gives chunks pages. */
function fuzzCorpus(): Record<string, string | Uint8Array> {
  const storage = 'database query index table column row sql transaction commit rollback schema replica backup restore snapshot'.split(' ');
  const network = 'router switch packet firewall vlan subnet gateway dns route latency bandwidth port tcp udp tunnel vpn'.split(' ');
  const rotate = (words: string[], i: number) => [...words.slice(i % words.length), ...words.slice(0, i % words.length)].join(' ');
  const files: Record<string, string | Uint8Array> = {
    'globex/v2/net/manual.pdf': manyPagesPdf(3),
    'acme/v1/db/notes.txt': `Release notes\n\nThe ${rotate(storage, 3)}.\n\nMore: the ${rotate(storage, 7)}.\n`,
  };
  for (let i = 0; i < 10; i++) {
    files[`acme/v1/db/part-${i}.md`] = `---\ntitle: Storage ${i}\ntags: [db, sql]\n---\n# Storage ${i}\n\nThe ${rotate(storage, i)}.\n\n## Restore\n\nThe ${rotate(storage, i + 5)}.\n`;
    files[`globex/v2/net/part-${i}.html`] =
      `<html><head><title>Network ${i}</title></head><body><h1>Network ${i}</h1><p>The ${rotate(network, i)}.</p><h2>Routes</h2><p>The ${rotate(network, i + 5)}.</p></body></html>`;
  }
  return files;
}

beforeAll(async () => {
  if (!existsSync(CORE_DIST)) throw new Error(`${CORE_DIST} is missing: build core first (pnpm --filter @mcdewey/core run build)`);
  const corpus = join(root, 'corpus');
  writeTree(corpus, fuzzCorpus());
  pristine = join(root, 'pristine');
  await ingest(corpus, pristine, { trainEmbedder: { dims: 16, oversample: 8 } });
  shape = indexShape(pristine);
  probe = await compileProbe(root);
}, 120_000);

let copies = 0;
/** A fresh copy of the pristine index. */
function copyIndex(): string {
  const dir = join(root, 'copies', String(copies++));
  mkdirSync(dir, { recursive: true });
  cpSync(pristine, dir, { recursive: true });
  return dir;
}

/** What is wrong with how one probe ended, or undefined when it ended well. */
function problemOf(result: ChildCase): string | undefined {
  if (result.status === 'not-reached') return 'not probed: the child died earlier';
  if (result.status === 'died') return result.why;
  const crash = result.report.steps.find((step) => 'crash' in step);
  if (!crash || !('crash' in crash)) return undefined;
  const frames = crash.crash.stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 6);
  return [`${crash.step} threw ${crash.crash.name}: ${crash.crash.message}`, ...frames].join('\n');
}

describe('fuzzing index files', () => {
  it('the probe opens the pristine index and searches it in every mode (so the fuzzing below reaches vectors and model)', async () => {
    const { cases, stderr } = await probeInChild(probe, [pristine], BATCH_TIMEOUT_MS);
    expect(stderr).toBe('');
    const [result] = cases;
    expect(result?.status).toBe('reported');
    const steps = result?.status === 'reported' ? result.report.steps : [];
    expect(steps.filter((step) => !('ok' in step))).toEqual([]);
    expect(steps.find((step) => step.step.startsWith('search hybrid'))).toMatchObject({ ok: true, mode: 'hybrid' });
    expect(steps.find((step) => step.step.startsWith('search semantic'))).toMatchObject({ ok: true, mode: 'semantic' });
    expect(steps.filter((step) => step.step.startsWith('getChunkInContext')).length).toBeGreaterThan(1);
  });

  it('the harness names the index being probed when the child dies of a signal or hangs', async () => {
    // A stand-in probe: the second index "segfaults", in the second batch the first one never ends.
    const fake = join(root, 'fake-probe.mjs');
    writeFileSync(
      fake,
      `export async function probeIndex(core, dir) {
        if (dir === 'crash') process.kill(process.pid, 'SIGSEGV');
        if (dir === 'hang') for (;;);
        return { opened: true, steps: [{ step: 'openIndex', ok: true }] };
      }`,
    );
    const crashed = await probeInChild(fake, ['fine', 'crash', 'after'], BATCH_TIMEOUT_MS);
    expect(crashed.cases).toEqual([expect.objectContaining({ status: 'reported' }), { status: 'died', why: 'the process died with SIGSEGV' }, { status: 'not-reached' }]);
    const hung = await probeInChild(fake, ['hang', 'after'], 3_000);
    expect(hung.cases).toEqual([{ status: 'died', why: 'hung: the batch passed its 3000 ms deadline' }, { status: 'not-reached' }]);
  });

  it(`a damaged index opens and serves, or fails with a McdeweyError; never a crash or a hang (seed ${SEED})`, async () => {
    const seen = { refused: new Set<string>(), degraded: 0, served: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(indexMutation(shape), { minLength: 1, maxLength: PER_BATCH, size: 'max' }), async (mutations: IndexMutation[]) => {
        const dirs = mutations.map((mutation) => {
          const dir = copyIndex();
          applyIndexMutation(dir, mutation);
          return dir;
        });
        try {
          const { cases, stackLines } = await probeInChild(probe, dirs, BATCH_TIMEOUT_MS);
          const problems = cases.flatMap((result, i) => {
            const problem = problemOf(result);
            return problem ? [`${describeMutation(mutations[i]!)}\n  → ${problem}`] : [];
          });
          if (stackLines.length > 0) problems.push(`the child printed a stack trace:\n${stackLines.join('\n')}`);
          expect(problems, problems.join('\n\n')).toEqual([]);
          for (const result of cases) {
            if (result.status !== 'reported') continue;
            const { opened, steps } = result.report;
            if (!opened) seen.refused.add(steps[0] && 'code' in steps[0] ? steps[0].code : '?');
            else if (steps.some((step) => 'code' in step || ('mode' in step && step.step.startsWith(`search ${step.mode}`) === false))) seen.degraded++;
            else seen.served++;
          }
        } finally {
          for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
        }
      }),
      { seed: SEED, numRuns: BATCHES },
    );
    // The mutations must reach every outcome, or the property proves little.
    expect(seen.refused).toContain('INDEX_CORRUPT');
    expect(seen.degraded).toBeGreaterThan(0);
    expect(seen.served).toBeGreaterThan(0);
  }, 180_000);
});
