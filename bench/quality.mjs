#!/usr/bin/env node
// Ranking quality against a reference engine, on Cranfield and CISI (../shared/bench).
//
//   node bench/quality.mjs [--collections cranfield,cisi] [--skip-xapian] [--core FILE] [--out FILE]
//
// Every engine ranks the same parsed documents and queries; every run is scored by core's metric
// code (trec_eval conventions: relevant = grade >= 1, unjudged = not relevant, judged queries missing
// from a run score 0). Engines:
//   xapian        Xapian BM25 (k1 = 1, b = 0.5) + English Snowball stemmer (bench/xapian/run_xapian.py)
//   xapian+stop   the same with 108 English stop words
//   minisearch    minisearch 7 with its defaults, one `text` field: the do-nothing baseline
//   mcdewey       McDewey's lexical mode through its real ingest and search (evaluateCollection)
// Documents as each engine sees them: Xapian and minisearch index the text with the title once
// (Cranfield's .W already repeats its title: run_xapian.py --title-once); McDewey writes each
// document as a plain-text file whose first line is the title (the title is indexed in the text
// and, boosted, as the title field).
//
// Cranfield grades are read both ways (gain = grade, the ir_datasets reading used by
// shared/bench/PEERS.md; and gain = 5 - grade, Cleverdon's). CISI is binary (gain 1).
// Writes bench/results/quality.json (or --out).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, SHARED, fail, gitCommit, loadCore, loadMiniSearch, machineInfo, mean, now, parseArgs, quantile, round } from './lib/common.mjs';

const args = parseArgs(process.argv.slice(2), { collections: 'list', 'skip-xapian': 'boolean', core: 'string', out: 'string', 'bench-dir': 'string' });
const benchDir = args['bench-dir'] ?? join(SHARED, 'bench');
const collections = args.collections ?? ['cranfield', 'cisi'];
const outFile = args.out ?? join(ROOT, 'bench/results/quality.json');
const core = await loadCore(args.core, ['readCollection', 'evaluateCollection', 'evaluateRun', 'formatEvalTable']);
const MiniSearch = await loadMiniSearch();

const XAPIAN_SCRIPT = join(ROOT, 'bench/xapian/run_xapian.py');
/** Xapian's figures as published in ../shared/bench/PEERS.md (gain = grade), printed beside ours. */
const PEERS = {
  cranfield: { xapian: { ndcg10: 0.311, map100: 0.274 }, 'xapian+stop': { ndcg10: 0.326, map100: 0.287 } },
  cisi: { xapian: { ndcg10: 0.304, map100: 0.122 }, 'xapian+stop': { ndcg10: 0.354, map100: 0.141 } },
};
const PYTHON = '/usr/bin/python3';

/** The grade readings scored for a collection: name → qrels options. */
function gradeReadings(name) {
  return name === 'cranfield'
    ? [
        { key: 'gain=grade', label: 'gain = grade (ir_datasets: 4 = complete answer; PEERS.md)', options: { cranfieldGain: 'grade' } },
        { key: 'gain=5-grade', label: 'gain = 5 - grade (Cleverdon: 1 = complete answer)', options: { cranfieldGain: 'five-minus-grade' } },
      ]
    : [{ key: 'binary', label: 'binary judgments (gain 1)', options: {} }];
}

/** The text Xapian and minisearch index: the title once. */
function titleOnce(document) {
  let text = document.text;
  while (document.title && text.startsWith(document.title)) text = text.slice(document.title.length).trim();
  return document.title ? `${document.title}\n${text}` : text;
}

