import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embed/types.js';
import { LiveLibrary, embedIndex, ingest, openIndex, search } from '../../src/index.js';
import { PENDING_EMBEDDING_DIR } from '../../src/store/pending-embedding.js';
import { testdir } from '../helpers.js';

const BUILT_CORE = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/**
 * A deterministic embedder (a vector from the characters of the text), written as a module so that
 * this test and the child processes it starts embed alike; `delayMs` slows each batch down.
 */
const HASH_EMBEDDER_MODULE = `
const DIMS = 8;
function vectorOf(text) {
  const vector = new Float32Array(DIMS);
  for (let i = 0; i < text.length; i++) vector[(text.charCodeAt(i) * 31 + i) % DIMS] += 1 + (text.charCodeAt(i) % 7);
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}
export function hashEmbedder(delayMs = 0, failAfterBatches = Infinity) {
  let batches = 0;
  return {
    fingerprint: { modelId: 'test/hash-embedder', dimensions: DIMS, pooling: 'mean', normalized: true, dtype: 'fp32' },
    maxTokens: 512,
    async embedPassages(texts) {
      if (++batches > failAfterBatches) throw new Error('the model stopped');
      if (delayMs) await new Promise((resume) => setTimeout(resume, delayMs));
      return texts.map(vectorOf);
    },
    async embedQuery(text) { return vectorOf(text); },
  };
}
`;

/** The child: `ingest CORPUS INDEX DELAY` (lexical first, slow), `plain CORPUS INDEX` (one publish) or `embed INDEX`; prints its report. */
const CHILD = `
const core = await import(process.env.CORE_URL);
const { hashEmbedder } = await import(process.env.EMBEDDER_URL);
const [mode, a, b, delay] = process.argv.slice(2);
const embedder = hashEmbedder(Number(delay ?? 0));
const report =
  mode === 'ingest' ? await core.ingest(a, b, { embedder, lexicalFirst: true }) :
  mode === 'plain' ? await core.ingest(a, b, { embedder, lexicalFirst: false }) :
  await core.embedIndex(a, { embedder });
process.stdout.write(JSON.stringify(report));
`;

/** Forty documents of eight sections: 320 chunks, ten batches. */
function manySections(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let d = 0; d < 40; d++) {
    const sections = Array.from({ length: 8 }, (_, s) => `## Part ${s} of guide ${d}\n\nConfigure widget ${d} option ${s} with the sprocket tool and restart the daemon.\n`);
    files[`acme/v1/guide/doc${d}.md`] = `# Guide ${d}\n\n${sections.join('\n')}`;
  }
  return files;
}

