import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '@mcdewey/core';
import { jsonRpcChild } from '@mcdewey/test-support/json-rpc-child';
import { BIN, startServe } from './cli-run.js';

/**
 * Search before embedding ends, through the built CLI: `ingest` says when the index is searchable,
 * an interrupted index answers lexically with the reason on the web page, /api/search and MCP,
 * `mcdewey embed` resumes it, and a running `serve` picks the vectors up when they land.
 */

const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-embed-'));
const corpus = join(root, 'corpus');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** 80 documents of four sections (320 chunks) over 400 made-up words: enough text to train the default model. */
beforeAll(() => {
  const syllables = ['ka', 'lo', 'mi', 'nu', 'pe', 'ra', 'si', 'to', 'vu', 'ze', 'ba', 'do', 'fi', 'gu', 'he', 'ja', 'ko', 'li', 'mo', 'ne'];
  const words = syllables.flatMap((a) => syllables.map((b) => `${a}${b}`));
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let doc = 0; doc < 80; doc++) {
    const sections = Array.from({ length: 4 }, (_, s) => `## Section ${s}\n\n${Array.from({ length: 60 }, () => words[Math.floor(random() * words.length)]).join(' ')}.`);
    const path = join(corpus, `acme/v1/guide/part-${doc}.md`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `# Part ${doc}\n\n${sections.join('\n\n')}\n`);
  }
});

const env = { ...process.env, NO_COLOR: '1', MCDEWEY_MODEL_DIR: '' };

describe('mcdewey ingest and embed: search before embedding ends', () => {
  it('tells when the index is searchable, before training and embedding', () => {
    const index = join(root, 'fresh');
    // An id no hub has: offline it cannot be reached, online it is not found; either way a model is trained.
    const run = spawnSync(process.execPath, [BIN, 'ingest', corpus, '--index', index, '--model', 'mcdewey-test/no-such-model'], { encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    const searchable = run.stderr.indexOf(`Searchable now (lexical search) after`);
    expect(searchable, run.stderr).toBeGreaterThan(0);
    expect(run.stderr).toContain(`320 chunks in ${index}. Embedding them continues; if it is interrupted, mcdewey embed --index ${index} resumes where it stopped.`);
    expect(run.stderr.indexOf('Training: words')).toBeGreaterThan(searchable);
    expect(run.stderr.indexOf('Embedding ')).toBeGreaterThan(searchable);
    expect(run.stderr).toMatch(/Vectors: 320 chunks embedded with mcdewey-trained\//);
    const again = spawnSync(process.execPath, [BIN, 'embed', '--index', index], { encoding: 'utf8', env });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/has its vectors already \(mcdewey-trained\/\w+\); nothing to do/);
  });

  it('serves an interrupted index lexically with the reason, and picks up the vectors `mcdewey embed` lands', async () => {
    const index = join(root, 'interrupted');
    // The embedding stops after its first batch (as a kill would, but in this process): 32 rows are kept.
    const stop = new Error('interrupted');
    await expect(
      ingest(corpus, index, {
        trainEmbedder: true,
        onProgress: (progress) => {
          if (progress.phase === 'embed' && progress.done > 0) throw stop;
        },
      }),
    ).rejects.toThrow('interrupted');

    // Clients are never told server paths.
    const reason = 'embedding the index was interrupted (32 of 320 chunks embedded so far); mcdewey embed --index <the index folder> finishes it';
    const server = await startServe(['--index', index, '--port', '0']);
    try {
      expect(server.stderr()).toContain('notice: search is lexical until the index');
      const api = (await (await fetch(`${server.url}api/search?q=section+part`)).json()) as { mode: string; notice?: string; results: unknown[] };
      expect(api.mode).toBe('lexical');
      expect(api.notice).toContain(reason);
      expect(api.results.length).toBeGreaterThan(0);
      expect(api.notice).not.toContain(root);
      const page = await (await fetch(`${server.url}?q=section+part`)).text();
      expect(page).toContain('embedding the index was interrupted (32 of 320 chunks embedded so far)');

      const mcp = jsonRpcChild(spawn(process.execPath, [BIN, 'mcp', '--index', index]));
      try {
        mcp.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'cli-test', version: '1' } } });
        const init = (await mcp.answer(1)) as { result: { instructions: string } };
        expect(init.result.instructions).toContain("Search modes available: lexical (search is by words until the index's vectors are computed)");
        mcp.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
        mcp.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'search_docs', arguments: { query: 'section part' } } });
        const answer = (await mcp.answer(2)) as { result: { structuredContent: { mode: string; notice?: string } } };
        expect(answer.result.structuredContent).toMatchObject({ mode: 'lexical', notice: expect.stringContaining(reason) });

        const embed = spawnSync(process.execPath, [BIN, 'embed', '--index', index], { encoding: 'utf8', env });
        expect(embed.status, embed.stderr).toBe(0);
        expect(embed.stderr).toMatch(/^Embedding +\[[^\]]+\] 100% 288\/288/m);
        expect(embed.stderr).toMatch(/Embedded 288 chunks of 320 with mcdewey-trained\/\w+, 32 chunks kept from the interrupted run/);

        // The stdio server, started before the vectors landed, serves them too.
        await expect.poll(() => mcp.stderr(), { timeout: 15_000, interval: 100 }).toMatch(/mcp: the index's vectors landed; generation 2 serves hybrid search/);
        mcp.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'search_docs', arguments: { query: 'section part' } } });
        const after = (await mcp.answer(3)) as { result: { structuredContent: { mode: string; notice?: string } } };
        expect(after.result.structuredContent.mode).toBe('hybrid');
        expect(after.result.structuredContent.notice).toBeUndefined();
      } finally {
        mcp.child.kill('SIGKILL');
      }

      await expect.poll(() => server.stderr(), { timeout: 15_000, interval: 100 }).toMatch(/serve: the index's vectors landed; generation 2 serves hybrid search/);
      const hybrid = (await (await fetch(`${server.url}api/search?q=section+part`)).json()) as { mode: string; notice?: string };
      expect(hybrid).toMatchObject({ mode: 'hybrid' });
      expect(hybrid.notice).toBeUndefined();
    } finally {
      await server.stop();
    }
  }, 120_000);
});

describe('mcdewey embed refusals', () => {
  it('refuses a folder that holds no index in one line, exit code 2, creating nothing', () => {
    const missing = join(root, 'no-such', 'index');
    const run = spawnSync(process.execPath, [BIN, 'embed', '--index', missing], { encoding: 'utf8', env });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`No McDewey index at ${missing}`);
    expect(existsSync(join(root, 'no-such'))).toBe(false);
  });
});