function runXapian(collection, work, stopwords) {
  const file = join(work, `${collection.name}.json`);
  writeFileSync(file, JSON.stringify({ documents: collection.documents, queries: collection.queries }));
  const flags = [...(stopwords ? ['--stopwords'] : []), ...(collection.name === 'cranfield' ? ['--title-once'] : []), '--repeat', '3'];
  const result = spawnSync(PYTHON, [XAPIAN_SCRIPT, file, ...flags], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  if (result.status !== 0) fail(`run_xapian.py failed (${result.status}): ${result.stderr || result.error?.message}`);
  const timing = /mean ([\d.]+) ms, p95 ([\d.]+) ms/.exec(result.stderr);
  const version = /^xapian (\S+):/m.exec(result.stderr)?.[1] ?? '?';
  return {
    run: new Map(Object.entries(JSON.parse(result.stdout))),
    latencyMs: timing ? { mean: Number(timing[1]), p95: Number(timing[2]) } : null,
    version,
    flags,
  };
}

function runMiniSearch(collection) {
  const engine = new MiniSearch({ fields: ['text'] });
  engine.addAll(collection.documents.map((document) => ({ id: document.id, text: titleOnce(document) })));
  const run = new Map();
  const timings = [];
  for (let repeat = 0; repeat < 3; repeat++) {
    for (const query of collection.queries) {
      const started = performance.now();
      const ranked = engine
        .search(query.text)
        .slice(0, 100)
        .map((result) => String(result.id));
      timings.push(performance.now() - started);
      run.set(query.id, ranked);
    }
  }
  return { run, latencyMs: { mean: mean(timings), p95: quantile(timings, 0.95) } };
}

async function runMcdewey(collection) {
  const evaluation = await core.evaluateCollection(collection, { modes: ['lexical'] });
  const lexical = evaluation.modes[0];
  if (!lexical?.available) fail(`McDewey lexical mode unavailable: ${lexical?.notice}`);
  const lengths = [...lexical.run.values()].map((ranked) => ranked.length);
  return {
    run: lexical.run,
    latencyMs: { mean: lexical.latencyMs.mean, p95: lexical.latencyMs.p95 },
    chunks: evaluation.chunks,
    longQueries: evaluation.longQueries,
    settings: evaluation.lexical,
    meanRankedDocuments: mean(lengths),
    ingestSeconds: evaluation.ingestSeconds,
  };
}

const work = mkdtempSync(join(tmpdir(), 'mcdewey-quality-'));
const report = {
  date: now(),
  commit: gitCommit(),
  machine: machineInfo(),
  metricNote: 'relevant = grade >= 1; nDCG gain as named per reading; MAP cut at 100; runs scored to depth 100',
  collections: {},
};
try {
  for (const name of collections) {
    const readings = gradeReadings(name);
    const read = await Promise.all(readings.map((reading) => core.readCollection(join(benchDir, name), name, reading.options)));
    const collection = read[0];
    process.stderr.write(`${name}: ${collection.documents.length} documents, ${collection.queries.length} queries\n`);

    const engines = [];
    if (!args['skip-xapian']) {
      for (const stopwords of [false, true]) {
        process.stderr.write(`  xapian${stopwords ? ' + stop words' : ''} ...\n`);
        const x = runXapian(collection, work, stopwords);
        engines.push({ key: stopwords ? 'xapian+stop' : 'xapian', label: `Xapian ${x.version} BM25 + stemmer${stopwords ? ' + stop words' : ''}`, ...x });
      }
    }
    process.stderr.write('  minisearch defaults ...\n');
    engines.push({ key: 'minisearch', label: 'minisearch 7 defaults', ...runMiniSearch(collection) });
    process.stderr.write('  mcdewey lexical ...\n');
    engines.push({ key: 'mcdewey', label: 'McDewey lexical', ...(await runMcdewey(collection)) });

    const entry = { documents: collection.documents.length, queries: {}, readings: {}, engines: {} };
    for (const [i, reading] of readings.entries()) {
      const qrels = read[i].qrels;
      const rows = engines.map((engine) => {
        const result = core.evaluateRun(engine.run, qrels);
        return { label: engine.label, key: engine.key, mean: result.mean, queryCount: result.queryCount };
      });
      entry.readings[reading.key] = { label: reading.label, gradeNote: read[i].gradeNote };
      for (const row of rows) {
        entry.engines[row.key] ??= { label: row.label };
        entry.engines[row.key][reading.key] = Object.fromEntries(Object.entries(row.mean).map(([k, v]) => [k, round(v, 4)]));
        entry.queries[reading.key] = row.queryCount;
      }
      process.stdout.write(`\n${name} — ${reading.label}\n${core.formatEvalTable(rows)}\n`);
    }
    process.stdout.write(`\n${name} — warm query latency, mean / p95 ms (Xapian and minisearch: engine call, 3 passes; McDewey: search() with snippets, 200 chunks)\n`);
    for (const engine of engines) {
      const { key, label, latencyMs, run, ...rest } = engine;
      Object.assign(entry.engines[key], { latencyMs: latencyMs && { mean: round(latencyMs.mean, 2), p95: round(latencyMs.p95, 2) } });
      for (const [k, v] of Object.entries(rest)) entry.engines[key][k] = typeof v === 'number' ? round(v, 2) : v;
      process.stdout.write(`  ${label.padEnd(40)} ${latencyMs ? `${latencyMs.mean.toFixed(1)} / ${latencyMs.p95.toFixed(1)}` : 'n/a'}\n`);
    }
    entry.peers = PEERS[name] ?? null;
    if (entry.peers) {
      process.stdout.write(
        `\n${name} — PEERS.md published Xapian (gain = grade): ${Object.entries(entry.peers)
          .map(([k, v]) => `${k} ${v.ndcg10} / ${v.map100}`)
          .join('; ')}\n`,
      );
    }
    entry.target = targetCheck(entry, readings[0].key);
    process.stdout.write(`\n${name} target (McDewey >= Xapian, ${readings[0].key}): ${entry.target.summary}\n`);
    report.collections[name] = entry;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
process.stderr.write(`\nwrote ${outFile}\n`);

/** McDewey against each Xapian row on nDCG@10 and MAP@100 under the PEERS reading. */
function targetCheck(entry, reading) {
  const ours = entry.engines.mcdewey?.[reading];
  const checks = [];
  for (const key of ['xapian', 'xapian+stop']) {
    const theirs = entry.engines[key]?.[reading];
    if (!ours || !theirs) continue;
    for (const metric of ['ndcg10', 'map100']) {
      checks.push({ against: key, metric, mcdewey: ours[metric], xapian: theirs[metric], pass: ours[metric] >= theirs[metric] });
    }
  }
  for (const [key, theirs] of Object.entries(entry.peers ?? {})) {
    if (!ours) continue;
    for (const metric of ['ndcg10', 'map100']) {
      checks.push({ against: `${key} (PEERS.md)`, metric, mcdewey: ours[metric], xapian: theirs[metric], pass: ours[metric] >= theirs[metric] });
    }
  }
  const failed = checks.filter((check) => !check.pass);
  const summary = checks.length === 0 ? 'not checked (no Xapian run)' : failed.length === 0 ? 'met' : `NOT met: ${failed.map((f) => `${f.metric} ${f.mcdewey} < ${f.against} ${f.xapian}`).join('; ')}`;
  return { reading, checks, met: checks.length > 0 && failed.length === 0, summary };
}
