import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/exit-codes.js';
import { startServe } from './cli-run.js';

/** The smaller first-hour fixes of issue #15, through the built CLI. */

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const SRC = fileURLToPath(new URL('../src', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-first-hour-'));
const corpus = join(root, 'corpus');
const index = join(root, 'index');

function mcdewey(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', MCDEWEY_MODEL_DIR: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  const files: Record<string, string> = {
    'acme/v1/guide/backup.md':
      '# Backups\n\nTake a snapshot with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE`.\n\n## Verify\n\nCheck the restored store.\n',
    'acme/v2/guide/backup.md': '# Backups\n\nSnapshots are automatic in v2.\n',
    'acme/v10/guide/backup.md': '# Backups\n\nSnapshots are incremental in v10.\n',
    'acme/v9/guide/backup.md': '# Backups\n\nSnapshots are compressed in v9.\n',
    'acme/v1/upgrades/upgrade-3-10.md': '# Upgrade to 3.10\n\nStop the daemon first.\n',
    'acme/v1/upgrades/upgrade-3-9.md': '# Upgrade to 3.9\n\nStop the daemon first.\n',
    'globex/9.0/manual/tuning.txt': 'Tuning\n\nIncrease the cache size.\n',
    'globex/9.0/manual/broken.md': '\u0000\u0001\u0002binary',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(corpus, path)), { recursive: true });
    writeFileSync(join(corpus, path), text);
  }
  const ingest = mcdewey('ingest', corpus, '--index', index, '--no-embed');
  expect(ingest.code, ingest.stderr).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('notices go to stderr, never stdout', () => {
  it('says semantic search is unavailable on stderr; stdout holds only the results', () => {
    const { code, stdout, stderr } = mcdewey('search', 'restore snapshot', '--index', index, '--mode', 'semantic');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^notice: .*semantic search is unavailable/m);
    expect(stdout).not.toMatch(/unavailable|notice|note:/);
    expect(stdout).toContain('1. Backups');
  });

  it('keeps --json output parseable, the notice in the data and on stderr', () => {
    const { stdout, stderr } = mcdewey('search', 'restore snapshot', '--index', index, '--mode', 'semantic', '--json');
    expect(JSON.parse(stdout).notice).toMatch(/semantic search is unavailable/);
    expect(stderr).toMatch(/^notice: /m);
  });
});

describe('a port in use', () => {
  let blocker: Server;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('exits 2 with a one-line error naming the port', async () => {
    const { port } = blocker.address() as AddressInfo;
    const child = spawn(process.execPath, [BIN, 'serve', '--index', index, '--corpus', corpus, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(EXIT_CODES.usage);
    expect(stdout).toBe('');
    const errors = stderr
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('mcdewey:'));
    expect(errors).toEqual([`mcdewey: cannot listen on 127.0.0.1:${port}: port ${port} is in use; pick another with --port`]);
  }, 30_000);
});

describe('versions sort as versions', () => {
  it('lists an unknown version with the versions of the vendor asked for only, in version order', () => {
    const { code, stderr } = mcdewey('search', 'snapshot', '--index', index, '--vendor', 'acme', '--version', '99');
    expect(code).toBe(EXIT_CODES.usage);
    expect(stderr.trim()).toBe('mcdewey: Unknown version "99"; vendor acme has: v1, v2, v9, v10');
  });

  it('lists every version of the index, in version order, without a vendor', () => {
    expect(mcdewey('search', 'snapshot', '--index', index, '--version', '99').stderr.trim()).toBe('mcdewey: Unknown version "99"; the index has: 9.0, v1, v2, v9, v10');
  });
});

describe('browse in the web app', () => {
  it('lists versions and documents in version order (v9 before v10, upgrade-3-9 before upgrade-3-10)', async () => {
    const { url, stop } = await startServe(['--index', index, '--corpus', corpus, '--port', '0']);
    try {
      const versions = await (await fetch(`${url}browse/acme`)).text();
      expect([...versions.matchAll(/browse\/acme\/(v\d+)"/g)].map((match) => match[1])).toEqual(['v1', 'v2', 'v9', 'v10']);
      const documents = await (await fetch(`${url}browse/acme/v1`)).text();
      expect(documents.indexOf('Upgrade to 3.9')).toBeGreaterThan(0);
      expect(documents.indexOf('Upgrade to 3.9')).toBeLessThan(documents.indexOf('Upgrade to 3.10'));
    } finally {
      await stop();
    }
  }, 30_000);
});

describe('snippets, show --context and counts', () => {
  it('does not repeat the heading at the start of the snippet', () => {
    const { results } = JSON.parse(mcdewey('search', 'restore', '--index', index, '--vendor', 'acme', '--version', 'v1', '--json').stdout) as {
      results: { headings: string[]; snippet: string }[];
    };
    expect(results[0]!.headings).toEqual(['Backups', 'Restore']);
    expect(results[0]!.snippet).toMatch(/^Restore a snapshot/);
    expect(mcdewey('search', 'restore', '--index', index).stdout).not.toMatch(/Restore \*\*Restore|\*\*Restore\*\* \*\*Restore/);
  });

  it('marks the card that was asked for among its neighbours', () => {
    const { stdout } = mcdewey('show', 'acme::v1::guide::backup::1', '--index', index, '--context', '1');
    const cards = stdout.split(/\n─{60}\n/);
    expect(cards).toHaveLength(3);
    expect(cards.map((card) => card.includes('(the chunk asked for)'))).toEqual([false, true, false]);
    expect(cards[1]).toContain('chunk_id  acme::v1::guide::backup::1');
    expect(mcdewey('show', 'acme::v1::guide::backup::1', '--index', index).stdout).not.toContain('asked for');
  });

  it('says "1 file", not "1 files"', () => {
    const again = mcdewey('ingest', corpus, '--index', join(root, 'second-index'), '--no-embed');
    expect(again.stderr).toContain('Skipped 1 file:');
    expect(again.stderr).toMatch(/Indexed 7 documents .*, 0 PDF pages, \d+ chunks/);
  });
});

describe('exit codes', () => {
  it("README's exit code table lists exactly the codes the CLI uses", () => {
    const readme = readFileSync(README, 'utf8');
    const section = /^### Exit codes\n([\s\S]*?)(?=^#)/m.exec(readme)?.[1];
    expect(section, 'README.md has an "### Exit codes" section').toBeDefined();
    const rows = [...section!.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((row) => Number(row[1]));
    expect(rows).toEqual(Object.values(EXIT_CODES).sort((a, b) => a - b));
  });

  it('exits only with the codes of exit-codes.ts (no literal exit codes in the sources)', () => {
    const literal = /process\.exit\(\s*\d|exitCode\s*=\s*\d/;
    const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    for (const file of files) expect(readFileSync(join(SRC, file), 'utf8'), file).not.toMatch(literal);
  });

  it('exits 0 on success and 2 on a usage error', () => {
    expect(mcdewey('--version').code).toBe(EXIT_CODES.ok);
    expect(mcdewey('search', 'x', '--index', index, '--bogus').code).toBe(EXIT_CODES.usage);
    expect(mcdewey('show', 'acme::v1::guide::backup::99', '--index', index).code).toBe(EXIT_CODES.usage);
  });
});
