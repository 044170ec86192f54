import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { search } from '../../src/search.js';
import { smallCorpus, testdir } from '../helpers.js';
import { dropChecksums } from '../store/old-index.js';
import { documentBytes } from './document-mutations.js';
import { resealFile } from './index-mutations.js';

/**
 * The fuzz tests' shrunk counterexamples, kept as plain tests: each once ended in a TypeError or
 * RangeError from deep inside search, or skipped a good document.
 */

async function lexicalIndex(): Promise<string> {
  const index = join(testdir(), 'index');
  await ingest(testdir(smallCorpus()), index);
  return index;
}

/** The McdeweyError `run` fails with (any other outcome fails the test). */
async function typedError(run: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    if (isMcdeweyError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a McdeweyError');
}

/** Rewrites one record of a JSON-lines file and reseals the index, so that the record itself is what the reader meets. */
function editRecord(index: string, file: 'documents.jsonl' | 'chunks.jsonl', line: number, edit: (record: Record<string, unknown>) => void): void {
  const path = join(index, file);
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((text) => text !== '');
  const record = JSON.parse(lines[line]!) as Record<string, unknown>;
  edit(record);
  lines[line] = JSON.stringify(record);
  writeFileSync(path, `${lines.join('\n')}\n`);
  resealFile(index, file);
}

describe('index damage the fuzzer found', () => {
  it('a chunk offset that is not a whole byte position (old index, flipped bits in chunks.offsets) is named, not a RangeError from fs', async () => {
    const index = await lexicalIndex();
    dropChecksums(index);
    const path = join(index, 'chunks.offsets');
    const bytes = readFileSync(path);
    bytes.writeDoubleLE(bytes.readDoubleLE(16) + 0.5, 16);
    writeFileSync(path, bytes);
    expect(await typedError(() => openIndex(index))).toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringMatching(/chunks\.offsets is damaged: offset 1 \([\d.]+\) is not a byte position/) });
  });

  it('a document record missing a field (old index, a flipped byte turned "version" into "vession") is named, not a TypeError in listVendors', async () => {
    const index = await lexicalIndex();
    dropChecksums(index);
    const path = join(index, 'documents.jsonl');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"version"', '"vession"'));
    expect(await typedError(() => openIndex(index))).toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringMatching(/documents\.jsonl line 1 is damaged: version is missing/) });
  });

  it('a document record whose version is a number is refused on open', async () => {
    const index = await lexicalIndex();
    editRecord(index, 'documents.jsonl', 1, (record) => (record.version = 0));
    const error = await typedError(() => openIndex(index));
    expect(error).toMatchObject({ code: 'INDEX_CORRUPT' });
    expect(error.message).toMatch(/documents\.jsonl line 2 is damaged: version must be a string, not 0/);
  });

  it('a document whose chunk count wraps around 2^32 does not pass for the right count', async () => {
    const index = await lexicalIndex();
    editRecord(index, 'documents.jsonl', 0, (record) => (record.chunkCount = (record.chunkCount as number) + 2 ** 32));
    expect(await typedError(() => openIndex(index))).toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringMatching(/documents\.jsonl lists 4294967\d+/) });
  });

  it('a chunk record whose headings or text are not what search reads fails the search with INDEX_CORRUPT, not a TypeError', async () => {
    for (const [field, value] of [
      ['headings', ''],
      ['text', -1],
      ['title', 1e9],
    ] as const) {
      const index = await lexicalIndex();
      const line = readFileSync(join(index, 'chunks.jsonl'), 'utf8')
        .split('\n')
        .findIndex((text) => text.includes('Restore a snapshot'));
      editRecord(index, 'chunks.jsonl', line, (record) => (record[field] = value));
      const library = await openIndex(index);
      const error = await typedError(() => search(library, 'restore snapshot'));
      expect(error.code).toBe('INDEX_CORRUPT');
      expect(error.message).toMatch(new RegExp(`chunks\\.jsonl line ${line + 1} is not a chunk record \\(${field} must be`));
      library.close();
    }
  });
});

describe('documents the fuzzer found', () => {
  it('a damaged PDF whose parser leaves a promise rejected does not take the next document down with it', async () => {
    // pdfjs refuses this PDF ("Illegal character"), then rejects another of its promises
    // ("Invalid number") that nobody awaits: that used to end the reader worker during the next
    // document, which was skipped as "reader failed".
    const pdf = documentBytes({
      base: 'pdf',
      edits: [
        { op: 'flip', at: [1729741831, 1722183700], xor: [1] },
        { op: 'flip', at: [1180417078, 708964780, 1881454415, 940432448, 548662726, 1523550969, 448015378, 1186826966, 1899228918, 1862174068], xor: [75, 128, 252, 61, 27, 227, 205, 63, 4, 78] },
      ],
    });
    const corpus = testdir({ 'acme/v1/a/broken.pdf': pdf, 'acme/v1/b/good.md': '# Good page\n\nThe zeppelin hangar opens at dawn.\n' });
    const report = await ingest(corpus, join(testdir(), 'index'));
    expect(report.skipped).toEqual([{ source: 'acme/v1/a/broken.pdf', reason: expect.stringMatching(/corrupt or truncated PDF/) }]);
    expect(report.documents).toBe(1);
  });
});
