import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-safety-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let work: string;
let corpus: string;
let index: string;
beforeEach(() => {
  work = mkdtempSync(join(root, 'case-'));
  corpus = join(work, 'corpus');
  index = join(work, 'index');
  writeTree(corpus, {
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n',
    'acme/v2/guide/backup.md': '# Backups\n\nSnapshots are automatic in v2.\n',
    'globex/9.0/manual/tuning.txt': 'Tuning\n\nIncrease the cache size.\n',
  });
});

function writeTree(at: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(at, path)), { recursive: true });
    writeFileSync(join(at, path), text);
  }
}

function mcdewey(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOneLineError(result: { code: number | null; stderr: string }, message: string): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
}

describe('mcdewey ingest safety', () => {
  it("refuses --index pointing at the user's own folder or at the corpus, exit 2, nothing touched", () => {
    const userdata = join(work, 'userdata');
    writeTree(userdata, { 'notes.txt': 'mine' });
    expectOneLineError(mcdewey('ingest', corpus, '--index', userdata, '--no-embed'), `${userdata} is not empty and is not a McDewey index`);
    expect(readdirSync(userdata)).toEqual(['notes.txt']);
    expectOneLineError(mcdewey('ingest', corpus, '--index', corpus, '--no-embed'), 'is not a McDewey index');
    expect(readFileSync(join(corpus, 'acme/v1/guide/backup.md'), 'utf8')).toContain('Backups');
    expect(readdirSync(work).sort()).toEqual(['corpus', 'userdata']);
  });

  it('refuses a corpus one folder too deep or empty unless --prune, saying how many of how many', () => {
    expect(mcdewey('ingest', corpus, '--index', index, '--no-embed').code).toBe(0);
    const deep = mcdewey('ingest', join(corpus, 'acme'), '--index', index, '--no-embed');
    expectOneLineError(deep, 'would remove 3 of the 3 documents');
    expect(deep.stderr).toContain('check the corpus path');
    expect(deep.stderr).toContain('--prune');
    const empty = join(work, 'empty');
    mkdirSync(empty);
    expectOneLineError(mcdewey('ingest', empty, '--index', index, '--no-embed'), 'would remove 3 of the 3 documents');
    expect(JSON.parse(mcdewey('search', 'cache', '--index', index, '--json').stdout).results.length).toBeGreaterThan(0);

    const pruned = mcdewey('ingest', empty, '--index', index, '--no-embed', '--prune');
    expect(pruned.code).toBe(0);
    expect(pruned.stderr).toContain('Indexed 0 documents (0 read, 0 unchanged, 3 removed)');
  });

  it('rolls back to the previous generation with --rollback, and undoes it the same way', () => {
    expect(mcdewey('ingest', corpus, '--index', index, '--no-embed').code).toBe(0);
    writeTree(corpus, { 'acme/v1/guide/restore.md': '# Restore\n\nRestore a zebra snapshot.\n' });
    expect(mcdewey('ingest', corpus, '--index', index, '--no-embed').code).toBe(0);
    const hits = () => JSON.parse(mcdewey('search', 'zebra', '--index', index, '--json').stdout).results.length;
    expect(hits()).toBe(1);

    const rolled = mcdewey('ingest', '--rollback', '--index', index);
    expect(rolled.code).toBe(0);
    expect(rolled.stderr).toContain(`Rolled back ${index} to its previous generation: 3 documents`);
    expect(hits()).toBe(0);
    const json = JSON.parse(mcdewey('ingest', '--rollback', '--index', index, '--json').stdout);
    expect(json).toMatchObject({ indexDir: index, documents: 4 });
    expect(hits()).toBe(1);
  });

  it('explains --rollback without a previous generation, with a corpus, and a missing corpus argument', () => {
    expect(mcdewey('ingest', corpus, '--index', index, '--no-embed').code).toBe(0);
    expectOneLineError(mcdewey('ingest', '--rollback', '--index', index), 'No previous generation');
    expectOneLineError(mcdewey('ingest', corpus, '--rollback', '--index', index), '--rollback takes no corpus folder');
    expectOneLineError(mcdewey('ingest', '--index', index), "missing argument 'corpus-dir'");
  });

  it('reports an index that cannot be written as one typed line (a file where its parent folder must be)', () => {
    const blocker = join(work, 'blocker');
    writeFileSync(blocker, 'a file');
    const result = mcdewey('ingest', corpus, '--index', join(blocker, 'index'), '--no-embed');
    expectOneLineError(result, `Cannot write the index ${join(blocker, 'index')}`);
    expect(result.stderr).toContain('ENOTDIR');
    expect(result.stderr).not.toContain('unexpected error');
  });

  it('lets a second ingest of the same index fail clearly while the first runs, and the index stays valid', async () => {
    // Enough documents that the first ingest is still running when the second starts.
    const many: Record<string, string> = {};
    for (let i = 0; i < 400; i++) many[`bulk/v1/pages/page-${i}.md`] = `# Page ${i}\n\n${'Widgets turn sprockets and gears. '.repeat(200)}\n`;
    writeTree(corpus, many);
    const run = (): Promise<{ code: number | null; stderr: string; pid: number }> =>
      new Promise((done) => {
        const child = spawn(process.execPath, [BIN, 'ingest', corpus, '--index', index, '--no-embed'], { env: { ...process.env, NO_COLOR: '1' } });
        let stderr = '';
        child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
        child.on('close', (code) => done({ code, stderr, pid: child.pid! }));
      });
    const results = await Promise.all([run(), run()]);
    const failed = results.filter((result) => result.code !== 0);
    expect(results.filter((result) => result.code === 0)).toHaveLength(1);
    expect(failed).toHaveLength(1);
    const winner = results.find((result) => result.code === 0)!;
    expectOneLineError(failed[0]!, `is locked by process ${winner.pid}`);
    expect(existsSync(`${index}.lock`)).toBe(false);
    expect(JSON.parse(mcdewey('search', 'sprockets', '--index', index, '--json').stdout).results.length).toBeGreaterThan(0);
  }, 60_000);
});
