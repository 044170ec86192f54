import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-golden-'));
const corpus = join(root, 'corpus');
const index = join(root, 'index');
const golden = join(root, 'acme-golden.json');

function mcdewey(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  const files: Record<string, string> = {
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE`.\n',
    'acme/v2/guide/backup.md': '# Backups\n\nSnapshots are automatic.\n\n## Restore\n\nRestore a snapshot with `acme restore --verify FILE`.\n',
    'globex/9.0/manual/tuning.md': '# Tuning\n\nIncrease the cache size.\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(corpus, path)), { recursive: true });
    writeFileSync(join(corpus, path), text);
  }
  writeFileSync(
    golden,
    JSON.stringify({
      format: 'mcdewey-golden',
      queries: [
        { id: 'restore-v2', query: 'restore snapshot verify', split: 'test', tags: ['version'], relevant: [{ source: 'acme/v2/guide/backup.md', grade: 2 }] },
        { id: 'cache', query: 'cache size', filters: { vendor: 'globex' }, split: 'tune', tags: [], relevant: [{ source: 'globex/9.0/manual/tuning.md', grade: 2 }] },
      ],
    }),
  );
  expect(mcdewey('ingest', corpus, '--index', index).code).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mcdewey eval on a golden collection', () => {
  it('prints nDCG@10, success@5, MRR@10, recall@10 and wrong-version results per mode', () => {
    const { code, stdout } = mcdewey('eval', '--collection', golden, '--index', index);
    expect(code).toBe(0);
    expect(stdout).toContain('Collection acme-golden (both splits): 2 questions');
    expect(stdout).toMatch(/nDCG@10\s+S@5\s+MRR@10\s+R@10\s+queries\s+wrong-version/);
    expect(stdout).toMatch(/lexical\s+1\.000\s+1\.000\s+1\.000\s+1\.000\s+2\s+1 in 1 q/);
  });

  it('scores one half with --split and gives per-query details with --json', () => {
    const { code, stdout } = mcdewey('eval', '--collection', golden, '--index', index, '--split', 'tune', '--mode', 'lexical', '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout);
    expect(parsed).toMatchObject({ collection: 'acme-golden', split: 'tune', queries: 1 });
    expect(parsed.modes[0].perQuery.map((q: { id: string }) => q.id)).toEqual(['cache']);
    expect(parsed.modes[0].perQuery[0].top[0]).toMatchObject({ unit: 'globex/9.0/manual/tuning.md', grade: 2 });
  });

  it('refuses a golden collection without --index, a bad --split and --index on other collections', () => {
    const noIndex = mcdewey('eval', '--collection', golden);
    expect(noIndex.code).toBe(2);
    expect(noIndex.stderr).toMatch(/^mcdewey: --index is required for the golden collection .*acme-golden\.json/);
    const badSplit = mcdewey('eval', '--collection', golden, '--index', index, '--split', 'dev');
    expect(badSplit.code).toBe(2);
    expect(badSplit.stderr).toContain('--split must be tune or test');
    const notGolden = mcdewey('eval', '--collection', corpus, '--format', 'trec', '--index', index);
    expect(notGolden.code).toBe(2);
    expect(notGolden.stderr).toContain('--index only applies to a golden collection');
  });
});
