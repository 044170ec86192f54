import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** `mcdewey serve --watch` through the built CLI: a corpus change is re-ingested and served without a restart. */

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-watch-'));
const corpus = join(root, 'corpus');
const index = join(root, 'index');

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(corpus, path)), { recursive: true });
    writeFileSync(join(corpus, path), text);
  }
}

beforeAll(() => {
  write({
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n',
    'globex/9.0/manual/tuning.txt': 'Tuning\n\nIncrease the cache size.\n',
  });
  const ingest = spawnSync(process.execPath, [BIN, 'ingest', corpus, '--index', index, '--no-embed'], { encoding: 'utf8' });
  expect(ingest.status, ingest.stderr).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mcdewey serve --watch', () => {
  it('re-ingests an added document in the background and serves it as the next generation', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--index', index, '--corpus', corpus, '--port', '0', '--watch'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const match = /McDewey is running at (http:\/\/\S+\/)/.exec(stderr);
          if (match && stderr.includes('Watching ')) {
            clearInterval(timer);
            resolve(match[1]!);
          }
        }, 50);
        void exit.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      });
      const health = async () => (await (await fetch(`${url}healthz`)).json()) as { generation: number; index: { lastIngest?: { processed: number }; lastError?: { code: string } } };
      expect(await health()).toMatchObject({ generation: 1 });

      write({ 'acme/v1/guide/upgrade.md': '# Upgrading\n\nUpgrade the flux capacitor with `acme upgrade`.\n' });
      await expect.poll(async () => (await health()).generation, { timeout: 30_000, interval: 200 }).toBe(2);
      expect((await health()).index.lastIngest).toMatchObject({ processed: 1 });
      const search = (await (await fetch(`${url}api/search?q=flux+capacitor`)).json()) as { results: { id: string }[] };
      expect(search.results.map((result) => result.id)).toEqual(['acme::v1::guide::upgrade::0']);
      expect(stderr).toMatch(/watch: 1 change in .*acme\/v1\/guide\/upgrade\.md.*re-ingesting/);
      expect(stderr).toMatch(/watch: re-ingested 3 documents \(1 read, 2 unchanged, 0 removed\) in [\d.]+ s; now serving generation 2/);

      // The re-ingest runs as `mcdewey ingest` in a child process; its refusal keeps its code and the old index.
      writeFileSync(`${index}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), token: 'test' }));
      write({ 'acme/v1/guide/upgrade.md': '# Upgrading\n\nUpgrade the warp core.\n' });
      await expect.poll(async () => (await health()).index.lastError?.code, { timeout: 30_000, interval: 200 }).toBe('INDEX_LOCKED');
      expect((await health()).generation).toBe(2);
      expect(stderr).toMatch(/watch: re-ingest failed, generation 2 still serves: Index .* is locked by process/);
      rmSync(`${index}.lock`);

      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses to watch a corpus folder that does not exist, with a one-line error and exit 2', () => {
    const result = spawnSync(process.execPath, [BIN, 'serve', '--index', index, '--corpus', join(root, 'nowhere'), '--port', '0', '--watch'], { encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--watch needs the corpus folder to watch: .*nowhere does not exist; pass --corpus DIR/);
  });
});
