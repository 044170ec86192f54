import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ingest } from '@mcdewey/core';
import { afterAll, beforeAll, expect, test } from 'vitest';

const EXAMPLE = fileURLToPath(new URL('./static-export.mjs', import.meta.url));
// The example imports @mcdewey/static as an app would: it needs the examples package to depend on it.
// (Checked on disk: the test runner resolves workspace packages on its own.)
const linked = existsSync(fileURLToPath(new URL('./node_modules/@mcdewey/static/package.json', import.meta.url)));
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcdewey-static-example-'));
  const corpus = join(dir, 'corpus');
  mkdirSync(join(corpus, 'acme/v1/guide'), { recursive: true });
  writeFileSync(join(corpus, 'acme/v1/guide/backup.md'), '# Backups\n\nTake a snapshot with `acme snapshot save`.\n');
  await ingest(corpus, join(dir, 'index'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.skipIf(!linked)('examples/static-export.mjs writes a site and searches it', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [EXAMPLE, join(dir, 'index'), join(dir, 'site'), '--base-path', '/docs/']);
  expect(stdout).toMatch(/site: .+ — \d+ files, [\d.]+ MiB, lexical search/);
  expect(stdout).toContain('acme::v1::guide::backup::0');
  for (const file of ['index.html', 'chunk.html', '404.html', 'data/site.json', 'doc/acme/v1/guide/backup.html']) expect(existsSync(join(dir, 'site', file)), file).toBe(true);
});
