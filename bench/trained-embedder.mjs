#!/usr/bin/env node
// The embedder McDewey trains from a corpus when no model can be loaded: its ranking quality on
// Cranfield and CISI, and its cost on the full shared corpus.
//
//   node bench/trained-embedder.mjs [--collections cranfield,cisi] [--tune cranfield]
//        [--grid 0.1,0.2,...] [--full-index DIR] [--skip-quality] [--skip-cost] [--core FILE] [--out FILE]
//        [--trainer JSON] [--golden FILE] [--golden-corpus DIR] [--golden-only]
//
// --trainer: trainer settings for every model trained here, e.g. '{"headContextWeight":0}' for the
// trainer before heading contexts (the "before" figures of a change); default: the trainer's defaults.
//
// Docs domain (--golden, e.g. packages/core/test/golden/docs-golden.json over ../shared/corpus):
// the corpus is ingested with a trained model (as `mcdewey ingest` does offline) and the golden
// questions are scored per split (tune / test) in lexical, semantic and hybrid mode (the fusion
// weights the index records, and every --grid weight); --golden-only skips Cranfield/CISI and cost.
//
// Quality: each collection goes through McDewey's own ingest with `trainEmbedder` (the model is
// trained from that collection's chunks, bundled in the index and loaded back through
// transformers.js, as `mcdewey ingest` does offline), then lexical, semantic and hybrid runs are
// scored by core's metric code (evaluateCollection). The hybrid fusion weight of the semantic leg
// is tuned on ONE collection (--tune, default cranfield: best nDCG@10 under the `mcdewey eval`
// default grading, ties to the smaller weight) and that weight is reported on every collection.
// The other weights' CISI rows are kept in the JSON for information only; nothing is picked on them.
// Re-running a weight reuses the collection's index and model (ingest keeps an unchanged corpus's
// trained model and vectors).
//
// Cost: training from the chunks of an existing index of ../shared/corpus (--full-index, default
// /tmp/mcdewey-full-index; `mcdewey ingest ../shared/corpus --index DIR --no-embed` makes one),
// model size on disk, and query embedding time through the real transformers.js path
// (loadTransformersEmbedder on the written folder) over bench/queries/full-corpus.txt.
// Writes bench/results/trained-embedder.json (or --out).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { resourceUsage } from 'node:process';
import { ROOT, SHARED, fail, gitCommit, loadCore, machineInfo, mean, now, parseArgs, quantile, round } from './lib/common.mjs';

const args = parseArgs(process.argv.slice(2), {
  collections: 'list',
  tune: 'string',
  grid: 'list',
  'full-index': 'string',
  'skip-quality': 'boolean',
  'skip-cost': 'boolean',
  core: 'string',
  out: 'string',
  trainer: 'string',
  golden: 'string',
  'golden-corpus': 'string',
  'golden-only': 'boolean',
});
const collections = args.collections ?? ['cranfield', 'cisi'];
const tuneOn = args.tune ?? 'cranfield';
const grid = (args.grid ?? ['0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1']).map(Number);
const fullIndex = args['full-index'] ?? '/tmp/mcdewey-full-index';
const outFile = args.out ?? join(ROOT, 'bench/results/trained-embedder.json');
const core = await loadCore(args.core, [
  'readCollection',
  'evaluateCollection',
  'evaluateRun',
  'trainEmbedder',
  'loadTransformersEmbedder',
  'TRAINER_DEFAULTS',
  'TRAINED_FUSION_WEIGHTS',
  'ingest',
  'openIndex',
  'readGoldenCollection',
  'evaluateGolden',
]);
let trainer = {};
try {
  trainer = args.trainer ? JSON.parse(args.trainer) : {};
} catch (error) {
  fail(`--trainer must be JSON trainer settings: ${error.message}`);
}
if (args['golden-only']) {
  if (!args.golden) fail('--golden-only needs --golden FILE');
  args['skip-quality'] = true;
  args['skip-cost'] = true;
}
if (!collections.includes(tuneOn) && !args['skip-quality']) fail(`--tune ${tuneOn} is not among --collections ${collections.join(',')}`);

/** Grade readings: the first is `mcdewey eval`'s default, the one tuned on. */
function readings(name) {
  return name === 'cranfield'
    ? [
        { key: 'gain=5-grade', options: { cranfieldGain: 'five-minus-grade' }, label: "gain = 5 - grade (Cleverdon; mcdewey eval's default)" },
        { key: 'gain=grade', options: { cranfieldGain: 'grade' }, label: 'gain = grade (ir_datasets; PEERS.md)' },
      ]
    : [{ key: 'binary', options: {}, label: 'binary judgments (gain 1)' }];
}

