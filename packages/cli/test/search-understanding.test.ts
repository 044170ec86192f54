import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SearchResponse } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatResults, plural } from '../src/output.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-understanding-'));
const index = join(root, 'index');

function mcdewey(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Vendors named in queries, a word to misspell, one long document, and one page in two versions. */
function corpus(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 4; i++) files[`postgresql/v17/admin/replication${i}.md`] = `# Replication ${i}\n\nConfigure streaming replication between servers, part ${i}.`;
  files['postgresql/v15/sql/insert.md'] = '# INSERT\n\nThe ON CONFLICT clause of INSERT turns a conflicting insert into an update. Upsert in version 15.';
  files['postgresql/v17/sql/insert.md'] = '# INSERT\n\nThe ON CONFLICT clause of INSERT turns a conflicting insert into an update. Upsert in version 17.';
  files['etcd/v3.5/ops/health.md'] = '# Health\n\nThe health check interval of the cluster member is set with a flag.';
  const section = (name: string) => `## ${name}\n\n${`The failover daemon promotes a standby during ${name.toLowerCase()}. `.repeat(40)}\n\n`;
  files['haproxy/v2.6/manual/failover.md'] = `# Failover\n\n${['Planned switchover', 'Crash recovery', 'Network partition', 'Split brain', 'Rolling upgrade'].map(section).join('')}`;
  return files;
}

