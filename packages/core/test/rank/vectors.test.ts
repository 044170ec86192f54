import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { gaussian, mulberry32 } from '../../src/embed/test-model.js';
import { rowRanges, rowRangesHas, rowRangesSize } from '../../src/rank/row-ranges.js';
import { VECTOR_DEFAULTS, VectorIndex } from '../../src/rank/vectors.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcdewey-vectors-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function normalized(values: Float32Array): Float32Array {
  const length = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
  return values.map((v) => v / length);
}

/**
 * `count` unit vectors shaped like sentence embeddings: topics (clusters) in a low-dimensional
 * latent space, mapped into `dims` dimensions, plus a little isotropic noise.
 */
function clustered(count: number, dims: number, clusters: number, spread: number, seed: number, querySeed = seed): Float32Array[] {
  const latent = Math.min(24, dims);
  const normal = gaussian(mulberry32(seed));
  const mapping = Array.from({ length: latent }, () => Float32Array.from({ length: dims }, () => normal()));
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: latent }, () => normal()));
  const draw = gaussian(mulberry32(querySeed + 1));
  const pick = mulberry32(querySeed + 2);
  return Array.from({ length: count }, () => {
    const centre = centres[Math.floor(pick() * clusters)]!;
    const vector = new Float32Array(dims);
    for (let l = 0; l < latent; l++) {
      const z = centre[l]! + spread * draw();
      for (let d = 0; d < dims; d++) vector[d]! += z * mapping[l]![d]!;
    }
    for (let d = 0; d < dims; d++) vector[d]! += 0.2 * Math.sqrt(latent) * draw();
    return normalized(vector);
  });
}

