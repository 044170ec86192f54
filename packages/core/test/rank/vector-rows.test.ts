import { mkdtemp, open, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McdeweyError, isMcdeweyError } from '../../src/errors.js';
import { gaussian, mulberry32 } from '../../src/embed/test-model.js';
import { rowRanges, rowRangesHas } from '../../src/rank/row-ranges.js';
import { VectorIndex } from '../../src/rank/vectors.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcdewey-vector-rows-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Rows of random length (not unit vectors), so that an exact scan must normalise them itself. */
function rows(count: number, dims: number, seed: number): Float32Array[] {
  const normal = gaussian(mulberry32(seed));
  return Array.from({ length: count }, (_, i) => Float32Array.from({ length: dims }, () => normal() * (1 + (i % 7))));
}

const DIMS = 16;
const COUNT = 5000;

async function savedIndex(): Promise<{ built: VectorIndex; dir: string }> {
  const built = VectorIndex.build(rows(COUNT, DIMS, 1), DIMS, { M: 8, efConstruction: 40 });
  const dir = await mkdtemp(join(root, 'index-'));
  built.save(dir, 'vectors');
  return { built, dir };
}

describe('a loaded VectorIndex reads its rows from vectors.f32 on demand', () => {
  it('scans exactly as the index built in memory: the same rows and scores, across read blocks and gaps', async () => {
    const { built, dir } = await savedIndex();
    const loaded = VectorIndex.load(dir, 'vectors', DIMS);
    // 90 rows (under 2% of 5000: scanned exactly) spread over runs far apart, and single rows.
    const allowed = rowRanges([
      [3, 40],
      [1500, 1530],
      [4970, 4990],
      [4999, 5000],
    ]);
    const filter = (label: number) => rowRangesHas(allowed, label) || label % 1700 === 0;
    for (const query of rows(10, DIMS, 2)) {
      expect(loaded.search(query, 10, { allowed })).toEqual(built.search(query, 10, { allowed }));
      const exact = loaded.exactSearch(query, 20, filter);
      expect(exact.map((hit) => hit.label)).toEqual(built.exactSearch(query, 20, filter).map((hit) => hit.label));
      exact.forEach((hit, i) => expect(hit.score).toBeCloseTo(built.exactSearch(query, 20, filter)[i]!.score, 6));
      // The whole index scanned: every read block, in order.
      expect(loaded.exactSearch(query, 5).map((hit) => hit.label)).toEqual(built.exactSearch(query, 5).map((hit) => hit.label));
    }
  });

  it('keeps no copy: a row is read from the file when it is asked for', async () => {
    const { built, dir } = await savedIndex();
    const loaded = VectorIndex.load(dir, 'vectors', DIMS);
    expect(Array.from(loaded.row(7))).toEqual(Array.from(built.row(7)));
    const file = await open(join(dir, 'vectors.f32'), 'r+');
    await file.write(new Uint8Array(new Float32Array(DIMS).fill(0.5).buffer), 0, DIMS * 4, 7 * DIMS * 4);
    await file.close();
    expect(Array.from(loaded.row(7))).toEqual(Array.from({ length: DIMS }, () => 0.5));
    // Each row is its own array, not a view of a shared buffer.
    expect(loaded.row(8).byteOffset).toBe(0);
    expect(loaded.row(8).buffer.byteLength).toBe(DIMS * 4);
  });

  it('fails clearly once closed or when the file was cut short, and still searches the graph after close', async () => {
    const { dir } = await savedIndex();
    const loaded = VectorIndex.load(dir, 'vectors', DIMS);
    await truncate(join(dir, 'vectors.f32'), 100 * DIMS * 4);
    expect(() => loaded.row(4000)).toThrow(expect.toSatisfy((error: unknown) => isMcdeweyError(error, 'INDEX_CORRUPT') && /vectors\.f32 ends before row 4000/.test((error as Error).message)));
    loaded.close();
    expect(() => loaded.row(1)).toThrow(expect.toSatisfy((error: unknown) => isMcdeweyError(error, 'INVALID_ARGUMENT') && /closed/.test((error as Error).message)));
    expect(loaded.search(rows(1, DIMS, 3)[0]!, 5)).toHaveLength(5);
    loaded.close();
  });

  it('checks the rows file once, when a row is first read, not when the index is loaded', async () => {
    const { dir } = await savedIndex();
    const told: string[] = [];
    const loaded = VectorIndex.load(dir, 'vectors', DIMS, { verifyCrc32: (file) => void told.push(file) });
    expect(told).toEqual(['vectors.hnsw']);
    loaded.row(3);
    loaded.exactSearch(rows(1, DIMS, 4)[0]!, 3);
    expect(told).toEqual(['vectors.hnsw', 'vectors.f32']);
  });

  /** The saved index loaded with a rows file that fails its check, and the damage it reports. */
  function loadWithDamagedRows(dir: string) {
    const damaged = new McdeweyError('INDEX_CORRUPT', 'vectors.f32 does not match its checksum');
    const notices: McdeweyError[] = [];
    const loaded = VectorIndex.load(dir, 'vectors', DIMS, {
      verifyCrc32: (file) => {
        if (file === 'vectors.f32') throw damaged;
      },
      onDamagedRows: (error) => void notices.push(error),
    });
    return { damaged, notices, loaded };
  }

  it('falls back to the graph when the rows file fails its check on first use, and says so once', async () => {
    const { built, dir } = await savedIndex();
    const { damaged, notices, loaded } = loadWithDamagedRows(dir);
    const allowed = rowRanges([[100, 140]]);
    const query = rows(1, DIMS, 5)[0]!;
    for (let i = 0; i < 2; i++) {
      const hits = loaded.search(query, 10, { allowed });
      expect(hits).toHaveLength(10);
      expect(hits.every((hit) => hit.label >= 100 && hit.label < 140)).toBe(true);
      const exact = built.search(query, 10, { allowed }).map((hit) => hit.label);
      expect(hits.filter((hit) => exact.includes(hit.label)).length).toBeGreaterThanOrEqual(8);
    }
    expect(notices).toEqual([damaged]);
    expect(() => loaded.row(1)).toThrow(damaged);
  });

  it('answers from the graph when it finds too few and the rows file to scan instead is damaged', async () => {
    const { dir } = await savedIndex();
    const { damaged, notices, loaded } = loadWithDamagedRows(dir);
    // A graph walk that runs short of passing rows (rare, and not reproducible with a real graph of this size).
    (loaded as unknown as { graph: object }).graph = { setEf: () => {}, searchKnn: () => ({ neighbors: [10, 20], distances: [0.1, 0.2] }) };
    const hits = loaded.search(rows(1, DIMS, 6)[0]!, 10, { filter: (label) => label % 10 === 0 });
    expect(hits.map((hit) => hit.label)).toEqual([10, 20]);
    expect(notices).toEqual([damaged]);
  });
});
