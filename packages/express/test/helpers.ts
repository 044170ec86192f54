import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest, openIndex, type Embedder, type Library } from '@mcdewey/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import express from 'express';
import { minimalPdf } from '@mcdewey/test-support/pdf';
import { createApp, type CreateAppOptions } from '../src/index.js';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** The repository's bundled demo corpus. */
export const SAMPLE_CORPUS = join(REPO, 'corpus');
/** Where test runs leave screenshots and other artefacts (gitignored). */
export const TEST_OUTPUT = join(REPO, 'test-output');

/** A fresh temporary folder holding an inline file tree; `remove()` deletes it. */
export function testdir(files: Record<string, string | Uint8Array> = {}): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mcdewey-express-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Markup that must never run when shown: it sets `window.__xss` if it does. */
export const HOSTILE = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"><a href="javascript:window.__xss=3" onclick="window.__xss=4">click</a>';

/** A small corpus: two versions of one vendor, HTML and text, a two-page PDF, and hostile markup. */
export function smallCorpus(): Record<string, string | Uint8Array> {
  return {
    'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot of the widget store with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE`.\n',
    'acme/v2/guide/backup.md': '# Backups\n\nTake a snapshot of the widget store with `acme snapshot save`.\n\n## Restore\n\nRestore a snapshot with `acme snapshot restore FILE --verify`.\n',
    'acme/v2/guide/install.md': '# Installing\n\nRun `acme install` to install the widget daemon on every node.\n',
    'globex/9.0/manual/tuning.html': '<html><head><title>Tuning Globex</title></head><body><main><h1>Tuning</h1><p>Increase the cache size for faster snapshot reads.</p></main></body></html>',
    'globex/9.0/manual/notes.txt': 'Release notes\n\nThe snapshot format changed in 9.0.\n',
    'pdfco/v1/manual/guide.pdf': minimalPdf([
      ['Pdfco Guide', 'Introduction to the pdfco gadget.', ...filler('The gadget hums quietly while it warms up', 30)],
      ['Calibration', 'Calibrate the flux capacitor before the first launch.', ...filler('Turn the dial to seven and wait for the lamp', 30)],
    ]),
    'evil/v1/pages/hostile.txt': `Hostile page\n\nThis hostile text carries markup: ${HOSTILE} and more hostile words after it.\n`,
    'evil/v1/pages/title.md': `---\ntitle: "Evil <img src=x onerror=\\"window.__xss=5\\"> title"\n---\n# Heading <script>window.__xss=6</script>\n\nHostile heading text body.\n`,
    'SOURCES.md': '# Sources\n',
  };
}

function filler(sentence: string, lines: number): string[] {
  return Array.from({ length: lines }, (_, i) => `${sentence}, step ${i + 1}.`);
}

/** A corpus ingested into a fresh index, opened. */
export interface TestLibrary {
  corpusDir: string;
  indexDir: string;
  library: Library;
  remove(): void;
}

/** Writes `files` as a corpus, ingests it (lexical only) and opens the index. */
export async function buildLibrary(files: Record<string, string | Uint8Array> = smallCorpus()): Promise<TestLibrary> {
  const corpus = testdir(files);
  const index = testdir();
  await ingest(corpus.dir, join(index.dir, 'index'));
  const library = await openIndex(join(index.dir, 'index'));
  return {
    corpusDir: corpus.dir,
    indexDir: join(index.dir, 'index'),
    library,
    remove: () => {
      corpus.remove();
      index.remove();
    },
  };
}

/** A server on 127.0.0.1, port 0; stop it with `close()`. */
export interface TestServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/** A real MCP client connected to the Streamable HTTP endpoint at `url`. */
export async function connectMcp(url: string): Promise<Client> {
  const client = new Client({ name: 'mcdewey-express-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** Listens on port 0 with an app. */
export async function listen(app: express.Express & { close?: () => Promise<void> }): Promise<TestServer> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    await app.close?.();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { origin: `http://127.0.0.1:${port}`, server, close };
}

/** `createApp(library, options)` listening on port 0. */
export function startTestServer(library: Library, options: CreateAppOptions = {}): Promise<TestServer> {
  return listen(createApp(library, options));
}

/**
 * A deterministic bag-of-words embedder (hashed word counts, normalised) for tests: enough for
 * the semantic and hybrid legs to run without a model.
 */
export function hashingEmbedder(dimensions = 64): Embedder {
  const embed = (text: string) => {
    const vector = new Float32Array(dimensions);
    for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      let hash = 2166136261;
      for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619);
      vector[(hash >>> 0) % dimensions]! += 1;
    }
    const norm = Math.hypot(...vector) || 1;
    return vector.map((value) => value / norm);
  };
  return {
    fingerprint: { modelId: 'test/hashing-bag-of-words', dimensions, pooling: 'mean', normalized: true, dtype: 'fp32' },
    maxTokens: 512,
    embedPassages: async (texts) => texts.map(embed),
    embedQuery: async (text) => embed(text),
  };
}

/** Like `buildLibrary`, with vectors from `hashingEmbedder`, opened with it (all modes available). */
export async function buildSemanticLibrary(files: Record<string, string | Uint8Array> = smallCorpus()): Promise<TestLibrary> {
  const corpus = testdir(files);
  const index = testdir();
  const embedder = hashingEmbedder();
  await ingest(corpus.dir, join(index.dir, 'index'), { embedder });
  const library = await openIndex(join(index.dir, 'index'), { embedder });
  return {
    corpusDir: corpus.dir,
    indexDir: join(index.dir, 'index'),
    library,
    remove: () => {
      corpus.remove();
      index.remove();
    },
  };
}

/** A GET with the path and headers sent exactly as written (fetch would normalise `..` away and set its own Host). */
export function rawGet(origin: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}
