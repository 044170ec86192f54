#!/usr/bin/env node
// Transformer embedding speed (issue 19): a BERT encoder of bge-small-en-v1.5's shape with random
// weights (core's cachedBertModel; no download), fp32 and q8, batch sizes and intra-op threads.
//
//   node bench/transformer.mjs [--shape bge-small|minilm-l6] [--sample 128] [--rounds 2]
//                              [--batches 1,8,32] [--threads 1,2] [--dtypes fp32,q8] [--no-full]
//   node bench/transformer.mjs --full-only   only step 3, with the best configuration of the last results
//   node bench/transformer.mjs --render      rewrite transformer.md from the last results and core's current defaults
//
// 1. Ingests the bundled corpus (corpus/) lexically, then once more with a recording embedder to
//    get exactly the passage texts ingest embeds (title › headings, then the chunk text).
// 2. Every configuration runs in a fresh process (`--child`): load the model, embed a fixed sample
//    of those passages in groups of 32 as ingest hands them over, then the 62 queries of
//    bench/queries/full-corpus.txt one at a time. Rounds run the configurations interleaved, so a
//    busy moment of the shared machine hits all of them; figures are medians over rounds.
// 3. The chosen configuration then ingests the whole bundled corpus for real (core's ingest with
//    the model, from the lexical index: only embedding and the vector graph run).
// Writes bench/results/transformer.json and transformer.md (a section of BENCHMARKS.md).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SHARED, errorLine, gitCommit, loadCore, machineInfo, median, now, parseArgs, quantile, round } from './lib/common.mjs';
import { renderTransformerSection } from './lib/transformer-markdown.mjs';

const WORK = join(tmpdir(), 'mcdewey-bench', 'transformer');
const GROUP = 32; // texts per embedPassages call, as ingest hands them over
const log = (line) => process.stderr.write(`${line}\n`);
const argv = process.argv.slice(2);

if (argv[0] === '--child') {
  await child(JSON.parse(argv[1]));
} else if (argv[0] === '--render' || argv[0] === '--full-only') {
  await rework(argv[0] === '--full-only');
} else {
  await parent();
}

async function parent() {
  const args = {
    shape: 'bge-small',
    sample: '128',
    rounds: '2',
    batches: ['1', '8', '32'],
    threads: ['1', '2'],
    dtypes: ['fp32', 'q8'],
    ...parseArgs(argv, { shape: 'string', sample: 'string', rounds: 'string', batches: 'list', threads: 'list', dtypes: 'list', 'no-full': 'boolean' }),
  };
  const core = await loadCore(undefined, ['ingest', 'cachedBertModel', 'KNOWN_MODELS', 'DEFAULT_MODEL_ID', 'TRANSFORMERS_EMBEDDER_DEFAULTS']);
  const work = WORK;
  mkdirSync(work, { recursive: true });
  const corpus = join(ROOT, 'corpus');
  const lexical = join(work, 'bundled-lexical');
  if (!existsSync(join(lexical, 'manifest.json'))) {
    log('transformer: lexical ingest of corpus/ ...');
    await core.ingest(corpus, lexical, {});
  }
  const texts = await passageTexts(core, corpus, lexical, join(work, 'passages.json'));
  const step = texts.length / Number(args.sample);
  const sample = Array.from({ length: Math.min(texts.length, Number(args.sample)) }, (_, i) => texts[Math.floor(i * step)]);
  const sampleFile = join(work, 'sample.json');
  writeFileSync(sampleFile, JSON.stringify(sample));

  log(`transformer: writing (or reusing) the ${args.shape} model ...`);
  const modelDir = await modelFor(core, args.shape, texts);
  const known = core.KNOWN_MODELS.find((model) => model.id === (args.shape === 'bge-small' ? core.DEFAULT_MODEL_ID : 'Xenova/all-MiniLM-L6-v2'));
  const settings = { pooling: known.pooling, queryPrefix: known.queryPrefix, maxTokens: known.maxTokens };
  const tokens = await tokenStats(modelDir, sample);

  const configs = args.dtypes.flatMap((dtype) => args.threads.flatMap((threads) => args.batches.map((batch) => ({ dtype, threads: Number(threads), batch: Number(batch) }))));
  const runs = new Map(configs.map((config) => [key(config), []]));
  const calibration = [];
  for (let round = 0; round < Number(args.rounds); round++) {
    calibration.push(runChild({ task: 'calibrate' }).medianMs);
    for (const config of configs) {
      const result = runChild({ task: 'embed', modelDir, sampleFile, ...settings, ...config });
      runs.get(key(config)).push(result);
      log(`round ${round + 1} ${key(config)}: ${result.chunksPerSecond.toFixed(1)} chunks/s, query p50 ${result.query.p50.toFixed(1)} ms, RSS ${result.maxRssMB.toFixed(0)} MB`);
    }
  }
  const sharedChunks = sharedCorpusChunks();
  const rows = configs.map((config) => summarize(config, runs.get(key(config)), sharedChunks?.chunks));
  const baseline = rows.find((row) => row.dtype === 'fp32' && row.threads === 1 && row.batch === 1) ?? rows[0];
  for (const row of rows) row.xBaseline = round(row.chunksPerSecond / baseline.chunksPerSecond, 2);

  // The defaults: the fastest dtype and thread count at the fastest batch size.
  const best = [...rows].sort((a, b) => b.chunksPerSecond - a.chunksPerSecond)[0];
  let full = null;
  if (!args['no-full']) {
    log(`transformer: ingesting the whole bundled corpus with ${key(best)} ...`);
    full = runChild({ task: 'ingest', modelDir, corpus, lexical, index: join(work, 'bundled-embedded'), ...settings, ...best });
  }
  const result = {
    measuredAt: now(),
    commit: gitCommit(),
    machine: machineInfo(),
    model: { shape: args.shape, folder: 'cachedBertModel (os.tmpdir())', settings },
    corpus: { chunks: texts.length, sample: sample.length, tokens },
    sharedCorpus: sharedChunks,
    rounds: Number(args.rounds),
    calibrationMs: calibration.map((ms) => round(ms, 1)),
    baseline: key(baseline),
    rows,
    best: key(best),
    full,
    defaults: { ...core.TRANSFORMERS_EMBEDDER_DEFAULTS },
  };
  save(result);
}

