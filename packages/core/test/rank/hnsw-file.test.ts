import { appendFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../../src/embed/test-model.js';
import { isMcdeweyError, type McdeweyError } from '../../src/errors.js';
import { VectorIndex } from '../../src/rank/vectors.js';

const DIMS = 8;
const COUNT = 300;
const M = 16;
/** Bytes of one node's level-0 block: link count and 2M links, the vector, the label. */
const PER_NODE = (2 * M + 1) * 4 + DIMS * 4 + 8;
const LEVEL0 = 96;
const UPPER = LEVEL0 + COUNT * PER_NODE;

const root = mkdtempSync(join(tmpdir(), 'mcdewey-hnsw-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let original: VectorIndex;
let intact: Buffer;
const queries: Float32Array[] = [];
beforeAll(() => {
  const normal = gaussian(mulberry32(3));
  const rows = Array.from({ length: COUNT }, () => Float32Array.from({ length: DIMS }, () => normal()));
  for (let i = 0; i < 20; i++) queries.push(Float32Array.from({ length: DIMS }, () => normal()));
  original = VectorIndex.build(rows, DIMS, { M });
  original.save(root, 'intact');
  intact = readFileSync(join(root, 'intact.hnsw'));
});

/** Writes the graph with `damage` applied next to intact rows and loads it. */
function loadDamaged(damage: (bytes: Buffer) => void, name = 'damaged'): () => VectorIndex {
  const bytes = Buffer.from(intact);
  damage(bytes);
  writeFileSync(join(root, `${name}.f32`), readFileSync(join(root, 'intact.f32')));
  writeFileSync(join(root, `${name}.hnsw`), bytes);
  return () => VectorIndex.load(root, name, DIMS);
}

function corruptError(run: () => unknown): McdeweyError {
  try {
    run();
  } catch (error) {
    if (isMcdeweyError(error, 'INDEX_CORRUPT')) return error;
    throw error;
  }
  throw new Error('expected INDEX_CORRUPT');
}

/** The first node with upper levels and the byte offset of its block size in the upper section. */
function firstUpperNode(bytes: Buffer): { node: number; at: number; size: number } {
  let at = UPPER;
  for (let node = 0; node < COUNT; node++) {
    const size = bytes.readUInt32LE(at);
    if (size > 0) return { node, at, size };
    at += 4;
  }
  throw new Error('no node with upper levels');
}

describe('hnsw graph files are checked before hnswlib reads them', () => {
  it('loads an intact file and searches like the index that wrote it', () => {
    const loaded = VectorIndex.load(root, 'intact', DIMS);
    for (const query of queries) expect(loaded.search(query, 10)).toEqual(original.search(query, 10));
  });

  it.each<[string, (bytes: Buffer) => void, RegExp]>([
    // The byte flip that made `mcdewey search` die with SIGSEGV: hnswlib starts every search there.
    ['entry point out of range', (b) => b.writeUInt32LE((b.readUInt32LE(52) ^ 0xffffff00) >>> 0, 52), /entry point \d+ is not one of its 300 nodes/],
    ['link count of M', (b) => b.writeBigUInt64LE(1000n, 72), /link counts \(M\)/],
    ['node count', (b) => b.writeBigUInt64LE(BigInt(COUNT + 1), 16), /does not hold 300 nodes/],
    ['vector size', (b) => b.writeBigUInt64LE(BigInt(PER_NODE + 4), 24), /node layout does not fit 8-dimensional vectors/],
    ['top level', (b) => b.writeInt32LE(9, 48), /top level|entry point/],
    ['level-0 link count', (b) => b.writeUInt32LE(2 * M + 1, LEVEL0), /node 0 has 33 links on level 0/],
    ['deletion mark', (b) => (b[LEVEL0 + 2] = 1), /node 0 has \d+ links on level 0/],
    ['level-0 link target', (b) => b.writeUInt32LE(0xfffffff0, LEVEL0 + 4), /node 0 links to node 4294967280, which does not exist/],
    ['duplicate label', (b) => b.writeBigUInt64LE(b.readBigUInt64LE(LEVEL0 + PER_NODE - 8), LEVEL0 + 2 * PER_NODE - 8), /node 1 has label 0/],
    ['label out of range', (b) => b.writeBigUInt64LE(1n << 40n, LEVEL0 + PER_NODE - 8), /node 0 has label/],
    ['upper block size', (b) => b.writeUInt32LE(firstUpperNode(b).size + 4, firstUpperNode(b).at), /upper-level block|ends too soon/],
    ['upper link target', (b) => b.writeUInt32LE(COUNT, firstUpperNode(b).at + 8), /links to node 300, which does not exist/],
    [
      'upper link to a node not on that level',
      (b) => {
        const { at } = firstUpperNode(b);
        // A node with no upper levels: its block size in the upper section is 0.
        let flat = 0;
        for (let node = 0, p = UPPER; node < COUNT; node++) {
          const size = b.readUInt32LE(p);
          if (size === 0) {
            flat = node;
            break;
          }
          p += 4 + size;
        }
        b.writeUInt32LE(1, at + 4);
        b.writeUInt32LE(flat, at + 8);
      },
      /level-1 link points at node \d+, which is not on that level/,
    ],
  ])('refuses a file with a damaged %s', (_what, damage, message) => {
    const error = corruptError(loadDamaged(damage));
    expect(error.message).toMatch(message);
    expect(error.message).toContain('damaged.hnsw');
  });

  it('refuses a file cut short or with bytes after its last node', () => {
    writeFileSync(join(root, 'short.f32'), readFileSync(join(root, 'intact.f32')));
    writeFileSync(join(root, 'short.hnsw'), intact);
    truncateSync(join(root, 'short.hnsw'), intact.length - 3);
    expect(corruptError(() => VectorIndex.load(root, 'short', DIMS)).message).toMatch(/ends too soon/);
    writeFileSync(join(root, 'short.hnsw'), intact);
    appendFileSync(join(root, 'short.hnsw'), Buffer.alloc(4));
    expect(corruptError(() => VectorIndex.load(root, 'short', DIMS)).message).toMatch(/bytes after its last node/);
  });

  it('survives any single byte flipped in the file: refused, or searched with rows in range', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 250; trial++) {
      const at = trial < 96 ? trial : Math.floor(random() * intact.length);
      const load = loadDamaged((b) => (b[at] = b[at]! ^ (1 + Math.floor(random() * 255))), 'fuzz');
      let loaded: VectorIndex;
      try {
        loaded = load();
      } catch (error) {
        expect(isMcdeweyError(error, 'INDEX_CORRUPT'), `byte ${at}: ${String(error)}`).toBe(true);
        continue;
      }
      for (const hit of loaded.search(queries[trial % queries.length]!, 10)) expect(hit.label).toBeLessThan(COUNT);
    }
  });

  it('rebuilds a damaged graph from the rows when asked, the same graph as before', () => {
    const load = loadDamaged((b) => b.writeUInt32LE(0xfffffff0, 52));
    const reasons: McdeweyError[] = [];
    const rebuilt = VectorIndex.load(root, 'damaged', DIMS, { rebuildDamagedGraph: { M, efConstruction: 200, onRebuild: (error) => reasons.push(error) } });
    expect(reasons.map((error) => error.code)).toEqual(['INDEX_CORRUPT']);
    for (const query of queries) expect(rebuilt.search(query, 10)).toEqual(original.search(query, 10));
    expect(() => load()).toThrow(/entry point/);
  });

  it('checks each file against a given CRC-32 before using it', () => {
    const seen: string[] = [];
    const loaded = VectorIndex.load(root, 'intact', DIMS, { verifyCrc32: (file) => void seen.push(file) });
    // The graph before hnswlib reads it; the rows (read by JavaScript only) before their first row is used.
    expect(seen).toEqual(['intact.hnsw']);
    loaded.row(0);
    expect(seen).toEqual(['intact.hnsw', 'intact.f32']);
    const refuse = (file: string) => {
      if (file.endsWith('.hnsw')) throw new Error('checksum refused');
    };
    expect(() => VectorIndex.load(root, 'intact', DIMS, { verifyCrc32: refuse })).toThrow('checksum refused');
  });
});
