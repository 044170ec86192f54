import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { documentFile, evaluateCollection } from '../../src/eval/run.js';
import type { EvalCollection } from '../../src/eval/types.js';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function workDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mcdewey-eval-run-'));
  temps.push(dir);
  return join(dir, 'work');
}

/** A tiny collection: ids that are not slugs, two that differ only in case, a title-less document. */
function collection(): EvalCollection {
  return {
    name: 'Tiny Set',
    documents: [
      { id: 'D/1', title: 'Snapshot restore', text: 'Snapshot restore\nRestore a cluster from a snapshot file with the restore command.' },
      { id: 'd/1', title: 'Compaction', text: 'Compaction drops old revisions; defragment afterwards to return disk space.' },
      { id: 'A', title: 'Lua strings', text: 'The length operator # gives the length of a string in bytes.' },
      { id: 'B', title: '', text: 'Metatables change how tables behave; __index is consulted for absent keys.' },
      { id: 'C', title: 'Backup', text: 'Take a snapshot regularly as a backup of the keyspace.' },
    ],
    queries: [
      { id: '1', text: 'restore from a snapshot' },
      { id: '2', text: 'length of a string' },
      { id: '3', text: 'reclaim disk space' },
      { id: '4', text: 'unjudged query about snapshots' },
    ],
    qrels: new Map([
      [
        '1',
        new Map([
          ['D/1', 2],
          ['C', 1],
        ]),
      ],
      ['2', new Map([['A', 1]])],
      [
        '3',
        new Map([
          ['d/1', 1],
          ['B', 0],
        ]),
      ],
    ]),
    gradeNote: 'test grades',
  };
}

describe('evaluateCollection', () => {
  it('indexes the collection with ingest, maps chunks to document ids and scores every judged query', async () => {
    const progress: string[] = [];
    const result = await evaluateCollection(collection(), { onProgress: (p) => progress.push(p.phase) });
    expect(result).toMatchObject({ collection: 'Tiny Set', gradeNote: 'test grades', documents: 5, chunks: 5, queries: 3, longQueries: 0 });
    expect(result.lexical.bm25).toBeDefined();
    const [lexical] = result.modes;
    expect(lexical?.available).toBe(true);
    const run = lexical!.run!;
    expect([...run.keys()]).toEqual(['1', '2', '3']);
    expect(run.get('1')?.slice(0, 2)).toEqual(['D/1', 'C']);
    expect(run.get('2')?.[0]).toBe('A');
    expect(run.get('3')?.[0]).toBe('d/1');
    expect(lexical!.result!.queryCount).toBe(3);
    expect(lexical!.result!.mean.mrr10).toBe(1);
    expect(lexical!.result!.mean.ndcg10).toBeCloseTo(1, 10);
    expect(lexical!.latencyMs!.p95).toBeGreaterThanOrEqual(lexical!.latencyMs!.p50);
    expect(new Set(progress)).toEqual(new Set(['write', 'ingest', 'search']));
  });

  it('reports a mode the index cannot serve as unavailable instead of scoring another mode under its name', async () => {
    const result = await evaluateCollection(collection(), { modes: ['lexical', 'semantic'] });
    expect(result.modes.map((m) => [m.mode, m.available])).toEqual([
      ['lexical', true],
      ['semantic', false],
    ]);
    expect(result.modes[1]?.notice).toMatch(/semantic search is unavailable/);
    expect(result.modes[1]?.result).toBeUndefined();
  });

  it('ranks queries longer than the search limit in full in lexical mode', async () => {
    const c = collection();
    c.queries.push({ id: '5', text: `${'padding '.repeat(140)}length of a string` });
    c.qrels.set('5', new Map([['A', 1]]));
    const result = await evaluateCollection(c);
    expect(result.longQueries).toBe(1);
    expect(result.modes[0]?.run?.get('5')?.[0]).toBe('A');
  });

  it('writes one plain-text file per document with a slug name and keeps the work directory on request', async () => {
    const dir = await workDir();
    await evaluateCollection(collection(), { workDir: dir, keepWorkDir: true });
    const docs = join(dir, 'corpus', 'eval', 'tiny_set', 'docs');
    expect(readdirSync(docs).sort()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd_1-2.txt', 'd_1.txt']);
    expect(readFileSync(join(docs, 'd_1.txt'), 'utf8')).toBe('Snapshot restore\n\nRestore a cluster from a snapshot file with the restore command.\n');
    expect(existsSync(join(dir, 'index', 'manifest.json'))).toBe(true);
    const removed = await workDir();
    await evaluateCollection(collection(), { workDir: removed });
    expect(existsSync(removed)).toBe(false);
  });

  it('refuses an empty collection, no modes and a depth out of range', async () => {
    const empty = { ...collection(), documents: [] };
    for (const attempt of [
      evaluateCollection(empty),
      evaluateCollection(collection(), { modes: [] }),
      evaluateCollection(collection(), { depth: 0 }),
      evaluateCollection(collection(), { depth: 201 }),
    ]) {
      await expect(attempt).rejects.toSatisfy((error: unknown) => isMcdeweyError(error, 'INVALID_ARGUMENT'));
    }
  });
});

describe('documentFile', () => {
  it('puts the title on the first line and drops copies of it that open the text', () => {
    expect(documentFile({ id: '1', title: 'wing flow .', text: 'wing flow .\nwing flow . the abstract' })).toBe('wing flow .\n\nthe abstract\n');
    expect(documentFile({ id: '2', title: '', text: '  only a body  ' })).toBe('only a body\n');
    expect(documentFile({ id: '3', title: 'Title only', text: '' })).toBe('Title only\n');
    expect(documentFile({ id: '4', title: '', text: '' })).toBe('(empty document)\n');
    expect(documentFile({ id: '5', title: 'A  multi\nline title', text: 'body' })).toBe('A multi line title\n\nbody\n');
  });
});
