import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as api from '../src/index.js';

// Everything exported is public API: this pins it, so a change to it is a decision, not an accident.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toEqual(['EXPORT_DEFAULTS', 'SITE_FILES', 'SITE_FORMAT_VERSION', 'StaticLibrary', 'StaticSearchError', 'exportSite', 'siteFileLoader']);
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
  expect(Object.keys(pkg.exports)).toEqual(['.', './package.json']);
  expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
  expect(api.EXPORT_DEFAULTS).toEqual({ basePath: '/', name: 'McDewey', rowsPerBlock: 16, termShardBytes: 32768 });
});
