import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isMcdeweyError, type McdeweyError } from '../../src/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { search } from '../../src/search.js';
import { smallCorpus, testdir } from '../helpers.js';
import { dropChecksums } from './old-index.js';

type Files = Record<string, { bytes: number; checksum?: string }>;

async function build(): Promise<string> {
  const index = join(testdir(), 'index');
  await ingest(testdir(smallCorpus()), index);
  return index;
}

function manifestOf(index: string): Record<string, unknown> & { files: Files } {
  return JSON.parse(readFileSync(join(index, 'manifest.json'), 'utf8'));
}

function writeManifest(index: string, manifest: unknown): void {
  writeFileSync(join(index, 'manifest.json'), JSON.stringify(manifest));
}

/** Changes one byte in the middle of a file; its size stays the same. */
function flipByte(path: string, at = Math.floor(statSync(path).size / 2)): void {
  const bytes = readFileSync(path);
  bytes[at] = bytes[at]! ^ 0x20;
  writeFileSync(path, bytes);
}

async function openError(index: string): Promise<McdeweyError> {
  const error = await openIndex(index).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isMcdeweyError(error)) throw new Error(`expected a McdeweyError, got ${String(error)}`);
  return error;
}

function thrownBy(run: () => unknown): McdeweyError {
  try {
    run();
  } catch (error) {
    if (isMcdeweyError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('index checksums', () => {
  it('records a CRC-32 per file (chunks.jsonl is covered line by line by chunks.crc)', async () => {
    const index = await build();
    const { files } = manifestOf(index);
    expect(Object.keys(files).sort()).toEqual(['chunks.crc', 'chunks.hashes', 'chunks.jsonl', 'chunks.offsets', 'documents.jsonl', 'lexical.bin']);
    for (const [name, entry] of Object.entries(files)) {
      if (name === 'chunks.jsonl') {
        expect(entry.checksum).toBeUndefined();
        continue;
      }
      expect(entry.checksum).toBe(
        `crc32:${crc32(readFileSync(join(index, name)))
          .toString(16)
          .padStart(8, '0')}`,
      );
    }
    const lines = readFileSync(join(index, 'chunks.jsonl'), 'utf8').split(/(?<=\n)/);
    const perLine = readFileSync(join(index, 'chunks.crc'));
    expect(perLine.length).toBe(8 + lines.length * 4);
    lines.forEach((line, i) => expect(perLine.readUInt32LE(8 + i * 4)).toBe(crc32(line)));
  });

  it.each(['documents.jsonl', 'chunks.offsets', 'chunks.hashes', 'chunks.crc'])('refuses to open when %s was changed at the same size, naming it', async (file) => {
    const index = await build();
    flipByte(join(index, file));
    const error = await openError(index);
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.details.file).toBe(file);
    expect(error.message).toContain(`${file} does not match its checksum`);
  });

  it('checks lexical.bin when it is first loaded, before decoding it', async () => {
    const index = await build();
    flipByte(join(index, 'lexical.bin'));
    const library = await openIndex(index);
    expect(library.getChunk(library.chunkIdAt(0)).n).toBe(0);
    const error: unknown = await search(library, 'snapshot').catch((thrown: unknown) => thrown);
    expect(isMcdeweyError(error, 'INDEX_CORRUPT')).toBe(true);
    expect((error as McdeweyError).message).toContain('lexical.bin does not match its checksum');
    // Found once: later uses fail the same way without reading the file again.
    await expect(search(library, 'restore')).rejects.toBe(error);
  });

  it('refuses an index whose manifest lost the checksum of one file while keeping the others', async () => {
    const index = await build();
    const manifest = manifestOf(index);
    delete manifest.files['chunks.hashes']!.checksum;
    writeManifest(index, manifest);
    const error = await openError(index);
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toContain('manifest.json records no checksum for chunks.hashes');
  });

  it('opens and searches an index written before checksums', async () => {
    const index = await build();
    dropChecksums(index);
    const library = await openIndex(index);
    const response = await search(library, 'restore snapshot');
    expect(response.results.length).toBeGreaterThan(0);
    expect([...library.chunkRecords()]).toHaveLength(library.chunkCount);
  });
});

describe('chunk lines are checked as they are read', () => {
  /** Rewrites the id in chunk line `row` to end in `::ordinal` (same length), as a hostile edit would. */
  function relabel(index: string, row: number, ordinal: number): { id: string; line: number } {
    const path = join(index, 'chunks.jsonl');
    const lines = readFileSync(path, 'utf8').split(/(?<=\n)/);
    const id = (JSON.parse(lines[row]!) as { id: string }).id;
    const edited = id.replace(/::\d+$/, `::${ordinal}`);
    expect(edited.length).toBe(id.length);
    lines[row] = lines[row]!.replace(`"id":"${id}"`, `"id":"${edited}"`);
    writeFileSync(path, lines.join(''));
    return { id, line: row + 1 };
  }

  /** The first row whose chunk is not the first of its document. */
  function secondChunkRow(index: string): number {
    const ids = readFileSync(join(index, 'chunks.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { id: string }).id);
    return ids.findIndex((id) => id.endsWith('::1'));
  }

  it('refuses a line whose bytes do not match chunks.crc, naming chunks.jsonl and the line', async () => {
    const index = await build();
    const row = secondChunkRow(index);
    const { id, line } = relabel(index, row, 0);
    const library = await openIndex(index);
    const error = thrownBy(() => library.getChunk(id));
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toMatch(new RegExp(`chunks\\.jsonl line ${line} does not match its checksum in chunks\\.crc`));
    expect(error.details).toMatchObject({ file: 'chunks.jsonl', line });
    // Sequential reads check every line too.
    expect(() => [...library.chunkRecords()]).toThrow(/chunks\.jsonl line/);
  });

  it('refuses a line that holds another chunk id than its row, even without checksums', async () => {
    const index = await build();
    dropChecksums(index);
    const row = secondChunkRow(index);
    const { id, line } = relabel(index, row, 0);
    const library = await openIndex(index);
    const error = thrownBy(() => library.getChunk(id));
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toContain(`chunks.jsonl line ${line} holds chunk "${id.replace(/::1$/, '::0')}" where ${id} belongs`);
  });
});

describe('re-ingesting over a damaged index', () => {
  it('does not reuse it: every document is read again, with a notice, and the new index is whole', async () => {
    const corpus = testdir(smallCorpus());
    const index = join(testdir(), 'index');
    await ingest(corpus, index);
    flipByte(join(index, 'chunks.jsonl'));
    const notices: string[] = [];
    const report = await ingest(corpus, index, { onNotice: (message) => notices.push(message) });
    expect(notices).toEqual([expect.stringMatching(/cannot be reused \(.*chunks\.jsonl line \d+ does not match its checksum.*every document will be read again/)]);
    expect(report.reused).toBe(0);
    const library = await openIndex(index);
    expect([...library.chunkRecords()]).toHaveLength(library.chunkCount);
  });
});

describe('manifest shape', () => {
  it('names manifest.json and the field when files is missing', async () => {
    const index = await build();
    const { files: _files, ...rest } = manifestOf(index);
    writeManifest(index, rest);
    const error = await openError(index);
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.details).toMatchObject({ file: 'manifest.json', field: 'files' });
    expect(error.message).toContain('manifest.json field files is missing');
  });

  it.each([
    ['files', (m: Record<string, any>) => (m.files = ['lexical.bin']), 'files must be an object'],
    ['files', (m: Record<string, any>) => (m.files['../outside.txt'] = { bytes: 1 }), 'files key must be a path inside the index, not "../outside.txt"'],
    ['files["lexical.bin"].bytes', (m: Record<string, any>) => (m.files['lexical.bin'].bytes = '12'), 'files["lexical.bin"].bytes must be a whole number, not "12"'],
    ['files["lexical.bin"].checksum', (m: Record<string, any>) => (m.files['lexical.bin'].checksum = 'md5:abc'), 'must be crc32: and 8 hex digits'],
    ['counts.chunks', (m: Record<string, any>) => (m.counts.chunks = -1), 'counts.chunks must be a whole number, not -1'],
    ['counts', (m: Record<string, any>) => delete m.counts, 'counts is missing'],
    ['lexical.bm25.k', (m: Record<string, any>) => (m.lexical.bm25.k = null), 'lexical.bm25.k must be a number, not null'],
    ['embedder', (m: Record<string, any>) => (m.embedder = 'bge'), 'embedder must be an object'],
    ['vectors.dimensions', (m: Record<string, any>) => (m.vectors = { count: 1, dimensions: 0, M: 16, efConstruction: 200 }), 'vectors.dimensions must be a positive whole number'],
    ['documents', (m: Record<string, any>) => (m.documents = 7), 'documents must be an object, not 7'],
  ])('names the field %s when it has the wrong type', async (field, damage, message) => {
    const index = await build();
    const manifest = manifestOf(index);
    damage(manifest);
    writeManifest(index, manifest);
    const error = await openError(index);
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.details).toMatchObject({ file: 'manifest.json', field });
    expect(error.message).toContain(message);
  });
});

describe('lexical.bin without checksums', () => {
  it('reports a scrambled header as INDEX_CORRUPT, not a RangeError or an out-of-memory crash', async () => {
    const index = await build();
    dropChecksums(index);
    const path = join(index, 'lexical.bin');
    const original = readFileSync(path);
    // Header words: rowCount, termCount, fieldCount, termBytes, k, b, then per field two.
    for (const [word, value] of [
      [0, 1e6],
      [1, 2 ** 40],
      [2, 1e10],
      [2, 2 ** 53 - 1],
      [2, 7],
      [3, 2 ** 32],
      [6, 5e8],
    ] as const) {
      const bytes = Buffer.from(original);
      bytes.writeDoubleLE(value, 8 + word * 8);
      writeFileSync(path, bytes);
      const library = await openIndex(index);
      const error = await search(library, 'snapshot').catch((thrown: unknown) => thrown);
      expect(isMcdeweyError(error, 'INDEX_CORRUPT'), `word ${word} = ${value}: ${String(error)}`).toBe(true);
      library.close();
    }
  });
});

describe('a bundled model', () => {
  /** Enough repeated vocabulary to train a small model (as in the trained-ingest tests). */
  function trainingCorpus(): Record<string, string> {
    const words = 'database query index table column row sql transaction commit rollback schema replica backup restore snapshot'.split(' ');
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      const rotated = [...words.slice(i), ...words.slice(0, i)];
      files[`acme/v1/db/part-${i}.md`] = `# Storage ${i}\n\nThe ${rotated.join(' ')} and the ${rotated.reverse().join(' ')}.\n`;
    }
    return files;
  }

  it('is checked before it is loaded: a damaged model file leaves the index lexical-only, saying why', async () => {
    const index = join(testdir(), 'index');
    await ingest(testdir(trainingCorpus()), index, { trainEmbedder: { dims: 16, oversample: 8 } });
    const { files } = manifestOf(index);
    for (const name of ['vectors.f32', 'vectors.hnsw', 'model/onnx/model.onnx', 'model/tokenizer.json']) expect(files[name]?.checksum).toMatch(/^crc32:[0-9a-f]{8}$/);
    expect((await openIndex(index, { embedder: 'auto' })).embedder).toBeDefined();

    flipByte(join(index, 'model', 'onnx', 'model.onnx'));
    const library = await openIndex(index, { embedder: 'auto' });
    expect(library.embedder).toBeUndefined();
    expect(library.embedderNotice).toContain('model/onnx/model.onnx is damaged');
    const response = await search(library, 'sql rollback');
    expect(response.mode).toBe('lexical');
    expect(response.notice).toMatch(/^hybrid search is unavailable: the index's model file model\/onnx\/model\.onnx is damaged/);
  });
});