async function helpers() {
  const dir = testdir({ 'hash-embedder.mjs': HASH_EMBEDDER_MODULE, 'child.mjs': CHILD });
  const module = (await import(pathToFileURL(join(dir, 'hash-embedder.mjs')).href)) as { hashEmbedder: (delayMs?: number, failAfterBatches?: number) => Embedder };
  const run = (args: string[]) => {
    const child = spawn(process.execPath, [join(dir, 'child.mjs'), ...args], {
      env: { ...process.env, CORE_URL: pathToFileURL(BUILT_CORE).href, EMBEDDER_URL: pathToFileURL(join(dir, 'hash-embedder.mjs')).href },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
    );
    return { child, exited };
  };
  return { hashEmbedder: module.hashEmbedder, run };
}

const rowsFlushed = (index: string): number => {
  try {
    return (JSON.parse(readFileSync(join(index, PENDING_EMBEDDING_DIR, 'progress.json'), 'utf8')) as { rows: number }).rows;
  } catch {
    return 0;
  }
};

async function vectorsOf(index: string): Promise<Float32Array[]> {
  const library = await openIndex(index);
  try {
    return Array.from({ length: library.chunkCount }, (_, row) => library.vectorAt(row).slice());
  } finally {
    await library.dispose();
  }
}

describe.skipIf(!existsSync(BUILT_CORE))('search before embedding ends', () => {
  it('publishes the chunks for lexical search first, says why search is lexical, and lands the vectors in the same index', async () => {
    const { hashEmbedder } = await helpers();
    const corpus = testdir(manySections());
    const index = join(testdir(), 'index');
    const seen: { mode?: string; notice?: string; published?: { embedder: unknown; vectors: unknown; pendingEmbedding?: unknown } } = {};
    const report = await ingest(corpus, index, {
      embedder: hashEmbedder(),
      onSearchable: () => {
        // Called once the lexical index is published and before any chunk is embedded.
        seen.published = JSON.parse(readFileSync(join(index, 'manifest.json'), 'utf8')) as typeof seen.published;
      },
      onProgress: (progress) => {
        if (progress.phase !== 'embed' || progress.done !== 0 || seen.mode) return;
        void openIndex(index).then(async (library) => {
          const response = await search(library, 'sprocket tool');
          Object.assign(seen, { mode: response.mode, notice: response.notice, manifestPending: library.manifest.pendingEmbedding !== undefined });
          await library.dispose();
        });
      },
    });
    expect(report.searchableAfter).toBeGreaterThan(0);
    expect(report).toMatchObject({ chunks: 320, embedded: 320, resumed: 0, embedder: { modelId: 'test/hash-embedder' } });
    expect(seen.published).toMatchObject({ embedder: null, vectors: null, pendingEmbedding: { embedder: { modelId: 'test/hash-embedder' } } });
    await new Promise((resume) => setTimeout(resume, 100));
    expect(seen.mode).toBe('lexical');
    expect(seen.notice).toMatch(/hybrid search is unavailable: the index's vectors are still being computed \(\d+ of 320 chunks embedded so far\)/);

    const library = await openIndex(index, { embedder: hashEmbedder() });
    expect(library.manifest.pendingEmbedding).toBeUndefined();
    expect(library.manifest.vectors).toMatchObject({ count: 320, dimensions: 8 });
    expect((await search(library, 'sprocket tool')).mode).toBe('hybrid');
    await library.dispose();
    expect(existsSync(join(index, PENDING_EMBEDDING_DIR))).toBe(false);
    // One generation: the lexical one became the embedded one in place, nothing was rotated.
    expect(existsSync(`${index}.previous`)).toBe(false);

    const plain = join(testdir(), 'plain');
    await ingest(corpus, plain, { embedder: hashEmbedder(), lexicalFirst: false });
    expect(await vectorsOf(index)).toEqual(await vectorsOf(plain));
  });

  it('resumes after a kill: the lexical index stays searchable, the next run embeds only the rest, the vectors equal an uninterrupted run', async () => {
    const { run } = await helpers();
    const corpus = testdir(manySections());
    const index = join(testdir(), 'index');
    const first = run(['ingest', corpus, index, '300']);
    for (let waited = 0; rowsFlushed(index) === 0; waited += 20) {
      if (waited > 60_000) throw new Error('the child never checkpointed');
      await new Promise((resume) => setTimeout(resume, 20));
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const kept = rowsFlushed(index);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(320);

    // Killed mid-embedding: the published lexical index answers, and says how to finish.
    const lexical = await openIndex(index);
    expect(lexical.manifest).toMatchObject({ embedder: null, vectors: null, pendingEmbedding: { embedder: { modelId: 'test/hash-embedder' } } });
    const response = await search(lexical, 'sprocket tool');
    expect(response.mode).toBe('lexical');
    expect(response.results.length).toBeGreaterThan(0);
    expect(response.notice).toContain(`embedding the index was interrupted (${kept} of 320 chunks embedded so far); mcdewey embed --index <the index folder> finishes it`);
    expect(response.notice).not.toContain(index);
    await lexical.dispose();

    // A watching reader serves the lexical generation and picks up the vectors when they land.
    const live = await LiveLibrary.open(index);
    const swapped = new Promise<number>((resolve) => live.once('swap', ({ generation }) => resolve(generation)));
    const resumed = await run(['embed', index]).exited;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ alreadyEmbedded: false, resumed: kept, embedded: 320 - kept });
    expect(await swapped).toBe(2);
    expect(live.current().hasVectors).toBe(true);
    expect(live.current().manifest.pendingEmbedding).toBeUndefined();
    await live.close();

    const plain = join(testdir(), 'plain');
    expect((await run(['plain', corpus, plain]).exited).code).toBe(0);
    expect(await vectorsOf(index)).toEqual(await vectorsOf(plain));
  }, 120_000);

  it('keeps the rows of a failed run, and a second ingest of the unchanged corpus finishes that index in place', async () => {
    const { hashEmbedder } = await helpers();
    const corpus = testdir(manySections());
    const index = join(testdir(), 'index');
    await expect(ingest(corpus, index, { embedder: hashEmbedder(0, 3), lexicalFirst: true })).rejects.toThrow(/the model stopped/);
    expect(rowsFlushed(index)).toBe(96);

    const again = await ingest(corpus, index, { embedder: hashEmbedder() });
    expect(again).toMatchObject({ processed: 0, reused: 40, resumed: 96, embedded: 224 });
    expect(again.searchableAfter).toBeUndefined();
    expect(await embedIndex(index, { embedder: hashEmbedder() })).toMatchObject({ alreadyEmbedded: true, embedded: 0 });
  });

  it('re-ingests an index still being embedded as it was to be embedded (LiveLibrary.reingest): the trained model, the kept rows', async () => {
    const corpus = testdir(manySections());
    const index = join(testdir(), 'index');
    const train = { dims: 16, oversample: 8 };
    const stop = (progress: { phase: string; done: number }) => {
      if (progress.phase === 'embed' && progress.done > 0) throw new Error('interrupted');
    };
    await expect(ingest(corpus, index, { trainEmbedder: train, lexicalFirst: true, onProgress: stop })).rejects.toThrow('interrupted');
    const live = await LiveLibrary.open(index);
    expect(live.current().manifest.pendingEmbedding).toMatchObject({ train });
    const report = await live.reingest(corpus);
    expect(report).toMatchObject({ processed: 0, resumed: 32, embedded: 288, embedder: { dimensions: 16 } });
    // The model the interrupted run trained was kept, not trained again.
    expect(report.trained).toMatchObject({ seconds: 0, dir: join(index, 'model') });
    expect(live.current().hasVectors).toBe(true);
    await live.close();
  });

  it('LiveLibrary.reingest serves the published chunks while they are embedded, then the embedded generation', async () => {
    const { hashEmbedder } = await helpers();
    const corpus = testdir(manySections());
    const index = join(testdir(), 'index');
    await ingest(testdir({ 'acme/v1/guide/start.md': '# Start\n\nRun the sprocket tool.\n' }), index);
    const live = await LiveLibrary.open(index);
    const served: { generation: number; pending: boolean; vectors: boolean }[] = [];
    live.on('swap', ({ generation, library }) => served.push({ generation, pending: library.manifest.pendingEmbedding !== undefined, vectors: library.manifest.vectors !== null }));
    const report = await live.reingest(corpus, { embedder: hashEmbedder(20), prune: true });
    expect(report.searchableAfter).toBeGreaterThan(0);
    // Generation 2: the chunks, lexical, while they were embedded; generation 3: the vectors.
    expect(served).toEqual([
      { generation: 2, pending: true, vectors: false },
      { generation: 3, pending: false, vectors: true },
    ]);
    expect(live.current().hasVectors).toBe(true);
    await live.close();
  });

  it('trains the corpus model after publishing the chunks and bundles it when the vectors land', async () => {
    const corpus = testdir(manySections());
    const index = join(testdir(), 'index');
    const train = { dims: 16, oversample: 8 };
    const report = await ingest(corpus, index, { trainEmbedder: train, lexicalFirst: true });
    expect(report.searchableAfter).toBeGreaterThan(0);
    expect(report.trained).toMatchObject({ dir: join(index, 'model'), reused: false });
    expect(report.embedded).toBe(320);
    const library = await openIndex(index, { embedder: 'auto' });
    expect(library.manifest.embedder?.modelId).toBe(report.trained?.modelId);
    expect((await search(library, 'sprocket tool')).mode).toBe('hybrid');
    await library.dispose();

    const plain = join(testdir(), 'plain');
    const once = await ingest(corpus, plain, { trainEmbedder: train, lexicalFirst: false });
    expect(once.embedder).toEqual(report.embedder);
    expect(await vectorsOf(index)).toEqual(await vectorsOf(plain));
  });
});
