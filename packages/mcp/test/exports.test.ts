import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('public API', () => {
  it('pins the exports map: one ESM entry with its types, and package.json', () => {
    expect(pkg.exports).toEqual({
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './package.json': './package.json',
    });
    expect(pkg.type).toBe('module');
    expect(pkg.files).toEqual(['dist']);
  });

  it('builds exactly the entry the exports map names', () => {
    const config = readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8');
    expect(config).toMatch(/packageBuild\(\{ index: 'src\/index\.ts' \}\)/);
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
    for (const file of ['server.ts', 'tools.ts', 'resources.ts', 'prompts.ts', 'http.ts', 'stdio.ts', 'format.ts', 'instructions.ts']) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/from ['"][^'"]*core\/src/);
    }
  });
});