describe('VectorIndex', () => {
  it('round-trips through save and load with byte-identical rows', async () => {
    const rows = clustered(300, 24, 5, 0.8, 1);
    const index = VectorIndex.build(rows, 24, { M: 8, efConstruction: 50 });
    const dir = await mkdtemp(join(root, 'save-'));
    expect(index.save(dir, 'vectors')).toEqual(['vectors.f32', 'vectors.hnsw']);

    const bytes = await readFile(join(dir, 'vectors.f32'));
    expect(bytes.length).toBe(300 * 24 * 4);
    expect(bytes.readFloatLE(4 * 24 * 7 + 4 * 3)).toBe(rows[7]![3]);

    const loaded = VectorIndex.load(dir, 'vectors', 24);
    expect(loaded.size).toBe(300);
    expect(loaded.dims).toBe(24);
    expect(loaded.settings).toEqual({ M: 8, efConstruction: 50 });
    const original = Buffer.concat(rows.map((row) => Buffer.from(row.buffer, row.byteOffset, row.byteLength)));
    const reloaded = Buffer.concat(Array.from({ length: 300 }, (_, label) => Buffer.from(loaded.row(label).buffer, loaded.row(label).byteOffset, 96)));
    expect(Buffer.compare(reloaded, original)).toBe(0);
    expect(Buffer.compare(bytes, original)).toBe(0);
    const query = rows[42]!;
    expect(loaded.search(query, 10)).toEqual(index.search(query, 10));

    const again = await mkdtemp(join(root, 'save-'));
    VectorIndex.build(rows, 24, { M: 8, efConstruction: 50 }).save(again, 'vectors');
    expect(Buffer.compare(await readFile(join(again, 'vectors.f32')), bytes)).toBe(0);
    expect(Buffer.compare(await readFile(join(again, 'vectors.hnsw')), await readFile(join(dir, 'vectors.hnsw')))).toBe(0);
  });

  it('accepts rows back to back in one Float32Array', () => {
    const rows = clustered(50, 8, 3, 0.5, 2);
    const flat = new Float32Array(50 * 8);
    rows.forEach((row, i) => flat.set(row, i * 8));
    const index = VectorIndex.build(flat, 8);
    expect(index.size).toBe(50);
    expect(Array.from(index.row(49))).toEqual(Array.from(rows[49]!));
  });

  it('finds what exact search finds on small data, with cosine scores', () => {
    const rows = clustered(500, 32, 8, 1.0, 3);
    const index = VectorIndex.build(rows, 32);
    for (const query of clustered(20, 32, 8, 1.0, 3, 99)) {
      const approx = index.search(query, 10);
      const exact = index.exactSearch(query, 10);
      expect(approx.map((hit) => hit.label)).toEqual(exact.map((hit) => hit.label));
      approx.forEach((hit, i) => expect(hit.score).toBeCloseTo(exact[i]!.score, 5));
    }
    const [self] = index.search(rows[17]!, 1);
    expect(self).toEqual({ label: 17, score: expect.closeTo(1, 5) });
  });

  it('returns k hits under a filter whenever k rows pass, even when only 1% do', () => {
    const rows = clustered(3000, 32, 10, 0.8, 4);
    const index = VectorIndex.build(rows, 32);
    const queries = clustered(20, 32, 10, 0.8, 4, 5);
    for (const passEvery of [100, 10, 2]) {
      const filter = (label: number) => label % passEvery === 1;
      for (const query of queries) {
        const hits = index.search(query, 10, { filter });
        expect(hits).toHaveLength(10);
        expect(hits.every((hit) => filter(hit.label))).toBe(true);
        const exact = new Set(index.exactSearch(query, 10, filter).map((hit) => hit.label));
        expect(hits.filter((hit) => exact.has(hit.label)).length).toBeGreaterThanOrEqual(9);
      }
    }
    const few = (label: number) => label === 5 || label === 2999;
    expect(
      index
        .search(queries[0]!, 10, { filter: few })
        .map((hit) => hit.label)
        .sort((a, b) => a - b),
    ).toEqual([5, 2999]);
    expect(index.search(queries[0]!, 10, { filter: () => false })).toEqual([]);
    const failing = (label: number) => {
      if (label > 100) throw new Error('filter failed');
      return true;
    };
    expect(() => index.search(queries[0]!, 10, { filter: failing })).toThrow('filter failed');
  });

  it('searches row ranges like the equivalent filter: exactly when they are few, in the graph otherwise', () => {
    const rows = clustered(3000, 32, 10, 0.8, 6);
    const index = VectorIndex.build(rows, 32);
    const queries = clustered(10, 32, 10, 0.8, 6, 7);
    // 40 rows (under 2%: scanned exactly) and 900 rows in three runs (searched in the graph).
    for (const allowed of [
      rowRanges([
        [100, 120],
        [2980, 3000],
      ]),
      rowRanges([
        [0, 300],
        [1000, 1300],
        [2700, 3000],
      ]),
    ]) {
      const filter = (label: number) => rowRangesHas(allowed, label);
      for (const query of queries) {
        const hits = index.search(query, 10, { allowed });
        expect(hits).toHaveLength(10);
        expect(hits.every((hit) => filter(hit.label))).toBe(true);
        const exact = index.exactSearch(query, 10, filter).map((hit) => hit.label);
        if (rowRangesSize(allowed) <= 60) expect(hits.map((hit) => hit.label)).toEqual(exact);
        else expect(hits.filter((hit) => exact.includes(hit.label)).length).toBeGreaterThanOrEqual(9);
      }
    }
    expect(index.search(queries[0]!, 10, { allowed: rowRanges([]) })).toEqual([]);
  });

  it(`reaches recall@10 ≥ 0.98 on 5k clustered vectors with the default ef (M ${VECTOR_DEFAULTS.M}, efConstruction ${VECTOR_DEFAULTS.efConstruction})`, () => {
    const dims = 64;
    const rows = clustered(5000, dims, 40, 0.7, 6);
    const index = VectorIndex.build(rows, dims);
    const queries = clustered(100, dims, 40, 0.7, 6, 7);
    let found = 0;
    for (const query of queries) {
      const exact = new Set(index.exactSearch(query, 10).map((hit) => hit.label));
      found += index.search(query, 10).filter((hit) => exact.has(hit.label)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.98);
  });

  it('handles k beyond the size, k = 0 and an empty index', async () => {
    const rows = clustered(5, 4, 1, 0.5, 8);
    const index = VectorIndex.build(rows, 4);
    expect(index.search(rows[0]!, 50)).toHaveLength(5);
    expect(index.search(rows[0]!, 0)).toEqual([]);

    const empty = VectorIndex.build([], 4);
    expect(empty.size).toBe(0);
    expect(empty.search(rows[0]!, 3)).toEqual([]);
    const dir = await mkdtemp(join(root, 'empty-'));
    expect(empty.save(dir, 'vectors')).toEqual(['vectors.f32']);
    expect(VectorIndex.load(dir, 'vectors', 4).size).toBe(0);
  });

  it('reports progress while building', () => {
    const progress: Array<[number, number]> = [];
    VectorIndex.build(clustered(2500, 8, 2, 0.5, 9), 8, { efConstruction: 20, onProgress: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([
      [1000, 2500],
      [2000, 2500],
      [2500, 2500],
    ]);
  });

  it('rejects bad input with INVALID_ARGUMENT and damaged files with INDEX_CORRUPT', async () => {
    const rows = clustered(20, 8, 2, 0.5, 10);
    const invalid = (fn: () => unknown) => expect(fn).toThrow(expect.toSatisfy((e: unknown) => isMcdeweyError(e, 'INVALID_ARGUMENT')));
    invalid(() => VectorIndex.build(rows, 7));
    invalid(() => VectorIndex.build(new Float32Array(10), 4));
    invalid(() => VectorIndex.build([new Float32Array([1, Number.NaN])], 2));
    const index = VectorIndex.build(rows, 8);
    invalid(() => index.search(new Float32Array(3), 5));
    invalid(() => index.row(20));

    const corrupt = (fn: () => unknown) => expect(fn).toThrow(expect.toSatisfy((e: unknown) => isMcdeweyError(e, 'INDEX_CORRUPT')));
    const dir = await mkdtemp(join(root, 'corrupt-'));
    corrupt(() => VectorIndex.load(dir, 'vectors', 8));
    index.save(dir, 'vectors');
    corrupt(() => VectorIndex.load(dir, 'vectors', 6));
    await writeFile(join(dir, 'vectors.f32'), new Uint8Array(8 * 4 * 19));
    corrupt(() => VectorIndex.load(dir, 'vectors', 8));
    index.save(dir, 'vectors');
    await truncate(join(dir, 'vectors.hnsw'), 50);
    corrupt(() => VectorIndex.load(dir, 'vectors', 8));
  });
});
