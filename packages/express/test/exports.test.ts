import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as api from '../src/index.js';
import { assetSizes } from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('public API', () => {
  test('the exports map is pinned: one entry point and package.json', () => {
    expect(pkg.exports).toEqual({
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './package.json': './package.json',
    });
    expect(pkg.files).toEqual(['dist', 'assets', 'README.md', 'LICENSE']);
    // The one build entry is the one export.
    expect(readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8')).toContain("packageBuild({ index: 'src/index.ts' })");
  });

  test('the runtime exports are pinned', () => {
    expect(Object.keys(api).sort()).toEqual([
      'AuthFailure',
      'CONTENT_SECURITY_POLICY',
      'ROUTER_DEFAULTS',
      'assetSizes',
      'bearerToken',
      'createApp',
      'createToken',
      'defaultTokenFile',
      'expiryOf',
      'listTokens',
      'mcdeweyRouter',
      'principalOf',
      'readTokenFile',
      'revokeToken',
      'tokenAuthenticator',
    ]);
    expect(api.ROUTER_DEFAULTS).toEqual({ title: 'McDewey', pageSize: 10, mcp: true });
  });

  test('the search page assets stay small', () => {
    const sizes = Object.fromEntries(assetSizes().map((asset) => [asset.name, asset]));
    expect(Object.keys(sizes).sort()).toEqual(['app.js', 'style.css']);
    // Grown with the header search, facets, filter disclosure and long-document loading (#16).
    expect(sizes['style.css']!.bytes).toBeLessThan(18_000);
    expect(sizes['app.js']!.bytes).toBeLessThan(12_000);
    expect(sizes['style.css']!.gzipBytes + sizes['app.js']!.gzipBytes).toBeLessThan(8_000);
  });
});
