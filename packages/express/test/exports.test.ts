import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { builtExportsMap, readPackageJson } from '@mcdewey/test-support/exports-map';
import * as api from '../src/index.js';
import { assetSizes } from '../src/index.js';

const pkg = readPackageJson(new URL('../', import.meta.url));

describe('public API', () => {
  test('the exports map is pinned: one entry point and package.json', () => {
    expect(pkg.exports).toEqual(builtExportsMap({ '.': 'index' }));
    expect(pkg.files).toEqual(['dist', 'README.md', 'LICENSE']);
    // The one build entry is the one export; the page script is bundled beside it, where src/assets.ts looks for it.
    const config = readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8');
    expect(config).toMatch(/packageBuild\(\s*\{ index: 'src\/index\.ts' \}[,)]/);
    expect(config).toContain("outFile: 'dist/assets/app.js'");
    expect(readFileSync(new URL('../src/assets.ts', import.meta.url), 'utf8')).toContain("new URL('./assets/app.js', import.meta.url)");
  });

  test('the runtime exports are pinned', () => {
    expect(Object.keys(api).sort().join('\n')).toMatchInlineSnapshot(`
      "AuthFailure
      CONTENT_SECURITY_POLICY
      OIDC_DEFAULTS
      ROUTER_DEFAULTS
      assetSizes
      bearerChallenge
      bearerToken
      createApp
      createToken
      defaultTokenFile
      expiryOf
      listTokens
      mcdeweyRouter
      oidcBearerAuthenticator
      oidcSignIn
      principalOf
      protectedResourceMetadata
      readTokenFile
      resourceMetadataUrl
      revokeToken
      tokenAuthenticator"
    `);
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
