import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('public API', () => {
  it('pins the exports map: the ESM entry with types, and package.json', () => {
    expect(pkg.exports).toEqual({ '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './package.json': './package.json' });
    expect(pkg.type).toBe('module');
    expect(pkg.files).toEqual(['dist', 'README.md', 'LICENSE']);
  });

  it('builds exactly the entry the exports map names', () => {
    expect(readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8')).toMatch(/packageBuild\(\{ index: 'src\/index\.ts' \}\)/);
  });

  it('exports these values and nothing else (types are erased)', () => {
    expect(Object.keys(api).sort()).toEqual(['FETCH_DEFAULTS', 'fetchSite']);
  });

  it('names every export explicitly (no export *), and uses core only through its package', () => {
    expect(readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8')).not.toMatch(/export \*/);
    expect(pkg.dependencies['@mcdewey/core']).toBe('workspace:*');
  });
});
