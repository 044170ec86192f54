import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../src/pipeline/ingest.js';
import { openIndex } from '../src/open.js';
import { search } from '../src/search.js';
import { markSnippet } from '../src/rank/snippet.js';
import { isMcdeweyError } from '../src/errors.js';
import { smallCorpus, testdir } from './helpers.js';

async function library(files: Record<string, string> = smallCorpus()) {
  const index = join(testdir(), 'index');
  await ingest(testdir(files), index);
  return openIndex(index);
}

describe('lexical search', () => {
  it('finds chunks by stemmed words and returns every result field', async () => {
    const index = await library();
    const { mode, results } = await search(index, 'restoring snapshots');
    expect(mode).toBe('lexical');
    const top = results[0]!;
    expect(top.id).toMatch(/^acme::v[12]::guide::backup::\d+$/);
    expect(top).toMatchObject({ vendor: 'acme', group: 'guide', doc: 'backup', title: 'Backups', source: expect.stringMatching(/backup\.md$/) });
    expect(top.headings).toEqual(['Backups', 'Restore']);
    expect(markSnippet(top, '[', ']')).toContain('[Restore] a [snapshot]');
  });

  it('applies filters inside the search and still fills the limit', async () => {
    const files = { ...smallCorpus() };
    for (let i = 0; i < 30; i++) files[`acme/v1/notes/note${i}.md`] = `# Note ${i}\n\nA snapshot note number ${i}.`;
    for (let i = 0; i < 3; i++) files[`globex/9.0/notes/note${i}.md`] = `# Globex note ${i}\n\nA snapshot tip ${i}.`;
    const index = await library(files);
    const { results } = await search(index, 'snapshot', { limit: 3, filters: { vendor: 'globex' } });
    expect(results).toHaveLength(3);
    expect(results.every((result) => result.vendor === 'globex')).toBe(true);
    const byVersion = await search(index, 'snapshot', { limit: 50, filters: { version: ['v2'] } });
    expect(byVersion.results.map((result) => result.version)).toEqual(byVersion.results.map(() => 'v2'));
  });

  it('shows a chunk found with the same text in two versions once, naming both', async () => {
    const index = await library();
    const { results } = await search(index, 'take a snapshot of the widget store');
    const backups = results.filter((result) => result.doc === 'backup' && result.snippet.includes('widget store'));
    expect(backups).toHaveLength(1);
    expect(backups[0]!.alsoIn?.map((other) => other.version)).toEqual([backups[0]!.version === 'v1' ? 'v2' : 'v1']);
  });

  it('gives one result per document by default, listing its other matching chunks under it', async () => {
    const body = Array.from({ length: 8 }, (_, i) => `## Part ${i}\n\nsnapshot details part ${i}`).join('\n\n');
    const index = await library({ ...smallCorpus(), 'acme/v1/guide/long.md': `# Long\n\n${body}` });
    const { results } = await search(index, 'snapshot details', { limit: 4 });
    const long = results.filter((result) => result.doc === 'long');
    expect(long).toHaveLength(1);
    expect(long[0]!.more).toHaveLength(3);
    expect(new Set([long[0]!.id, ...long[0]!.more!.map((other) => other.id)]).size).toBe(4);
    expect(long[0]!.more!.every((other) => other.snippet.length > 0 && other.score <= long[0]!.score)).toBe(true);
    const two = await search(index, 'snapshot details', { limit: 4, maxPerDocument: 2, moreLimit: 0 });
    expect(two.results.filter((result) => result.doc === 'long')).toHaveLength(2);
    expect(two.results.every((result) => result.more === undefined)).toBe(true);
    const all = await search(index, 'snapshot details', { limit: 200, maxPerDocument: 0 });
    expect(all.results.filter((result) => result.doc === 'long')).toHaveLength(8);
    const onlyLong = await search(index, 'snapshot details', { limit: 5, filters: { doc: 'long' } });
    expect(onlyLong.results).toHaveLength(5);
  });

  it('explains ranks per leg', async () => {
    const index = await library();
    const { results } = await search(index, 'cache size', { explain: true });
    expect(results[0]!.explain?.lexical?.rank).toBe(1);
  });

  it.each([
    ['', {}, 'query must be a non-empty string'],
    ['x'.repeat(1001), {}, 'limit is 1000'],
    ['snapshot', { limit: 0 }, 'limit must be an integer from 1 to 200'],
    ['snapshot', { limit: 201 }, 'limit must be an integer from 1 to 200'],
    ['snapshot', { filters: { vendor: 'initech' } }, 'Unknown vendor "initech"; the index has: acme, globex'],
  ])('rejects bad input %#', async (query, options, message) => {
    const index = await library();
    const error = await search(index, query, options).catch((e: unknown) => e);
    expect(isMcdeweyError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toContain(message.replace('limit is 1000', 'the limit is 1000'));
  });

  it('falls back to lexical with a notice when semantic search is asked of a lexical-only index', async () => {
    const index = await library();
    const response = await search(index, 'snapshot', { mode: 'semantic' });
    expect(response.mode).toBe('lexical');
    expect(response.notice).toContain('no vectors');
  });
});

describe('chunk access', () => {
  it('returns a chunk with its neighbours from the same document only', async () => {
    const index = await library();
    const { chunk, before, after } = index.getChunkInContext('acme::v1::guide::intro::1', 5);
    expect(chunk.id).toBe('acme::v1::guide::intro::1');
    expect([...before, ...after].every((other) => other.doc === 'intro' && other.version === 'v1')).toBe(true);
    expect(before.map((other) => other.n)).toEqual([0]);
  });

  it('names unknown and malformed chunk ids', async () => {
    const index = await library();
    expect(() => index.getChunk('acme::v1::guide::intro::99')).toThrow(/No chunk "acme::v1::guide::intro::99"/);
    expect(() => index.getChunk('nonsense')).toThrow(/Invalid chunk id "nonsense"/);
  });

  it('lists vendors with versions and counts', async () => {
    const index = await library();
    expect(index.listVendors()).toEqual([
      {
        vendor: 'acme',
        versions: [
          { version: 'v1', documents: 2, chunks: expect.any(Number) },
          { version: 'v2', documents: 1, chunks: expect.any(Number) },
        ],
      },
      { vendor: 'globex', versions: [{ version: '9.0', documents: 2, chunks: expect.any(Number) }] },
    ]);
  });
});
