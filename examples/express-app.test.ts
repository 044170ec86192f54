import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest } from '@mcdewey/core';
import { afterAll, beforeAll, expect, test } from 'vitest';

const EXAMPLE = fileURLToPath(new URL('./express-app.mjs', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcdewey-express-example-'));
  const corpus = join(dir, 'corpus');
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(join(corpus, 'acme/v1/guide'), { recursive: true });
  writeFileSync(join(corpus, 'acme/v1/guide/backup.md'), '# Backups\n\nTake a snapshot with `acme snapshot save`.\n');
  await ingest(corpus, join(dir, 'index'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('examples/express-app.mjs serves McDewey under /docs next to its own routes, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [EXAMPLE, join(dir, 'index'), '0', join(dir, 'corpus')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (data: Buffer) => {
        stdout += data.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+\/docs\//.exec(stdout);
        if (match) resolve(match[0]);
      });
      child.once('exit', (code) => reject(new Error(`example exited with ${code}: ${stderr}`)));
    });
    const origin = new URL(url).origin;
    expect(await (await fetch(`${origin}/`)).text()).toContain('My app');
    const page = await (await fetch(`${url}?q=snapshot`)).text();
    expect(page).toMatch(/href="\/docs\/chunk\/acme::v1::guide::backup::0(?:\?q=[^"]*)?"/);
    const api = (await (await fetch(`${origin}/docs/api/search?q=snapshot`)).json()) as { results: { id: string }[] };
    expect(api.results[0]!.id).toBe('acme::v1::guide::backup::0');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
});
