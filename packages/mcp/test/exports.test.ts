import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('public API', () => {
  it('pins the exports map: the ESM entry, the SDK-free guard entry, with types, and package.json', () => {
    expect(pkg.exports).toEqual({
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './guard': { types: './dist/guard.d.ts', import: './dist/guard.js' },
      './package.json': './package.json',
    });
    expect(pkg.type).toBe('module');
    expect(pkg.files).toEqual(['dist']);
  });

  it('builds exactly the entries the exports map names', () => {
    const config = readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8');
    expect(config).toMatch(/packageBuild\(\{ index: 'src\/index\.ts', guard: 'src\/guard-entry\.ts' \}\)/);
  });

  it("pins the guard entry's exports, and keeps it free of the MCP SDK (the Express router loads it eagerly)", async () => {
    const guard = await import('../src/guard-entry.js');
    expect(Object.keys(guard).sort()).toEqual(['allowedHostEntry', 'clientMessage', 'hostAllowed', 'hostRefusal', 'hostnameOf', 'isLoopbackHostname', 'originAllowed', 'redactPaths']);
    for (const file of ['guard-entry.ts', 'guard.ts', 'redact.ts']) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      for (const [, from] of source.matchAll(/from ['"]([^'"]+)['"]/g)) expect(from, file).toMatch(/^(\.\/(guard|redact)\.js|node:path)$/);
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
    for (const file of ['server.ts', 'tools.ts', 'resources.ts', 'prompts.ts', 'http.ts', 'stdio.ts', 'line-limit.ts', 'format.ts', 'instructions.ts', 'guard.ts', 'redact.ts']) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/from ['"][^'"]*core\/src/);
    }
  });
});
