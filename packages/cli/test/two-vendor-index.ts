import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

/** The built CLI. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/**
 * A two-document corpus (acme's backup guide, globex's tuning manual) under a new folder in the
 * system temp dir, ingested lexical-only with the built CLI. The caller removes `root`.
 * @throws Error with the CLI's stderr when the ingest fails.
 */
export function twoVendorIndex(prefix: string): { root: string; corpus: string; index: string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const corpus = join(root, 'corpus');
  const index = join(root, 'index');
  const files: Record<string, string> = {
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n',
    'globex/9.0/manual/tuning.txt': 'Tuning\n\nIncrease the cache size.\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(corpus, path)), { recursive: true });
    writeFileSync(join(corpus, path), text);
  }
  const ingest = spawnSync(process.execPath, [BIN, 'ingest', corpus, '--index', index, '--no-embed'], { encoding: 'utf8' });
  if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  return { root, corpus, index };
}

/** {@link twoVendorIndex} made before the file's tests and removed after them; its fields are set once they run. */
export function useTwoVendorIndex(prefix: string): { root: string; corpus: string; index: string } {
  const fixture = { root: '', corpus: '', index: '' };
  beforeAll(() => Object.assign(fixture, twoVendorIndex(prefix)));
  afterAll(() => rmSync(fixture.root, { recursive: true, force: true }));
  return fixture;
}