beforeAll(() => {
  const corpusDir = join(root, 'corpus');
  for (const [path, text] of Object.entries(corpus())) {
    mkdirSync(dirname(join(corpusDir, path)), { recursive: true });
    writeFileSync(join(corpusDir, path), text);
  }
  const { code, stderr } = mcdewey('ingest', corpusDir, '--index', index, '--no-embed');
  expect(code, stderr).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mcdewey search: what the query was understood as', () => {
  it('says which words it corrected and which vendor and version it read, and how to turn each off', () => {
    const { code, stdout } = mcdewey('search', 'postgres 17 streaming replicaton', '--index', index);
    expect(code).toBe(0);
    expect(stdout).toContain('Showing results for "postgres 17 streaming replication" (searched instead of "postgres 17 streaming replicaton"; --no-correct to search it as typed)');
    expect(stdout).toContain('Understood: vendor postgresql, version v17 (ranked first; --no-interpret to turn off)');
  });

  it('searches the query as typed with --no-correct and --no-interpret', () => {
    const { stdout } = mcdewey('search', 'postgres 17 streaming replicaton', '--index', index, '--no-correct', '--no-interpret', '--json');
    const response = JSON.parse(stdout) as SearchResponse;
    expect(response.interpreted).toBeUndefined();
    const text = mcdewey('search', 'postgres 17 streaming replicaton', '--index', index, '--no-correct', '--no-interpret').stdout;
    expect(text).not.toContain('Showing results for');
    expect(text).not.toContain('Understood:');
  });

  it('passes interpreted, noStrongMatch and suggestions through with --json', () => {
    const understood = JSON.parse(mcdewey('search', 'postgres 17 streaming replicaton', '--index', index, '--json').stdout) as SearchResponse;
    expect(understood.interpreted).toEqual({ vendor: 'postgresql', version: 'v17', corrected: 'postgres 17 streaming replication', corrections: [{ from: 'replicaton', to: 'replication' }] });
    const weak = JSON.parse(mcdewey('search', 'streaming replication servers', '--index', index, '--vendor', 'etcd', '--json').stdout) as SearchResponse;
    expect(weak.noStrongMatch).toBe(true);
    expect(weak.suggestions).toContainEqual(expect.objectContaining({ filters: {} }));
  });

  it('says there is no strong match, with the suggestions', () => {
    const { stdout } = mcdewey('search', 'streaming replication servers', '--index', index, '--vendor', 'etcd');
    expect(stdout).toMatch(/No strong match: the results below are the closest passages, not answers\.|No results for "streaming replication servers"/);
    expect(stdout).toMatch(/ {2}- No strong match with these filters; without them there are matches in postgresql v17\. \(search again without --vendor, --version, --group and --doc\)/);
    expect(stdout).toContain('  - Try other words for the problem');
  });

  it("lists a result's other matching chunks of its document, with their ids", () => {
    const { stdout } = mcdewey('search', 'failover daemon promotes a standby', '--index', index);
    const line = stdout.split('\n').find((text) => text.includes('more in this document'));
    expect(line).toMatch(/^ {3}3 more in this document: (Planned switchover|Crash recovery|Network partition|Split brain|Rolling upgrade)(, .+){2}$/);
    expect(stdout).toMatch(/haproxy::v2\.6::manual::failover::\d+ {2}haproxy::v2\.6::manual::failover::\d+/);
    expect(stdout.match(/^\d+\. Failover/gm)).toHaveLength(1);
    const more = JSON.parse(mcdewey('search', 'failover daemon promotes a standby', '--index', index, '--more', '1', '--json').stdout) as SearchResponse;
    expect(more.results[0]!.more).toHaveLength(1);
    const uncapped = JSON.parse(mcdewey('search', 'failover daemon promotes a standby', '--index', index, '--max-per-document', '0', '--json').stdout) as SearchResponse;
    expect(uncapped.results.filter((result) => result.doc === 'failover').length).toBeGreaterThan(1);
  });

  it('names the other versions holding the same passage', () => {
    const { stdout } = mcdewey('search', 'on conflict clause upsert', '--index', index, '--no-interpret');
    expect(stdout).toMatch(/postgresql::v1[57]::sql::insert::0 {2}\(also in v1[57]\)/);
  });

  it('prints the ranking settings with --explain', () => {
    const { stdout } = mcdewey('search', 'streaming replication', '--index', index, '--explain');
    expect(stdout).toMatch(/ranking: weights lexical [\d.]+, semantic [\d.]+ · rrfK \d+ · steer [\d.]+ · floor coverage [\d.]+, similarity [\d.]+ · match: coverage [\d.]+/);
  });

  it('pages with --offset: numbering goes on, the footer says which results of how many and how to go on', () => {
    const whole = JSON.parse(mcdewey('search', 'replication', '--index', index, '--json', '--limit', '2').stdout) as SearchResponse;
    expect(whole.next).toBe(2);
    const { stdout } = mcdewey('search', 'replication', '--index', index, '--limit', '2', '--offset', '2');
    expect(stdout).toMatch(/^3\. /m);
    expect(stdout).not.toMatch(/^1\. /m);
    const end = Math.min(4, whole.total);
    expect(stdout).toContain(`results 3-${end} of ${whole.totalExact ? '' : 'about '}${whole.total}`);
    const second = JSON.parse(mcdewey('search', 'replication', '--index', index, '--json', '--limit', '2', '--offset', '2').stdout) as SearchResponse;
    expect(second.offset).toBe(2);
    expect(second.results.map((result) => result.id)).not.toContain(whole.results[0]!.id);
  });

  it.each([
    [['--offset', '-1'], '--offset must be an integer from 0 to 10000'],
    [['--max-per-document', '-1'], '--max-per-document must be an integer from 0 to 200'],
    [['--more', 'lots'], '--more must be an integer from 0 to 200'],
  ])('rejects %j with a one-line error', (args, message) => {
    const { code, stderr } = mcdewey('search', 'x', '--index', index, ...args);
    expect(code).toBe(2);
    expect(stderr.trim()).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('formatResults', () => {
  const result = {
    id: 'acme::v1::guide::manual::0',
    score: 1,
    vendor: 'acme',
    version: 'v1',
    group: 'guide',
    doc: 'manual',
    title: 'Manual',
    headings: ['Manual'],
    page: 3,
    source: 'acme/v1/guide/manual.pdf',
    snippet: 'text',
    highlights: [],
  };

  it('shows pages for the other chunks of a PDF, and a suggested query', () => {
    const text = formatResults({
      query: 'x',
      mode: 'lexical',
      offset: 0,
      total: 1,
      totalExact: true,
      results: [
        {
          ...result,
          more: [
            { id: 'acme::v1::guide::manual::4', score: 0.5, headings: ['Manual', 'Setup'], page: 12, snippet: '', highlights: [] },
            { id: 'acme::v1::guide::manual::6', score: 0.4, headings: [], page: 14, pageEnd: 15, snippet: '', highlights: [] },
          ],
        },
      ],
      noStrongMatch: true,
      suggestions: [{ message: 'Try the product name.', query: 'acme widget' }],
    });
    expect(text).toContain('   2 more in this document: p. 12, pp. 14–15');
    expect(text).toContain('  - Try the product name. (mcdewey search "acme widget")');
    expect(text).toContain('1 result · mode lexical');
  });

  it('says "1 result", "2 results"', () => {
    expect([plural(1, 'result'), plural(2, 'result'), plural(0, 'result')]).toEqual(['1 result', '2 results', '0 results']);
  });
});
