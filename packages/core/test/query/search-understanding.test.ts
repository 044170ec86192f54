import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { search } from '../../src/search.js';
import { testdir } from '../helpers.js';

/** Two vendors that both document health checks; only the query's vendor name tells them apart. */
function corpus(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 2; i++) {
    files[`etcd/v3.5/ops/health${i}.md`] = `# Health ${i}\n\nThe health check interval of the cluster member is set with a flag. Health check interval tuning part ${i}.`;
  }
  files['haproxy/v2.6/manual/checks.md'] = '# Server probing\n\nThe inter parameter sets the delay between two consecutive health checks of a server.';
  files['postgresql/v15/sql/insert.md'] = '# INSERT\n\nThe ON CONFLICT clause of INSERT turns a conflicting insert into an update. Upsert in version 15.';
  files['postgresql/v17/sql/insert.md'] = '# INSERT\n\nThe ON CONFLICT clause of INSERT turns a conflicting insert into an update. Upsert in version 17 with MERGE too.';
  for (let i = 0; i < 4; i++) files[`postgresql/v17/admin/replication${i}.md`] = `# Replication ${i}\n\nConfigure streaming replication between servers, part ${i}.`;
  for (let i = 0; i < 6; i++) files[`lua/v5.1/manual/topic${i}.md`] = `# Topic ${i}\n\nTables, metatables and coroutines, section ${i}.`;
  return files;
}

async function library() {
  const index = join(testdir(), 'index');
  await ingest(testdir(corpus()), index);
  return openIndex(index);
}

describe('search reads the query', () => {
  it('ranks the vendor a query names first, says so, and filters nothing out', async () => {
    const index = await library();
    const plain = await search(index, 'health check interval', { interpret: false });
    expect(plain.results[0]!.vendor).toBe('etcd');
    const named = await search(index, 'haproxy health check interval');
    expect(named.interpreted).toMatchObject({ vendor: 'haproxy' });
    expect(named.results[0]!.vendor).toBe('haproxy');
    expect(named.results.some((result) => result.vendor === 'etcd')).toBe(true);
  });

  it('ranks the version a query names first', async () => {
    const index = await library();
    const { interpreted, results } = await search(index, 'postgres 17 on conflict insert');
    expect(interpreted).toMatchObject({ vendor: 'postgresql', version: 'v17' });
    expect(results[0]!.version).toBe('v17');
    // The vendor's other versions are set aside; reading names can be turned off.
    expect(results.filter((result) => result.vendor === 'postgresql').every((result) => result.version === 'v17')).toBe(true);
    const literal = await search(index, 'postgres 17 on conflict insert', { interpret: false });
    expect(literal.results.some((result) => result.version === 'v15')).toBe(true);
  });

  it('does not count vendor and version words against the match', async () => {
    const index = await library();
    const response = await search(index, 'postgres 17 streaming replication');
    expect(response.noStrongMatch).toBeUndefined();
  });

  it('rejects grouping options out of range, naming them', async () => {
    const index = await library();
    await expect(search(index, 'insert', { maxPerDocument: -1 })).rejects.toThrow(/maxPerDocument must be an integer from 0 to 200/);
    await expect(search(index, 'insert', { moreLimit: 1.5 })).rejects.toThrow(/moreLimit must be an integer/);
    const grouped = await search(index, 'replication', { filters: { doc: [] } });
    expect(grouped.results.filter((result) => result.doc.startsWith('replication')).length).toBeLessThanOrEqual(4);
  });

  it('corrects a misspelt word from the index dictionary and can search the original', async () => {
    const index = await library();
    const corrected = await search(index, 'streaming replicaton');
    expect(corrected.interpreted).toMatchObject({ corrected: 'streaming replication', corrections: [{ from: 'replicaton', to: 'replication' }] });
    expect(corrected.results[0]!.doc).toMatch(/^replication/);
    expect(corrected.query).toBe('streaming replicaton');
    const original = await search(index, 'streaming replicaton', { correct: false });
    expect(original.interpreted).toBeUndefined();
  });
});

describe('no strong match', () => {
  it('says so for a nonsense query, with a suggestion', async () => {
    const index = await library();
    const response = await search(index, 'blorfy zanquish wibbleton');
    expect(response.noStrongMatch).toBe(true);
    expect(response.suggestions!.length).toBeGreaterThan(0);
  });

  it('says so when the filters exclude where the answer is, and suggests dropping them', async () => {
    const index = await library();
    const response = await search(index, 'streaming replication servers', { filters: { vendor: 'etcd' } });
    expect(response.noStrongMatch).toBe(true);
    expect(response.suggestions).toContainEqual(expect.objectContaining({ filters: {}, message: expect.stringContaining('postgresql v17') }));
  });

  it('says so when nothing matches at all', async () => {
    const index = await library();
    const response = await search(index, 'zzzqqq', { mode: 'lexical', correct: false });
    expect(response.results).toEqual([]);
    expect(response.noStrongMatch).toBe(true);
  });

  it('stays quiet for a real question', async () => {
    const index = await library();
    const response = await search(index, 'on conflict insert update');
    expect(response.noStrongMatch).toBeUndefined();
    expect(response.suggestions).toBeUndefined();
  });
});
