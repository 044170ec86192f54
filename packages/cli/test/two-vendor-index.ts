import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { writeTree } from '@mcdewey/test-support/corpora';

/** The built CLI. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/**
 * A two-document corpus (acme's backup guide, globex's tuning manual) under a new folder in the
 * system temp dir, ingested lexical-only with the built CLI. The caller removes `root`.
 * @throws Error with the CLI's stderr when the ingest fails.
 */
export function twoVendorIndex(prefix: string): { root: string; corpus: string; index: string; remove(): void } {
  return ingestedCorpus(prefix, {
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n',
    'globex/9.0/manual/tuning.txt': 'Tuning\n\nIncrease the cache size.\n',
  });
}

/**
 * `files` (relative path → text) as `corpus/` under a new folder in the system temp dir, with its
 * `index/` ingested lexical-only by the built CLI; `remove()` deletes the folder.
 * @throws Error with the CLI's stderr when the ingest fails.
 */
export function ingestedCorpus(prefix: string, files: Record<string, string>): { root: string; corpus: string; index: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const corpus = join(root, 'corpus');
  const index = join(root, 'index');
  writeTree(corpus, files);
  const ingest = spawnSync(process.execPath, [BIN, 'ingest', corpus, '--index', index, '--no-embed'], { encoding: 'utf8' });
  if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
  return { root, corpus, index, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** {@link twoVendorIndex} made before the file's tests and removed after them; its fields are set once they run. */
export function useTwoVendorIndex(prefix: string): { root: string; corpus: string; index: string } {
  const fixture = { root: '', corpus: '', index: '' };
  beforeAll(() => Object.assign(fixture, twoVendorIndex(prefix)));
  afterAll(() => rmSync(fixture.root, { recursive: true, force: true }));
  return fixture;
}