function save(result) {
  writeFileSync(join(ROOT, 'bench/results/transformer.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench/results/transformer.md'), renderTransformerSection(result));
  spawnSync(process.execPath, [join(ROOT, 'bench/run.mjs'), '--render'], { stdio: 'inherit' });
}

/** Re-renders the last results with core's current defaults, after running step 3 when `full`. */
async function rework(full) {
  const file = join(ROOT, 'bench/results/transformer.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run node bench/transformer.mjs first`);
  const result = JSON.parse(readFileSync(file, 'utf8'));
  const core = await loadCore(undefined, ['TRANSFORMERS_EMBEDDER_DEFAULTS', 'cachedBertModel']);
  if (full) {
    const work = WORK;
    const modelDir = await modelFor(core, result.model.shape, JSON.parse(readFileSync(join(work, 'passages.json'), 'utf8')));
    const best = result.rows.find((row) => key(row) === result.best);
    log(`transformer: ingesting the whole bundled corpus with ${result.best} ...`);
    const { pooling, queryPrefix, maxTokens } = result.model.settings;
    const spec = { task: 'ingest', modelDir, corpus: join(ROOT, 'corpus'), lexical: join(work, 'bundled-lexical'), index: join(work, 'bundled-embedded') };
    result.full = { ...runChild({ ...spec, pooling, queryPrefix, maxTokens, dtype: best.dtype, threads: best.threads, batch: best.batch }), measuredAt: now(), loadAverage: machineInfo().loadAverage };
  }
  result.defaults = { ...core.TRANSFORMERS_EMBEDDER_DEFAULTS };
  save(result);
}

/**
 * The model folder (written once, then cached). Its vocabulary's whole words are the corpus's most
 * frequent ones, as BERT's vocabulary holds the commonest English words and spells the rest from pieces.
 */
async function modelFor(core, shape, texts) {
  const frequency = new Map();
  for (const text of texts) for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const words = [...frequency]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 20_000)
    .map(([word]) => word);
  return core.cachedBertModel({ shape, words });
}

/** The texts ingest hands the embedder: one ingest from the lexical index with a recording embedder. */
async function passageTexts(core, corpus, lexical, file) {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const scratch = `${lexical}-recording`;
  rmSync(scratch, { recursive: true, force: true });
  cpSync(lexical, scratch, { recursive: true });
  const texts = [];
  const recorder = {
    fingerprint: { modelId: 'bench/recorder', dimensions: 2, pooling: 'mean', normalized: true, dtype: 'fp32' },
    maxTokens: 512,
    embedPassages: async (batch) => {
      texts.push(...batch);
      return batch.map((_, i) => Float32Array.of(Math.cos(i), Math.sin(i)));
    },
    embedQuery: async () => Float32Array.of(1, 0),
  };
  await core.ingest(corpus, scratch, { embedder: recorder });
  rmSync(scratch, { recursive: true, force: true });
  writeFileSync(file, JSON.stringify(texts));
  return texts;
}

/** Tokens per passage under the model's tokenizer (what a token cap would cut). */
async function tokenStats(modelDir, texts) {
  const { AutoTokenizer, env } = await import(join(ROOT, 'packages/core/node_modules/@huggingface/transformers/dist/transformers.node.mjs'));
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained(modelDir, { local_files_only: true });
  const counts = texts.map((text) => tokenizer.encode(text).length);
  const over = (cap) => round(counts.filter((count) => count > cap).length / counts.length, 3);
  return { p50: median(counts), p95: quantile(counts, 0.95), max: Math.max(...counts), over128: over(128), over256: over(256), over512: over(512) };
}

