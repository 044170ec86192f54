import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_RESTORE_CHUNK } from '@mcdewey/test-support/corpora';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-'));
const corpus = join(root, 'corpus');
const index = join(root, 'index');

function mcdewey(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  const files: Record<string, string> = {
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n\n## Restore\n\nRestore with `acme snapshot restore FILE`.\n\n## Verify\n\nCheck the restored store.\n',
    'acme/v2/guide/backup.md': '# Backups\n\nSnapshots are automatic in v2.\n',
    'globex/9.0/manual/tuning.txt': 'Tuning\n\nIncrease the cache size.\n',
    'globex/9.0/manual/broken.md': '\u0000\u0001\u0002binary',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(corpus, path)), { recursive: true });
    writeFileSync(join(corpus, path), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mcdewey CLI', () => {
  it('ingests with a summary on stderr naming skipped files and their reasons', () => {
    const { code, stdout, stderr } = mcdewey('ingest', corpus, '--index', index);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Indexed 3 documents \(3 read, 0 unchanged, 0 removed\), 0 PDF pages, \d+ chunks/);
    expect(stderr).toContain('globex/9.0/manual/broken.md: binary content');
  });

  it('searches with --json: { mode, results } on stdout', () => {
    const { code, stdout } = mcdewey('search', 'restore snapshot', '--index', index, '--json', '--vendor', 'acme', '--version', 'v1', '--limit', '2');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout);
    expect(parsed.mode).toBe('lexical');
    expect(parsed.results[0]).toMatchObject(ACME_RESTORE_CHUNK);
    expect(parsed.results[0].snippet).toContain('Restore');
  });

  it('prints readable results without --json', () => {
    const { stdout } = mcdewey('search', 'cache size', '--index', index);
    expect(stdout).toContain('1. Tuning');
    expect(stdout).toContain('globex::9.0::manual::tuning::');
    expect(stdout).toContain('**cache**');
  });

  it('shows a chunk card with its neighbours', () => {
    const { code, stdout } = mcdewey('show', 'acme::v1::guide::backup::1', '--index', index, '--context', '1');
    expect(code).toBe(0);
    expect(stdout).toContain('source    acme/v1/guide/backup.md');
    expect(stdout).toContain('chunk_id  acme::v1::guide::backup::1');
    expect(stdout).toContain('chunk_id  acme::v1::guide::backup::0');
    expect(stdout).toContain('chunk_id  acme::v1::guide::backup::2');
    const json = JSON.parse(mcdewey('show', 'acme::v1::guide::backup::0', '--index', index, '--json').stdout);
    expect(json.chunk.text).toContain('Take a snapshot');
  });

  it.each([
    [['show', 'acme::v1::guide::backup::99'], 'No chunk "acme::v1::guide::backup::99"'],
    [['show', 'not-an-id'], 'Invalid chunk id "not-an-id"'],
    [['search', 'x', '--limit', 'ten'], '--limit must be an integer from 1 to 200'],
    [['search', 'x', '--mode', 'psychic'], "'psychic' is invalid"],
    [['search', 'x', '--vendor', 'initech'], 'Unknown vendor "initech"'],
    [['search', 'x', '--bogus'], "unknown option '--bogus'"],
  ])('exits 2 with a one-line error for %j', (args, message) => {
    const { code, stderr } = mcdewey(...args, '--index', index);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 naming a missing index', () => {
    const { code, stderr } = mcdewey('search', 'x', '--index', join(root, 'nowhere'));
    expect(code).toBe(2);
    expect(stderr).toContain(`No McDewey index at ${join(root, 'nowhere')}`);
  });
});
