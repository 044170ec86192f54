import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTestModel } from '@mcdewey/core/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-semantic-'));
const corpus = join(root, 'corpus');
const index = join(root, 'index');
const lexicalIndex = join(root, 'lexical-index');
let modelDir = '';

function mcdewey(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', MCDEWEY_MODEL_DIR: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  const files: Record<string, string> = {
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot of the store.\n\n## Restore\n\nRestore the snapshot file.\n',
    'globex/9.0/manual/tuning.md': '# Tuning\n\nIncrease the cache size for faster reads.\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(corpus, path)), { recursive: true });
    writeFileSync(join(corpus, path), text);
  }
  modelDir = await writeTestModel(join(root, 'model'), { vocab: 'backups take snapshot store restore file tuning increase cache size faster reads'.split(' '), dims: 16 });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('mcdewey CLI with an embedding model', () => {
  it('ingests with --model-dir, searches hybrid by default and explains both legs', () => {
    const ingest = mcdewey(['ingest', corpus, '--index', index, '--model-dir', modelDir]);
    expect(ingest.code).toBe(0);
    expect(ingest.stderr).toMatch(/Vectors: \d+ chunks embedded with /);
    const search = mcdewey(['search', 'restore snapshot', '--index', index, '--json', '--explain', '--model-dir', modelDir]);
    const parsed = JSON.parse(search.stdout);
    expect(parsed.mode).toBe('hybrid');
    expect(parsed.results[0].explain.lexical.rank).toBe(1);
    expect(parsed.results[0].explain.semantic.rank).toBeGreaterThan(0);
    const semantic = JSON.parse(mcdewey(['search', 'cache', '--index', index, '--json', '--mode', 'semantic'], { MCDEWEY_MODEL_DIR: modelDir }).stdout);
    expect(semantic.mode).toBe('semantic');
  });

  it('remembers the model folder: search and mcp use it again without --model-dir', () => {
    expect(mcdewey(['ingest', corpus, '--index', index, '--model-dir', modelDir]).stderr).toContain(`Model folder: ${modelDir} (remembered`);
    const search = mcdewey(['search', 'restore snapshot', '--index', index, '--json']);
    expect(search.code).toBe(0);
    expect(JSON.parse(search.stdout).mode).toBe('hybrid');
    expect(search.stderr).not.toContain('notice:');
    // A client that closes stdin at once: the server starts (loading the model) and ends quietly.
    const mcp = spawnSync(process.execPath, [BIN, 'mcp', '--index', index], { encoding: 'utf8', input: '', env: { ...process.env, MCDEWEY_MODEL_DIR: '' } });
    expect(mcp.status).toBe(0);
    expect(mcp.stdout).toBe('');
    expect(mcp.stderr).not.toContain('notice:');
    // Re-ingest without --model-dir keeps the index's model: nothing to re-embed.
    const again = mcdewey(['ingest', corpus, '--index', index]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`notice: embedding with the model folder this index was built with, ${modelDir}`);
    expect(again.stderr).toMatch(/Vectors: 0 chunks embedded with /);
  });

  it('falls back to lexical with a notice on stderr naming the folder once it has moved; --model-dir still wins', () => {
    const moved = join(root, 'moved-model');
    renameSync(modelDir, moved);
    try {
      const search = mcdewey(['search', 'restore snapshot', '--index', index, '--json']);
      expect(search.code).toBe(0);
      const parsed = JSON.parse(search.stdout);
      expect(parsed.mode).toBe('lexical');
      expect(parsed.notice).toContain('hybrid search is unavailable');
      const notices = search.stderr.split('\n').filter((line) => line.startsWith('notice:'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(modelDir);
      expect(notices[0]).toContain('--model-dir');
      // Over stdio, stdout is the protocol: the notice goes to stderr only.
      const mcp = spawnSync(process.execPath, [BIN, 'mcp', '--index', index], { encoding: 'utf8', input: '', env: { ...process.env, MCDEWEY_MODEL_DIR: '' } });
      expect(mcp.stdout).toBe('');
      expect(mcp.stderr).toContain(modelDir);
      expect(JSON.parse(mcdewey(['search', 'restore snapshot', '--index', index, '--json', '--model-dir', moved]).stdout).mode).toBe('hybrid');
    } finally {
      renameSync(moved, modelDir);
    }
  });

  it('with no reachable model and --no-train, completes lexical-only with one notice saying how to provide a model', () => {
    const offlineIndex = join(root, 'offline-index');
    // An id no hub has: offline it cannot be reached, online it is not found; either way no model.
    const ingest = mcdewey(['ingest', corpus, '--index', offlineIndex, '--model', 'mcdewey-test/no-such-model', '--no-train']);
    expect(ingest.code).toBe(0);
    const notices = ingest.stderr.split('\n').filter((line) => line.startsWith('notice:'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/--model-dir DIR|MCDEWEY_MODEL_DIR/);
    expect(ingest.stderr).toContain('Vectors: none (lexical search only)');
    const search = JSON.parse(mcdewey(['search', 'restore snapshot', '--index', offlineIndex, '--json']).stdout);
    expect(search.mode).toBe('lexical');
  });

  it('builds a lexical-only index with --no-embed', () => {
    const ingest = mcdewey(['ingest', corpus, '--index', lexicalIndex, '--no-embed']);
    expect(ingest.stderr).toContain('Vectors: none (lexical search only)');
    expect(ingest.stderr).not.toContain('notice:');
  });
});