const scores = (result) => ({ ndcg10: round(result.mean.ndcg10, 4), recall100: round(result.mean.recall100, 4), map100: round(result.mean.map100, 4), mrr10: round(result.mean.mrr10, 4) });

/** Scores one mode's run under every grade reading of the collection (per-query scores kept aside for the significance test). */
function scoreRun(run, read) {
  return Object.fromEntries(read.map(({ key, collection }) => [key, scores(core.evaluateRun(run, collection.qrels))]));
}

/**
 * Two-sided paired randomization test of `a` against `b` on one metric over the judged queries:
 * the share of 20,000 random sign flips of the per-query differences whose mean is at least as
 * far from zero as the observed one (seeded, so the p-value is reproducible).
 */
function pairedRandomization(runA, runB, qrels, metric) {
  const a = core.evaluateRun(runA, qrels).perQuery;
  const b = core.evaluateRun(runB, qrels).perQuery;
  const diffs = [...a.keys()].map((qid) => a.get(qid)[metric] - b.get(qid)[metric]);
  const observed = Math.abs(mean(diffs));
  let state = 12345;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const trials = 20000;
  let extreme = 0;
  for (let i = 0; i < trials; i++) {
    let sum = 0;
    for (const d of diffs) sum += random() < 0.5 ? d : -d;
    if (Math.abs(sum / diffs.length) >= observed - 1e-12) extreme++;
  }
  const wins = diffs.filter((d) => d > 0).length;
  const losses = diffs.filter((d) => d < 0).length;
  return { meanDifference: round(mean(diffs), 4), p: Number(((extreme + 1) / (trials + 1)).toPrecision(2)), wins, losses, ties: diffs.length - wins - losses };
}