/** Chunks of ../shared/corpus: from bench/run.mjs's full index when present, else its last results. */
function sharedCorpusChunks() {
  const manifest = join(tmpdir(), 'mcdewey-bench', 'full-index', 'manifest.json');
  if (existsSync(manifest)) {
    const chunks = JSON.parse(readFileSync(manifest, 'utf8')).counts?.chunks;
    if (chunks > 0) return { chunks, source: 'the full-corpus index of bench/run.mjs' };
  }
  const latest = join(ROOT, 'bench/results/latest.json');
  const full = existsSync(latest) ? JSON.parse(readFileSync(latest, 'utf8')).fullCorpus : undefined;
  if (!full?.ingest?.chunks) {
    log(`transformer: no chunk count of ${join(SHARED, 'corpus')} (run bench/run.mjs first); the projection is left out`);
    return null;
  }
  return { chunks: full.ingest.chunks, source: `bench/results/latest.json (bench/run.mjs's ingest of ../shared/corpus, ${full.measuredAt})` };
}

function summarize(config, results, sharedChunks) {
  const chunksPerSecond = median(results.map((r) => r.chunksPerSecond));
  const msPerChunk = 1000 / chunksPerSecond;
  return {
    ...config,
    chunksPerSecond: round(chunksPerSecond, 2),
    msPerChunk: round(msPerChunk, 1),
    chunksPerCpuSecond: round(median(results.map((r) => r.chunksPerCpuSecond)), 2),
    queryP50Ms: round(median(results.map((r) => r.query.p50)), 1),
    queryP95Ms: round(median(results.map((r) => r.query.p95)), 1),
    loadSeconds: round(median(results.map((r) => r.loadSeconds)), 2),
    peakRssMB: Math.round(Math.max(...results.map((r) => r.maxRssMB))),
    projectedSharedHours: sharedChunks ? round((sharedChunks * msPerChunk) / 3_600_000, 2) : null,
    perRound: results.map((r) => round(r.chunksPerSecond, 2)),
  };
}

function key(config) {
  return `${config.dtype} t${config.threads} b${config.batch}`;
}

function runChild(spec) {
  const run = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child', JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`${spec.task} ${spec.dtype ?? ''} failed: ${errorLine((run.stderr ?? '').split('\n'))}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

async function child(spec) {
  const started = performance.now();
  const finish = (result) => {
    const usage = process.resourceUsage();
    process.stdout.write(`${JSON.stringify({ ...result, maxRssMB: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
  };
  if (spec.task === 'calibrate') {
    const run = spawnSync(process.execPath, [join(ROOT, 'bench/lib/child.mjs'), 'calibrate'], { encoding: 'utf8' });
    process.stdout.write(run.stdout);
    return;
  }
  const core = await loadCore(undefined, ['loadTransformersEmbedder', 'ingest']);
  const embedder = await core.loadTransformersEmbedder({
    modelDir: spec.modelDir,
    dtype: spec.dtype,
    intraOpThreads: spec.threads,
    batchSize: spec.batch,
    pooling: spec.pooling,
    queryPrefix: spec.queryPrefix,
    maxTokens: spec.maxTokens,
  });
  const loadSeconds = (performance.now() - started) / 1000;
  if (spec.task === 'ingest') {
    rmSync(spec.index, { recursive: true, force: true });
    cpSync(spec.lexical, spec.index, { recursive: true });
    let embedStart;
    let embedEnd;
    let embedded = 0;
    const cpuBefore = process.cpuUsage();
    const report = await core.ingest(spec.corpus, spec.index, {
      embedder,
      onProgress: (p) => {
        if (p.phase === 'embed') {
          embedStart ??= performance.now();
          embedded = p.total;
        } else if (embedStart !== undefined) embedEnd ??= performance.now();
      },
    });
    const cpu = process.cpuUsage(cpuBefore);
    const embedSeconds = ((embedEnd ?? performance.now()) - embedStart) / 1000;
    finish({
      chunks: report.chunks,
      embedded,
      embedSeconds: round(embedSeconds, 1),
      chunksPerSecond: round(embedded / embedSeconds, 2),
      ingestSeconds: round(report.seconds, 1),
      cpuSecondsIngest: round((cpu.user + cpu.system) / 1e6, 1),
      loadSeconds: round(loadSeconds, 2),
    });
    return;
  }
  const sample = JSON.parse(readFileSync(spec.sampleFile, 'utf8'));
  await embedder.embedPassages(sample.slice(0, Math.max(spec.batch, 2))); // warm-up: first-call allocations
  const cpuBefore = process.cpuUsage();
  const t = performance.now();
  for (let start = 0; start < sample.length; start += GROUP) await embedder.embedPassages(sample.slice(start, start + GROUP));
  const seconds = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const queries = readFileSync(join(ROOT, 'bench/queries/full-corpus.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('\t').pop());
  await embedder.embedQuery(queries[0]);
  const times = [];
  for (const query of queries) {
    const q = performance.now();
    await embedder.embedQuery(query);
    times.push(performance.now() - q);
  }
  finish({
    chunksPerSecond: sample.length / seconds,
    chunksPerCpuSecond: sample.length / ((cpu.user + cpu.system) / 1e6),
    query: { p50: median(times), p95: quantile(times, 0.95) },
    loadSeconds,
  });
}
