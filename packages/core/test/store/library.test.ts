import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { rowRangesHas } from '../../src/rank/row-ranges.js';
import type { ChunkRecord } from '../../src/types.js';
import { smallCorpus, testdir } from '../helpers.js';
import { dropChecksums } from './old-index.js';

async function build(): Promise<string> {
  const index = join(testdir(), 'index');
  await ingest(testdir(smallCorpus()), index);
  return index;
}

function chunkLines(index: string): ChunkRecord[] {
  return readFileSync(join(index, 'chunks.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ChunkRecord);
}

describe('Library: chunks read on demand', () => {
  it('gives every chunk by row, by id and in sequence, exactly as stored', async () => {
    const index = await build();
    const stored = chunkLines(index);
    const library = await openIndex(index);
    expect(library.chunkCount).toBe(stored.length);
    expect([...library.chunkRecords()]).toEqual(stored);
    expect([...library.chunkRecords(2, 4)]).toEqual(stored.slice(2, 4));
    // Backwards, so the cache and the file reads both serve.
    for (let row = stored.length - 1; row >= 0; row--) {
      expect(library.chunkAt(row)).toEqual(stored[row]);
      expect(library.rowOf(stored[row]!.id)).toBe(row);
      expect(library.getChunk(stored[row]!.id)).toEqual(stored[row]);
      expect(library.documentOfRow(row).id).toBe(stored[row]!.id.replace(/::\d+$/, ''));
      expect(library.chunkIdAt(row)).toBe(stored[row]!.id);
      expect(library.chunkHashAt(row)).toBe(stored[row]!.hash);
    }
    library.close();
  });

  it('answers unknown ids with undefined from rowOf and typed errors from getChunk', async () => {
    const library = await openIndex(await build());
    const first = library.chunkAt(0);
    const documentId = first.id.replace(/::\d+$/, '');
    const count = library.getDocument(documentId).document.chunkCount;
    for (const id of [`${documentId}::${count}`, `${documentId}::01`, `${documentId}::-1`, `${documentId}`, 'nope::v1::g::d::0', '']) {
      expect(library.rowOf(id)).toBeUndefined();
    }
    expect(
      isMcdeweyError(
        catchError(() => library.getChunk(`${documentId}::${count}`)),
        'CHUNK_NOT_FOUND',
      ),
    ).toBe(true);
    expect(
      isMcdeweyError(
        catchError(() => library.getChunk('not an id')),
        'INVALID_CHUNK_ID',
      ),
    ).toBe(true);
    expect(() => library.chunkAt(library.chunkCount)).toThrow(RangeError);
  });

  it('turns filters into the row ranges of the passing documents', async () => {
    const library = await openIndex(await build());
    expect(library.filterRows({})).toBeUndefined();
    expect(library.filterRows({ vendor: [] })).toBeUndefined();
    for (const filters of [{ vendor: 'acme' }, { version: ['v2', '9.0'] }, { vendor: 'acme', doc: 'backup' }]) {
      const ranges = library.filterRows(filters)!;
      const accepts = library.filterPredicate(filters);
      for (let row = 0; row < library.chunkCount; row++) {
        expect(rowRangesHas(ranges, row)).toBe(accepts(library.chunkAt(row)));
      }
    }
    expect(
      isMcdeweyError(
        catchError(() => library.filterRows({ vendor: 'initech' })),
        'INVALID_ARGUMENT',
      ),
    ).toBe(true);
  });

  it('reads an index of format 1 (no chunks.offsets, no chunks.hashes) by scanning its chunk lines', async () => {
    const index = await build();
    const expected = chunkLines(index);
    const manifestPath = join(index, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const name of ['chunks.offsets', 'chunks.hashes']) {
      delete manifest.files[name];
      rmSync(join(index, name));
    }
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, formatVersion: 1 }));
    const library = await openIndex(index);
    expect([...library.chunkRecords()]).toEqual(expected);
    expect(library.chunkAt(expected.length - 1)).toEqual(expected.at(-1));
    expect(expected.map((_, row) => library.chunkHashAt(row))).toEqual(expected.map((chunk) => chunk.hash));
  });

  it('names chunks.hashes when it does not hold one hash per chunk', async () => {
    const index = await build();
    // Without checksums, so that the file's own checks are what notice.
    dropChecksums(index);
    const path = join(index, 'chunks.hashes');
    const bytes = readFileSync(path);
    bytes.write('XXXXXXXX', 0, 'latin1');
    writeFileSync(path, bytes);
    const error = await openIndex(index).catch((e: unknown) => e);
    expect(isMcdeweyError(error, 'INDEX_CORRUPT')).toBe(true);
    expect((error as Error).message).toMatch(/chunks\.hashes.*bad header/);
  });

  it('names the damaged file when the chunk offsets do not fit the chunk file', async () => {
    const index = await build();
    dropChecksums(index);
    const path = join(index, 'chunks.offsets');
    const bytes = readFileSync(path);
    bytes.writeDoubleLE(7, bytes.length - 8);
    writeFileSync(path, bytes);
    const error = await openIndex(index).catch((e: unknown) => e);
    expect(isMcdeweyError(error, 'INDEX_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain('chunks.offsets');

    bytes.write('XXXXXXXX', 0, 'latin1');
    writeFileSync(path, bytes);
    expect((await openIndex(index).catch((e: Error) => e.message)) as string).toMatch(/chunks\.offsets.*bad header/);
  });

  it('reports a damaged chunk line with the file and line when it is read', async () => {
    const index = await build();
    dropChecksums(index);
    const path = join(index, 'chunks.jsonl');
    const text = readFileSync(path, 'utf8');
    const secondLine = text.indexOf('\n') + 1;
    // Same length and no line checksums, so the size checks pass and only parsing can notice.
    writeFileSync(path, `${text.slice(0, secondLine)}#${text.slice(secondLine + 1)}`);
    const library = await openIndex(index);
    expect(library.chunkAt(0).n).toBe(0);
    const error = catchError(() => library.chunkAt(1));
    expect(isMcdeweyError(error, 'INDEX_CORRUPT')).toBe(true);
    expect((error as Error).message).toMatch(/chunks\.jsonl line 2/);
  });

  it('cannot be read after close', async () => {
    const library = await openIndex(await build());
    library.close();
    expect((catchError(() => library.chunkAt(0)) as Error).message).toContain('closed');
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
