import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestModel } from '../../src/embed/test-model.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { smallCorpus, testdir } from '../helpers.js';
import { dropChecksums } from './old-index.js';

// The child processes run the built core (`pnpm run build`), as the CLI and the servers do: a
// segfault in native code then ends the child with a signal instead of taking the test down.
const CORE_DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const CORE_PACKAGE = fileURLToPath(new URL('../../package.json', import.meta.url));
const WORDS =
  'acme widgets turn sprockets installing run install widget daemon backups take snapshot store save restore file verify tuning increase cache size faster reads workers release notes format changed introduction globex intro'.split(
    ' ',
  );
const QUERY = 'restore snapshot file';

const root = mkdtempSync(join(tmpdir(), 'mcdewey-vectors-damage-'));
let modelDir: string;
let pristine: string;
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  if (!existsSync(CORE_DIST)) throw new Error(`${CORE_DIST} is missing: build core first (pnpm --filter @mcdewey/core run build)`);
  modelDir = await writeTestModel(join(root, 'model'), { vocab: WORDS, dims: 24, seed: 7 });
  pristine = join(root, 'pristine');
  await ingest(testdir(smallCorpus()), pristine, { embedder: await loadTransformersEmbedder({ modelDir }) });
}, 120_000);

/** A fresh copy of the index with vectors, to damage. */
function copyIndex(): string {
  const index = join(testdir(), 'index');
  cpSync(pristine, index, { recursive: true });
  return index;
}

/** Overwrites bytes in place; the file keeps its size. */
function overwrite(path: string, at: number, bytes: number[]): void {
  const content = readFileSync(path);
  bytes.forEach((byte, i) => (content[at + i] = byte));
  writeFileSync(path, content);
}

/** hnswlib starts every search at its entry point (bytes 52..55 of the graph file): 0xffffff?? is far outside it. */
function breakEntryPoint(index: string): void {
  overwrite(join(index, 'vectors.hnsw'), 53, [0xff, 0xff, 0xff]);
}

interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  output?: { mode: string; ids: string[]; notice?: string; notices: string[]; told: string[] };
}

/** Opens the index in a child process with the test model and runs one hybrid search. */
function searchInChild(index: string): ChildResult {
  const script = `
    const [core, index, modelDir, query] = process.argv.slice(1);
    const { openIndex, search } = await import(core);
    const { loadTransformersEmbedder } = await import(new URL('./models.js', core).href);
    const embedder = await loadTransformersEmbedder({ modelDir });
    const told = [];
    const library = await openIndex(index, { embedder, warm: true, onNotice: (message) => told.push(message) });
    const response = await search(library, query, { mode: 'hybrid' });
    console.log(JSON.stringify({ mode: response.mode, ids: response.results.map((result) => result.id), notice: response.notice, notices: library.notices, told }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, pathToFileURL(CORE_DIST).href, index, modelDir, QUERY], { encoding: 'utf8', timeout: 60_000 });
  const last = result.stdout.trim().split('\n').at(-1);
  return { status: result.status, signal: result.signal, stderr: result.stderr, ...(result.status === 0 && last ? { output: JSON.parse(last) } : {}) };
}

describe('damaged vectors in a child process', () => {
  let expected: string[];
  beforeAll(() => {
    const intact = searchInChild(pristine);
    expect(intact.stderr).toBe('');
    expect(intact.output?.mode).toBe('hybrid');
    expected = intact.output!.ids;
    expect(expected.length).toBeGreaterThan(0);
  }, 60_000);

  it('the damaged graph used as it is kills hnswlib with SIGSEGV (so the tests below are real)', () => {
    const index = copyIndex();
    breakEntryPoint(index);
    const script = `
      const { createRequire } = await import('node:module');
      const { HierarchicalNSW } = createRequire(process.argv[1])('hnswlib-node');
      const graph = new HierarchicalNSW('cosine', 24);
      graph.readIndexSync(process.argv[2]);
      graph.searchKnn(Array.from({ length: 24 }, () => 0.2), 3);`;
    const raw = spawnSync(process.execPath, ['--input-type=module', '-e', script, CORE_PACKAGE, join(index, 'vectors.hnsw')], { encoding: 'utf8', timeout: 60_000 });
    expect(raw.signal).toBe('SIGSEGV');
  });

  it('rebuilds a graph that fails its checksum from vectors.f32 and searches as before, with a notice', () => {
    const index = copyIndex();
    breakEntryPoint(index);
    const result = searchInChild(index);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.output).toMatchObject({ mode: 'hybrid', ids: expected });
    expect(result.output!.notices).toEqual([expect.stringMatching(/vectors\.hnsw does not match its checksum.*rebuilt in memory from vectors\.f32/)]);
    expect(result.output!.told).toEqual(result.output!.notices);
  });

  it('rebuilds it too in an index written before checksums: the graph file is walked before hnswlib reads it', () => {
    const index = copyIndex();
    dropChecksums(index);
    breakEntryPoint(index);
    const result = searchInChild(index);
    expect(result.signal).toBeNull();
    expect(result.output).toMatchObject({ mode: 'hybrid', ids: expected });
    expect(result.output!.notices).toEqual([expect.stringMatching(/vectors\.hnsw is damaged: its entry point \d+ is not one of its \d+ nodes.*rebuilt/)]);
  });

  it('survives bytes flipped anywhere in the graph file', () => {
    const index = copyIndex();
    const path = join(index, 'vectors.hnsw');
    const size = readFileSync(path).length;
    for (const at of [0, 20, 60, 100, Math.floor(size / 2), size - 10]) overwrite(path, at, [0x5a, 0xa5, 0x5a, 0xa5]);
    const result = searchInChild(index);
    expect(result.signal).toBeNull();
    expect(result.output).toMatchObject({ mode: 'hybrid', ids: expected });
  });

  it('opens lexical-only with a notice when vectors.f32 is damaged too, and says so in the search response', () => {
    const index = copyIndex();
    breakEntryPoint(index);
    overwrite(join(index, 'vectors.f32'), 40, [1, 2, 3, 4]);
    const result = searchInChild(index);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.output!.mode).toBe('lexical');
    expect(result.output!.ids.length).toBeGreaterThan(0);
    expect(result.output!.notice).toMatch(
      /^hybrid search is unavailable: vectors\.f32 is damaged \(it does not match its checksum in manifest\.json\); re-run mcdewey ingest to repair it; showing lexical results$/,
    );
    expect(result.output!.notices).toEqual([]);
  });
});
