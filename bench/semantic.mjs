#!/usr/bin/env node
// Semantic and hybrid figures for issue 3, on an index that has vectors (by default the full
// shared corpus ingested offline, i.e. with McDewey's trained embedder):
//
//   node bench/semantic.mjs [--index DIR] [--queries FILE]
//
// Without --index it uses $TMPDIR/mcdewey-bench/full-vec-index, making it when missing from the
// lexical full-corpus index of bench/run.mjs (re-ingest is incremental: only training, embedding
// and the HNSW build run).
// Writes bench/results/semantic.json and the "Semantic and hybrid" section of BENCHMARKS.md.
// Figures are medians; lexical latency measured in the same process is the baseline.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, gitCommit, loadCore, machineInfo, median, now, parseArgs, quantile, round } from './lib/common.mjs';

const work = join(tmpdir(), 'mcdewey-bench');
const args = { index: join(work, 'full-vec-index'), queries: join(ROOT, 'bench/queries/full-corpus.txt'), ...parseArgs(process.argv.slice(2), { index: 'string', queries: 'string' }) };
const core = await loadCore(undefined, ['openIndex', 'search', 'describeFingerprint', 'loadTransformersEmbedder', 'writeTestModel']);
const log = (line) => process.stderr.write(`${line}\n`);
if (!existsSync(args.index)) {
  const lexicalIndex = join(work, 'full-index');
  const corpus = join(ROOT, '..', 'shared', 'corpus');
  if (!existsSync(lexicalIndex) || !existsSync(corpus)) {
    log(`semantic: skipped, needs ${lexicalIndex} (run bench/run.mjs first) and ${corpus}`);
    process.exit(0);
  }
  log(`semantic: building ${args.index} from ${lexicalIndex} (training the offline embedder, embedding, HNSW) ...`);
  cpSync(lexicalIndex, args.index, { recursive: true });
  const built = spawnSync(process.execPath, [join(ROOT, 'packages/cli/dist/bin.js'), 'ingest', corpus, '--index', args.index], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error(`ingest with an embedder failed (exit ${built.status})`);
}
const queries = readFileSync(args.queries, 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => line.split('\t').pop());

// Cold open with vectors, in fresh processes (median of 5).
const openScript = `const c = await import(${JSON.stringify(join(ROOT, 'packages/core/dist/index.js'))}); const t = performance.now(); const l = await c.openIndex(${JSON.stringify(args.index)}, { embedder: 'auto' }); l.warm(); console.log(performance.now() - t);`;
const opens = Array.from({ length: 5 }, () => Number(spawnSync(process.execPath, ['--input-type=module', '-e', openScript], { encoding: 'utf8' }).stdout.trim()));
log(`cold open with vectors and model: ${round(median(opens), 0)} ms`);

const library = await core.openIndex(args.index, { embedder: 'auto' });
library.warm();
// `embedder` and `vectors` are Library's @internal members (not in the published types): this
// bench measures the query model and the HNSW graph themselves, so it reads them all the same.
if (!library.embedder || !library.vectors) throw new Error(`${args.index} has no usable vectors: ${library.embedderNotice ?? 'no embedder in the manifest'}`);
const embedder = library.embedder;

// Query embedding, then a library whose embedder answers from that cache: latency without embedding.
const vectors = new Map();
const embedTimes = [];
for (const query of queries) {
  const started = performance.now();
  vectors.set(query, await embedder.embedQuery(query));
  embedTimes.push(performance.now() - started);
}
const cached = {
  fingerprint: embedder.fingerprint,
  maxTokens: embedder.maxTokens,
  embedPassages: (texts) => embedder.embedPassages(texts),
  embedQuery: async (text) => vectors.get(text) ?? embedder.embedQuery(text),
};
const cachedLibrary = await core.openIndex(args.index, { embedder: cached });
cachedLibrary.warm();

async function latency(mode) {
  for (const query of queries) await core.search(cachedLibrary, query, { mode });
  const times = [];
  for (let pass = 0; pass < 4; pass++) {
    for (const query of queries) {
      const started = performance.now();
      await core.search(cachedLibrary, query, { mode });
      times.push(performance.now() - started);
    }
  }
  return { p50: round(median(times)), p95: round(quantile(times, 0.95)) };
}
const lexical = await latency('lexical');
const semantic = await latency('semantic');
const hybrid = await latency('hybrid');
log(`search p50/p95 ms: lexical ${lexical.p50}/${lexical.p95}, semantic ${semantic.p50}/${semantic.p95}, hybrid ${hybrid.p50}/${hybrid.p95}`);

// HNSW recall@10 at the default ef against exact search, over query vectors and chunk vectors.
const index = library.vectors;
const probes = [...vectors.values()];
for (let i = 0; i < 200; i++) probes.push(index.row(Math.floor((((i * 2654435761) % 4294967296) / 4294967296) * index.size)));
let found = 0;
for (const probe of probes) {
  const exact = new Set(index.exactSearch(probe, 10).map((hit) => hit.label));
  found += index.search(probe, 10).filter((hit) => exact.has(hit.label)).length;
}
const recall = round(found / (probes.length * 10), 4);
log(`HNSW recall@10 vs exact: ${recall} over ${probes.length} probes`);

// Embedding throughput: the index's model and the tests' tiny model, on real chunk texts.
async function throughput(model, count) {
  const texts = [...library.chunkRecords(0, count)].map((chunk) => chunk.text);
  const started = performance.now();
  await model.embedPassages(texts);
  return round(count / ((performance.now() - started) / 1000), 0);
}
const modelRoot = mkdtempSync(join(tmpdir(), 'mcdewey-bench-model-'));
const testModel = await core.loadTransformersEmbedder({ modelDir: await core.writeTestModel(join(modelRoot, 'test-model')) });
const rates = { indexModel: await throughput(embedder, 2000), testModel: await throughput(testModel, 2000) };
rmSync(modelRoot, { recursive: true, force: true });
log(`embedding chunks/s: index model ${rates.indexModel}, test model ${rates.testModel}`);

const sizes = {};
let total = 0;
for (const name of readdirSync(args.index)) {
  const path = join(args.index, name);
  const bytes = statSync(path).isDirectory() ? dirBytes(path) : statSync(path).size;
  sizes[name] = round(bytes / 1e6, 1);
  total += bytes;
}
function dirBytes(dir) {
  return readdirSync(dir).reduce((sum, name) => sum + (statSync(join(dir, name)).isDirectory() ? dirBytes(join(dir, name)) : statSync(join(dir, name)).size), 0);
}

const result = {
  measuredAt: now(),
  commit: gitCommit(),
  machine: machineInfo(),
  index: args.index,
  chunks: library.chunkCount,
  embedder: core.describeFingerprint(embedder.fingerprint),
  vectors: library.manifest.vectors,
  coldOpenMs: round(median(opens), 0),
  queryEmbeddingMs: { p50: round(median(embedTimes), 3), p95: round(quantile(embedTimes, 0.95), 3) },
  searchMs: { lexical, semantic, hybrid },
  hybridVsLexicalP50: round(hybrid.p50 / lexical.p50, 2),
  hnswRecallAt10: recall,
  recallProbes: probes.length,
  embeddingChunksPerSecond: rates,
  indexMB: round(total / 1e6, 1),
  fileMB: sizes,
};
writeFileSync(join(ROOT, 'bench/results/semantic.json'), `${JSON.stringify(result, null, 2)}\n`);

const section = [
  '## Semantic and hybrid (full corpus)',
  '',
  `Measured ${result.measuredAt} by \`node bench/semantic.mjs\` on \`${args.index}\`: ${result.chunks} chunks embedded with ${result.embedder}; HNSW M = ${result.vectors.M}, efConstruction = ${result.vectors.efConstruction}, default ef. Query latency excludes query embedding (vectors precomputed, given through a caching embedder); lexical is the in-process baseline.`,
  '',
  '| figure | value |',
  '| --- | ---: |',
  `| search() p50 / p95, lexical (baseline) | ${lexical.p50} / ${lexical.p95} ms |`,
  `| search() p50 / p95, semantic | ${semantic.p50} / ${semantic.p95} ms |`,
  `| search() p50 / p95, hybrid (RRF) | ${hybrid.p50} / ${hybrid.p95} ms (p50 ${result.hybridVsLexicalP50} x lexical) |`,
  `| query embedding p50 / p95 | ${result.queryEmbeddingMs.p50} / ${result.queryEmbeddingMs.p95} ms |`,
  `| HNSW recall@10 vs exact, default ef | ${recall} (${probes.length} probes: the bench queries and 200 chunk vectors) |`,
  `| embedding throughput, index model / test model | ${rates.indexModel} / ${rates.testModel} chunks/s |`,
  `| index size with vectors and model | ${result.indexMB} MB (${Object.entries(sizes)
    .map(([name, mb]) => `${name} ${mb}`)
    .join(', ')}; MB) |`,
  `| cold openIndex + model + vectors (median of 5) | ${result.coldOpenMs} ms |`,
].join('\n');
writeFileSync(join(ROOT, 'bench/results/semantic.md'), `${section}\n`);
spawnSync(process.execPath, [join(ROOT, 'bench/run.mjs'), '--render'], { stdio: 'inherit' });
log('wrote bench/results/semantic.json and .md, and re-rendered BENCHMARKS.md');
