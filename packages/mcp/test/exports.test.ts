import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtExportsMap, readPackageJson } from '@mcdewey/test-support/exports-map';
import * as api from '../src/index.js';

const pkg = readPackageJson(new URL('../', import.meta.url));

describe('public API', () => {
  it('pins the exports map: the ESM entry, the SDK-free guard entry, with types, and package.json', () => {
    expect(pkg.exports).toEqual(builtExportsMap({ '.': 'index', './guard': 'guard' }));
    expect(pkg.type).toBe('module');
    expect(pkg.files).toEqual(['dist', 'README.md', 'LICENSE']);
  });

  it('builds exactly the entries the exports map names', () => {
    const config = readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8');
    expect(config).toMatch(/packageBuild\(\s*\{ index: 'src\/index\.ts', guard: 'src\/guard-entry\.ts' \}[,)]/);
    // The chunk card MCP App's browser script, where src/apps/view-bundle.ts looks for it.
    expect(config).toContain("outFile: 'dist/apps/chunk-card-view.js'");
    expect(readFileSync(new URL('../src/apps/view-bundle.ts', import.meta.url), 'utf8')).toContain("new URL('./apps/chunk-card-view.js', import.meta.url)");
  });

  it("pins the guard entry's exports, and keeps it free of the MCP SDK (the Express router loads it eagerly)", async () => {
    const guard = await import('../src/guard-entry.js');
    expect(Object.keys(guard).sort().join('\n')).toMatchInlineSnapshot(`
      "allowedHostEntry
      clientMessage
      hostAllowed
      hostRefusal
      hostnameOf
      isLoopbackHostname
      normalizePublicUrl
      originAllowed
      redactPaths"
    `);
    for (const file of ['guard-entry.ts', 'guard.ts', 'redact.ts', 'public-url.ts']) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      for (const [, from] of source.matchAll(/from ['"]([^'"]+)['"]/g)) expect(from, file).toMatch(/^(\.\/(guard|redact|public-url)\.js|node:path)$/);
    }
  });

  it('exports these values and nothing else (types are erased)', () => {
    expect(Object.keys(api).sort()).toEqual(['TOOL_LIMITS', 'createMcpHttpHandler', 'createMcpServer', 'serveStdio', 'startMcpHttpServer']);
  });

  it('names every export explicitly (no export *)', () => {
    const source = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/export \*/);
  });

  it('depends on zod 4 and the MCP SDK 1.x, and on core only through its package', () => {
    expect(pkg.dependencies).toMatchObject({ '@mcdewey/core': 'workspace:*', '@modelcontextprotocol/sdk': expect.stringMatching(/^\^1\./), zod: expect.stringMatching(/^\^4\./) });
    const files = readdirSync(new URL('../src/', import.meta.url), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['server.ts', 'http.ts', 'tools/index.ts', 'tools/search-docs.ts']));
    for (const file of files) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/from ['"][^'"]*core\/src/);
    }
  });
});