async function evaluate(name) {
  const dir = join(SHARED, 'bench', name);
  const read = await Promise.all(readings(name).map(async (reading) => ({ ...reading, collection: await core.readCollection(dir, name, reading.options) })));
  const collection = read[0].collection;
  const workDir = mkdtempSync(join(tmpdir(), `mcdewey-trained-${name}-`));
  const log = (text) => process.stderr.write(`${name}: ${text}\n`);
  try {
    const options = { trainEmbedder: args.trainer ? trainer : true, workDir, keepWorkDir: true };
    log(`ingest with a trained embedder, lexical and semantic runs`);
    const started = performance.now();
    const base = await core.evaluateCollection(collection, { ...options, modes: ['lexical', 'semantic'] });
    const firstSeconds = (performance.now() - started) / 1000;
    for (const mode of base.modes) if (!mode.available) fail(`${name}: ${mode.mode} unavailable: ${mode.notice}`);
    const model = JSON.parse(readFileSync(join(workDir, 'index', 'model', 'training.json'), 'utf8'));
    const hybrid = {};
    const runs = {};
    for (const weight of grid) {
      log(`hybrid, semantic weight ${weight}`);
      const evaluation = await core.evaluateCollection(collection, { ...options, modes: ['hybrid'], searchOptions: { weights: { lexical: 1, semantic: weight } } });
      const mode = evaluation.modes[0];
      if (!mode.available) fail(`${name}: hybrid unavailable: ${mode.notice}`);
      hybrid[weight] = { scores: scoreRun(mode.run, read), latencyMs: mapValues(mode.latencyMs, (v) => round(v, 2)) };
      runs[weight] = mode.run;
    }
    const modes = Object.fromEntries(base.modes.map((mode) => [mode.mode, { scores: scoreRun(mode.run, read), latencyMs: mapValues(mode.latencyMs, (v) => round(v, 2)) }]));
    return {
      documents: base.documents,
      chunks: base.chunks,
      queries: base.queries,
      longQueries: base.longQueries,
      readings: Object.fromEntries(read.map(({ key, label, collection: c }) => [key, { label, gradeNote: c.gradeNote }])),
      embedder: base.embedder,
      model: { id: model.model, stats: model.stats },
      ingestAndTrainSeconds: round(base.ingestSeconds, 1),
      firstEvaluationSeconds: round(firstSeconds, 1),
      modes,
      hybrid,
      // Not written to the JSON: the runs, for the significance test once the weight is chosen.
      runs: { lexical: base.modes.find((m) => m.mode === 'lexical').run, hybrid: runs },
      read,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function mapValues(object, f) {
  return object ? Object.fromEntries(Object.entries(object).map(([k, v]) => [k, f(v)])) : object;
}

// ---------------------------------------------------------------------------------------------
// Quality

let quality = null;
if (!args['skip-quality']) {
  const results = {};
  for (const name of collections) results[name] = await evaluate(name);
  const tunedKey = readings(tuneOn)[0].key;
  const tuned = results[tuneOn];
  // Best nDCG@10 on the tuning collection; ties go to the smaller weight (less reliance on the weaker leg).
  const chosen = grid.reduce((best, w) => (tuned.hybrid[w].scores[tunedKey].ndcg10 > tuned.hybrid[best].scores[tunedKey].ndcg10 ? w : best), grid[0]);
  const significance = [];
  for (const name of collections) {
    const r = results[name];
    for (const { key, collection } of r.read) {
      for (const metric of ['ndcg10', 'recall100', 'map100']) {
        significance.push({ collection: name, reading: key, metric, ...pairedRandomization(r.runs.hybrid[chosen], r.runs.lexical, collection.qrels, metric) });
      }
    }
    delete r.runs;
    delete r.read;
  }
  const table = [];
  for (const name of collections) {
    const r = results[name];
    for (const { key } of readings(name)) {
      const row = (mode, s) => ({ collection: name, reading: key, mode, ...s[key] });
      table.push(row('lexical', r.modes.lexical.scores), row('semantic', r.modes.semantic.scores), row(`hybrid (semantic weight ${chosen})`, r.hybrid[chosen].scores));
    }
  }
  const verdict = collections
    .map((name) => {
      const r = results[name];
      return readings(name).map(({ key }) => {
        const lexical = r.modes.lexical.scores[key];
        const hybrid = r.hybrid[chosen].scores[key];
        return {
          collection: name,
          reading: key,
          ndcg10: round(hybrid.ndcg10 - lexical.ndcg10, 4),
          recall100: round(hybrid.recall100 - lexical.recall100, 4),
          map100: round(hybrid.map100 - lexical.map100, 4),
          atLeastLexical: hybrid.ndcg10 >= lexical.ndcg10 && hybrid.recall100 >= lexical.recall100,
          betterThanLexical: hybrid.ndcg10 > lexical.ndcg10 || hybrid.recall100 > lexical.recall100,
        };
      });
    })
    .flat();
  quality = {
    tunedOn: tuneOn,
    tunedReading: tunedKey,
    grid,
    chosenSemanticWeight: chosen,
    defaultSemanticWeight: core.TRAINED_FUSION_WEIGHTS.semantic,
    rrfK: 60,
    trainer: core.TRAINER_DEFAULTS,
    table,
    deltaVsLexical: verdict,
    significance,
    targetMet: verdict.every((v) => v.atLeastLexical) && verdict.some((v) => v.betterThanLexical),
    collections: results,
  };
  process.stderr.write(`\nsemantic weight ${chosen} (tuned on ${tuneOn}, ${tunedKey})\n`);
  for (const s of significance) process.stderr.write(`${s.collection} ${s.reading} ${s.metric}: hybrid - lexical ${s.meanDifference} (p = ${s.p}; ${s.wins} better, ${s.losses} worse)\n`);
  for (const row of table)
    process.stderr.write(
      `${row.collection.padEnd(9)} ${row.reading.padEnd(12)} ${row.mode.padEnd(30)} nDCG@10 ${row.ndcg10.toFixed(4)}  R@100 ${row.recall100.toFixed(4)}  MAP@100 ${row.map100.toFixed(4)}\n`,
    );
}

// ---------------------------------------------------------------------------------------------
// Cost on the full shared corpus

let cost = null;
if (!args['skip-cost']) {
  if (!existsSync(join(fullIndex, 'manifest.json'))) {
    fail(`${fullIndex} holds no index; make one with: mcdewey ingest ${join(SHARED, 'corpus')} --index ${fullIndex} --no-embed (or pass --full-index DIR, or --skip-cost)`);
  }
  const out = mkdtempSync(join(tmpdir(), 'mcdewey-trained-full-'));
  try {
    process.stderr.write(`\ncost: training from the chunks of ${fullIndex}\n`);
    const cpuBefore = process.cpuUsage();
    const loadBefore = machineInfo().loadAverage;
    const report = await core.trainEmbedder(fullIndex, join(out, 'model'), {
      ...trainer,
      onProgress: (p) => p.done === p.total && process.stderr.write(`cost: ${p.stage} done\n`),
    });
    const cpu = process.cpuUsage(cpuBefore);
    const embedder = await core.loadTransformersEmbedder({ modelDir: report.dir });
    const queries = readFileSync(join(ROOT, 'bench/queries/full-corpus.txt'), 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split('\t')[1]);
    for (let i = 0; i < 50; i++) await embedder.embedQuery(queries[i % queries.length]); // warm-up
    const timings = [];
    for (let round_ = 0; round_ < 5; round_++) {
      for (const query of queries) {
        const started = performance.now();
        await embedder.embedQuery(query);
        timings.push(performance.now() - started);
      }
    }
    // Passage embedding (what ingest does for every chunk) over the first 5,000 chunks.
    const chunkLines = readFileSync(join(fullIndex, 'chunks.jsonl'), 'utf8')
      .split('\n', 5000)
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const passages = chunkLines.map((chunk) => {
      const context = [...new Set([chunk.title, ...chunk.headings].filter(Boolean))].join(' › ');
      return context ? `${context}\n${chunk.text}` : chunk.text; // as ingest's passageText
    });
    const embedStarted = performance.now();
    await embedder.embedPassages(passages);
    const embedSeconds = (performance.now() - embedStarted) / 1000;
    await embedder.dispose?.();
    cost = {
      source: fullIndex,
      chunks: report.chunks,
      modelId: report.modelId,
      stats: report.stats,
      dims: report.dims,
      trainSeconds: round(report.trainSeconds, 1),
      readChunksSeconds: round(report.readSeconds, 1),
      trainCpuSeconds: round((cpu.user + cpu.system) / 1e6, 1),
      loadAverageBefore: loadBefore,
      maxRssMiB: round(resourceUsage().maxRSS / 1024, 0),
      modelBytes: report.bytes,
      modelMB: round(report.bytes / 1e6, 2),
      passageEmbedding: { chunks: passages.length, seconds: round(embedSeconds, 1), chunksPerSecond: round(passages.length / embedSeconds, 0) },
      queryEmbedding: { queries: queries.length, repeats: 5, p50Ms: round(quantile(timings, 0.5), 3), p95Ms: round(quantile(timings, 0.95), 3), meanMs: round(mean(timings), 3) },
      targets: { trainMinutes: 10, modelMB: 20, queryMs: 2 },
    };
    process.stderr.write(
      `cost: trained in ${cost.trainSeconds} s wall (${cost.trainCpuSeconds} s CPU), model ${cost.modelMB} MB, query embedding p50 ${cost.queryEmbedding.p50Ms} ms (p95 ${cost.queryEmbedding.p95Ms} ms)\n`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Docs domain: the golden questions over the shared corpus

let docs = null;
if (args.golden) {
  const corpus = args['golden-corpus'] ?? join(SHARED, 'corpus');
  const collection = await core.readGoldenCollection(args.golden);
  const work = mkdtempSync(join(tmpdir(), 'mcdewey-trained-golden-'));
  try {
    process.stderr.write(`\ndocs: ingest ${corpus} with a trained model\n`);
    const started = performance.now();
    const report = await core.ingest(corpus, join(work, 'index'), { trainEmbedder: trainer });
    const ingestSeconds = (performance.now() - started) / 1000;
    const library = await core.openIndex(join(work, 'index'), { embedder: 'auto', warm: true });
    const training = JSON.parse(readFileSync(join(work, 'index', 'model', 'training.json'), 'utf8'));
    const summary = (evaluation) => Object.fromEntries(evaluation.modes.filter((m) => m.available).map((m) => [m.mode, mapValues(m.mean, (v) => round(v, 4))]));
    const splits = {};
    for (const split of ['tune', 'test']) {
      process.stderr.write(`docs: ${split} split\n`);
      const base = await core.evaluateGolden(library, collection, { split, modes: ['lexical', 'semantic', 'hybrid'] });
      const hybrid = {};
      for (const weight of grid) {
        const evaluation = await core.evaluateGolden(library, collection, { split, modes: ['hybrid'], searchOptions: { weights: { lexical: 1, semantic: weight } } });
        hybrid[weight] = summary(evaluation).hybrid;
      }
      splits[split] = { queries: base.queries, modes: summary(base), hybridByWeight: hybrid };
      for (const [mode, scores] of Object.entries(splits[split].modes)) {
        process.stderr.write(
          `docs ${split.padEnd(5)} ${mode.padEnd(9)} ${Object.entries(scores)
            .map(([k, v]) => `${k} ${v.toFixed(4)}`)
            .join('  ')}\n`,
        );
      }
    }
    await library.embedder?.dispose?.();
    docs = {
      golden: args.golden,
      corpus: relative(ROOT, corpus),
      chunks: report.chunks,
      ingestSeconds: round(ingestSeconds, 1),
      model: { id: training.model, settings: training.settings, stats: training.stats },
      // The `hybrid` mode above ranks with the weights the index recorded at ingest.
      hybridWeights: library.manifest.ranking?.weights ?? core.TRAINED_FUSION_WEIGHTS,
      gradeNote: collection.gradeNote,
      splits,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const result = { date: now(), commit: gitCommit(), machine: machineInfo(), trainer, quality, cost, docs };
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
process.stderr.write(`wrote ${outFile}\n`);
