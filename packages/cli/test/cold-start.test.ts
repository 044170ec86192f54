import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ingest } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainingCorpus } from '@mcdewey/test-support/corpora';

// What a command loads, not how long it takes (timings are bench/cold-start.mjs's): each run of
// the CLI records every module it loads, through an ESM loader hook and Module._load for
// require(), and the heavy packages must not be among them unless the command needs them.

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
/** Packages that cost tens to hundreds of milliseconds to load; no search or --version needs one. */
const HEAVY = [
  '@huggingface/transformers',
  'onnxruntime-node',
  'onnxruntime-common',
  'sharp',
  'pdfjs-dist',
  'cheerio',
  'marked',
  'gray-matter',
  '@modelcontextprotocol/sdk',
  'express',
  'zod',
  'undici',
  'cli-progress',
];

const root = mkdtempSync(join(tmpdir(), 'mcdewey-cli-cold-'));
const corpus = join(root, 'corpus');
const index = join(root, 'index');
const recorder = join(root, 'record-modules.mjs');

beforeAll(async () => {
  for (const [path, text] of Object.entries(trainingCorpus())) {
    mkdirSync(dirname(join(corpus, path)), { recursive: true });
    writeFileSync(join(corpus, path), text);
  }
  await ingest(corpus, index, { trainEmbedder: { dims: 16, oversample: 8 } });
  // Runs before the CLI (node --import): appends every module URL or path to $MCDEWEY_MODULE_LOG,
  // synchronously, so nothing is lost when the process exits.
  writeFileSync(
    join(root, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) { appendFileSync(log, url + '\\n'); return next(url, context); }
`,
  );
  writeFileSync(
    recorder,
    `import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';
const log = process.env.MCDEWEY_MODULE_LOG;
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try { appendFileSync(log, Module._resolveFilename(request, parent, isMain) + '\\n'); } catch {}
  return load.apply(this, arguments);
};
register(${JSON.stringify(pathToFileURL(join(root, 'hooks.mjs')).href)}, { data: { log } });
`,
  );
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;
/** Runs the CLI; its output and every module it loaded (paths, file URLs turned into paths). */
function mcdewey(args: string[]) {
  const log = join(root, `modules-${runs++}.txt`);
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(recorder).href, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, MCDEWEY_MODULE_LOG: log, MCDEWEY_MODEL_DIR: '', NO_COLOR: '1' },
  });
  const modules = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((entry) => (entry.startsWith('file:') ? fileURLToPath(entry) : entry).replace(/\\/g, '/'));
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, modules };
}

const loadedPackages = (modules: string[], names: string[]) => names.filter((name) => modules.some((path) => path.includes(`/node_modules/${name}/`)));

describe('mcdewey loads only what a command needs', () => {
  it('--version and --help load commander, not core or any heavy package', () => {
    for (const args of [['--version'], ['--help'], ['search', '--help']]) {
      const run = mcdewey(args);
      expect(run.code, run.stderr).toBe(0);
      expect(loadedPackages(run.modules, ['commander'])).toEqual(['commander']);
      // Core's package.json (the version) is read; none of its code is loaded.
      expect(run.modules.filter((path) => /\/(packages\/core|@mcdewey\/core)\//.test(path) && !path.endsWith('/package.json'))).toEqual([]);
      expect(loadedPackages(run.modules, HEAVY)).toEqual([]);
    }
    expect(mcdewey(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a lexical search loads core without its document readers or any heavy package', () => {
    const run = mcdewey(['search', 'rollback snapshot', '--index', index, '--mode', 'lexical', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).mode).toBe('lexical');
    expect(run.modules.some((path) => /\/core\/dist\/index\.js$/.test(path))).toBe(true);
    expect(run.modules.filter((path) => /\/core\/dist\/(html|markdown|pdf)-/.test(path))).toEqual([]);
    expect(loadedPackages(run.modules, [...HEAVY, 'hnswlib-node', 'onnx-proto'])).toEqual([]);
  });

  it('a hybrid search over a corpus-trained model runs it without transformers.js or ONNX Runtime', () => {
    const run = mcdewey(['search', 'rollback snapshot', '--index', index, '--mode', 'hybrid', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const response = JSON.parse(run.stdout);
    expect(response.mode).toBe('hybrid');
    expect(response.results.length).toBeGreaterThan(0);
    expect(loadedPackages(run.modules, ['hnswlib-node', '@huggingface/tokenizers'])).toEqual(['hnswlib-node', '@huggingface/tokenizers']);
    expect(loadedPackages(run.modules, HEAVY)).toEqual([]);
  });

  it('the recorder sees heavy packages where a command does need them (ingest reads Markdown)', () => {
    const lexicalIndex = join(root, 'lexical-index');
    const run = mcdewey(['ingest', corpus, '--index', lexicalIndex, '--no-embed']);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(lexicalIndex, 'manifest.json'))).toBe(true);
    expect(loadedPackages(run.modules, ['cli-progress', 'marked', 'cheerio'])).toEqual(['cli-progress', 'marked', 'cheerio']);
  });
});
