#!/usr/bin/env node
// McDewey speed benchmark (`pnpm bench` builds first, then runs this).
//
//   node bench/run.mjs [--index DIR] [--corpus DIR] [--only calibrate,full,scale] [--scale 10000,100000,1000000]
//                      [--passes N] [--heap MB] [--work DIR] [--keep] [--out FILE] [--no-markdown] [--core FILE]
//   node bench/run.mjs --render      rewrite BENCHMARKS.md from bench/results/*.json only
//
// Every measurement runs in a fresh child process (bench/lib/child.mjs) so that memory and "cold"
// figures are its own; peak RSS comes from /usr/bin/time when present, else from the child's
// process.resourceUsage(). The machine is noisy (2 cores, shared), so every figure is a median and
// comes with a baseline measured in the same run:
//   - calibration: a fixed CPU workload (seeded sort + Map + JSON), median of 5; figures are also
//     given as multiples of it ("x cal"), which compare across runs better than raw milliseconds;
//   - minisearch 7 with its defaults over the same chunks and queries (the library McDewey's
//     lexical leg replaced): query-time ratio.
// Sections: calibration, full corpus (../shared/corpus or --index), hooks for the semantic, hybrid,
// MCP and web figures (filled in by their owners), synthetic scale run (10k -> 100k -> 1M chunks,
// generated as described in bench/lib/synth.mjs). Results: bench/results/latest.json and BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, relative } from 'node:path';
import { ROOT, SHARED, errorLine, gitCommit, machineInfo, mean, median, now, parseArgs, quantile, round } from './lib/common.mjs';
import { renderMarkdown } from './lib/markdown.mjs';

const args = parseArgs(process.argv.slice(2), {
  index: 'string',
  corpus: 'string',
  only: 'list',
  scale: 'list',
  passes: 'string',
  heap: 'string',
  work: 'string',
  keep: 'boolean',
  out: 'string',
  'no-markdown': 'boolean',
  core: 'string',
  render: 'boolean',
});
if (args.render) {
  // Re-render BENCHMARKS.md from the results files without measuring anything.
  const file = resolve(args.out ?? join(ROOT, 'bench/results/latest.json'));
  const qualityFile = join(ROOT, 'bench/results/quality.json');
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), renderMarkdown(JSON.parse(readFileSync(file, 'utf8')), existsSync(qualityFile) ? JSON.parse(readFileSync(qualityFile, 'utf8')) : null));
  process.stderr.write(`wrote ${join(ROOT, 'BENCHMARKS.md')} from ${file}\n`);
  process.exit(0);
}
const CHILD = join(ROOT, 'bench/lib/child.mjs');
const QUERIES = join(ROOT, 'bench/queries/full-corpus.txt');
const CORE = resolve(args.core ?? process.env.MCDEWEY_CORE ?? join(ROOT, 'packages/core/dist/index.js'));
const sections = new Set(args.only ?? ['calibrate', 'full', 'scale']);
const passes = Number(args.passes ?? 5);
const work = resolve(args.work ?? join(tmpdir(), 'mcdewey-bench'));
const outFile = resolve(args.out ?? join(ROOT, 'bench/results/latest.json'));
const scaleSizes = (args.scale ?? ['10000', '100000', '1000000']).map(Number);
const retryHeapMB = Number(args.heap ?? 16_384);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

if (!existsSync(CORE)) {
  process.stderr.write(`${CORE} is missing; build first (pnpm bench does): pnpm --filter @mcdewey/core build\n`);
  process.exit(1);
}
mkdirSync(work, { recursive: true });

// With --only, sections not run this time are kept from the previous results file.
const previous = args.only && existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : null;
const results = {
  date: now(),
  commit: gitCommit(),
  machine: machineInfo(),
  method: {
    process: 'every figure from a fresh child process; medians; first query pass discarded as warm-up',
    peakRss: TIME ? '/usr/bin/time %M of the child' : "the child's process.resourceUsage().maxRSS",
    cold: 'process-cold (new process, nothing loaded); the OS page cache is warm (not dropped)',
    queries: `bench/queries/full-corpus.txt (${countQueries()} docs-style queries, 10 vendors), lexical mode, limit 10, unfiltered`,
  },
  calibration: null,
  fullCorpus: previous?.fullCorpus ?? null,
  hooks: previous?.hooks ?? {},
  scale: previous?.scale ?? null,
};

log(`McDewey bench ${results.date} on ${results.machine.cpu} x${results.machine.cores}, ${results.machine.ramGiB} GiB, Node ${results.machine.node}`);

// ---------------------------------------------------------------------------------------------
// Calibration

if (sections.has('calibrate') || sections.has('full') || sections.has('scale')) {
  const run = runChild('calibrate', []);
  results.calibration = run.ok ? { medianMs: round(run.result.medianMs, 1), runsMs: run.result.runsMs.map((v) => round(v, 1)) } : { error: run.error };
  log(`calibration: ${results.calibration.medianMs ?? '?'} ms (fixed CPU workload, median of 5)`);
}
const cal = results.calibration?.medianMs ?? null;
const inCal = (ms) => (cal ? round(ms / cal, 3) : null);

// ---------------------------------------------------------------------------------------------
// Full corpus

if (sections.has('full')) {
  results.fullCorpus = { measuredAt: now(), calibrationMs: cal, ...(await measureFullCorpus()) };
}

async function measureFullCorpus() {
  const corpus = resolve(args.corpus ?? join(SHARED, 'corpus'));
  let indexDir = args.index ? resolve(args.index) : null;
  const out = { corpus: args.index ? null : relative(ROOT, corpus), index: null, ingest: null };
  if (!indexDir) {
    if (!existsSync(corpus)) {
      log(`full corpus: skipped, ${corpus} does not exist (pass --corpus DIR, or --index DIR to reuse an index)`);
      return { skipped: `${corpus} does not exist` };
    }
    indexDir = join(work, 'full-index');
    rmSync(indexDir, { recursive: true, force: true });
    log(`full corpus: ingesting ${corpus} (lexical only) ...`);
    const run = runChild('ingest', [corpus, indexDir]);
    if (!run.ok) return { ingest: failure(run) };
    const r = run.result;
    out.ingest = {
      seconds: round(r.seconds, 1),
      wallSeconds: round(run.wallSeconds, 1),
      documents: r.documents,
      pages: r.pages,
      chunks: r.chunks,
      skipped: r.skipped,
      pagesPerSecond: round(r.pages / r.seconds, 1),
      chunksPerSecond: round(r.chunks / r.seconds, 1),
      peakRssMB: round(run.peakRssMB ?? r.maxRssMB, 0),
      cpuSeconds: round(r.cpuSeconds, 1),
      xCal: inCal(r.seconds * 1000),
    };
    log(`  ingest ${out.ingest.seconds} s, ${out.ingest.chunks} chunks, ${out.ingest.pagesPerSecond} pages/s, ${out.ingest.chunksPerSecond} chunks/s, peak RSS ${out.ingest.peakRssMB} MB`);
  } else {
    log(`full corpus: reusing index ${indexDir} (no ingest figures)`);
  }
  out.index = indexDir;
  out.indexSize = directorySize(indexDir);
  log(`  index size ${(out.indexSize.bytes / 2 ** 20).toFixed(1)} MB`);
  out.open = measureOpen(indexDir, 5);
  log(`  cold open ${out.open.openMs} ms + lexical load ${out.open.lexicalLoadMs} ms + first query ${out.open.firstQueryMs} ms (median of 5), RSS ${out.open.rssAfterMB} MB`);
  out.queries = measureQueries(indexDir);
  if (out.queries.search)
    log(`  query search() p50 ${out.queries.search.p50} ms p95 ${out.queries.search.p95} ms; lexical leg p50 ${out.queries.lexicalLeg.p50} ms p95 ${out.queries.lexicalLeg.p95} ms`);
  out.baseline = measureMiniSearch(indexDir);
  if (out.baseline.search && out.queries.search) {
    out.ratios = {
      searchP50VsMiniSearch: round(out.queries.search.p50 / out.baseline.search.p50, 3),
      searchP95VsMiniSearch: round(out.queries.search.p95 / out.baseline.search.p95, 3),
      lexicalLegP50VsMiniSearch: round(out.queries.lexicalLeg.p50 / out.baseline.search.p50, 3),
    };
    log(
      `  minisearch defaults: build ${out.baseline.buildMs} ms, p50 ${out.baseline.search.p50} ms p95 ${out.baseline.search.p95} ms -> McDewey search() p50 = ${out.ratios.searchP50VsMiniSearch} x minisearch`,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// HOOKS: figures other parts of McDewey add here. Each receives the full-corpus context and returns
// an object for latest.json (rendered as a table in BENCHMARKS.md), or null when not measured yet.

const HOOKS = {
  /** Semantic query latency p50/p95, embedding throughput at ingest (chunks/s), vector file size. */
  async semantic(_context) {
    return null;
  },
  /** Hybrid (RRF) query latency p50/p95 over the same queries. */
  async hybrid(_context) {
    return null;
  },
  /** MCP: tools/call search round trip over Streamable HTTP and stdio, p50/p95. */
  async mcp(_context) {
    return null;
  },
  /** Web app: search page and chunk page response times, p50/p95. */
  async web(_context) {
    return null;
  },
};

if (sections.has('full')) {
  for (const [name, hook] of Object.entries(HOOKS)) {
    results.hooks[name] = await hook({ index: results.fullCorpus?.index ?? null, queriesFile: QUERIES, runChild, calibrationMs: cal });
  }
}

// ---------------------------------------------------------------------------------------------
// Synthetic scale run

if (sections.has('scale')) {
  results.scale = { measuredAt: now(), calibrationMs: cal, ...(await measureScale()) };
}

async function measureScale() {
  const source = resolveScaleSource();
  if (!source) {
    log('scale: skipped, no source chunks.jsonl (needs the full-corpus index: run the full section or pass --index)');
    return { skipped: 'no source index for term statistics' };
  }
  const runs = [];
  for (const size of scaleSizes) {
    const corpusDir = join(work, `scale-corpus-${size}`);
    const indexDir = join(work, `scale-index-${size}`);
    log(`scale ${size}: generating synthetic corpus ...`);
    const synth = runChild('synth', [corpusDir, String(size), source, '1']);
    if (!synth.ok) {
      runs.push({ targetChunks: size, synth: failure(synth) });
      continue;
    }
    const entry = { targetChunks: size, corpus: { documents: synth.result.documents, megabytes: round(synth.result.bytes / 2 ** 20, 1), words: synth.result.words } };
    rmSync(indexDir, { recursive: true, force: true });
    log(`scale ${size}: ingest (default heap) ...`);
    let ingestRun = runChild('ingest', [corpusDir, indexDir]);
    entry.ingest = ingestSummary(ingestRun);
    if (!ingestRun.ok) {
      log(`  ingest failed: ${entry.ingest.error}; retrying with --max-old-space-size=${retryHeapMB}`);
      ingestRun = runChild('ingest', [corpusDir, indexDir], { heapMB: retryHeapMB });
      entry.ingestLargeHeap = { heapMB: retryHeapMB, ...ingestSummary(ingestRun) };
    }
    if (!args.keep) rmSync(corpusDir, { recursive: true, force: true });
    if (ingestRun.ok) {
      entry.indexSize = directorySize(indexDir);
      entry.open = measureOpen(indexDir, size >= 1_000_000 ? 3 : 5);
      if (entry.open.error) {
        log(`  open failed: ${entry.open.error}; retrying with --max-old-space-size=${retryHeapMB}`);
        entry.openLargeHeap = { heapMB: retryHeapMB, ...measureOpen(indexDir, 3, retryHeapMB) };
      }
      const heap = entry.open.error ? retryHeapMB : undefined;
      if (!entry.open.error || !entry.openLargeHeap?.error) entry.queries = measureQueries(indexDir, heap, 3);
      log(`  ${describeScale(entry)}`);
    }
    if (!args.keep) rmSync(indexDir, { recursive: true, force: true });
    runs.push(entry);
  }
  return { generator: 'bench/lib/synth.mjs (Zipf from the real corpus term frequencies; see BENCHMARKS.md)', source, heapLimitMB: results.machine.heapLimitMB, runs };
}

function resolveScaleSource() {
  const candidates = [results.fullCorpus?.index, args.index && resolve(args.index), join(work, 'full-index')].filter(Boolean);
  return candidates.map((dir) => join(dir, 'chunks.jsonl')).find((file) => existsSync(file)) ?? null;
}

function ingestSummary(run) {
  if (!run.ok) return failure(run);
  const r = run.result;
  return {
    seconds: round(r.seconds, 1),
    chunks: r.chunks,
    documents: r.documents,
    chunksPerSecond: round(r.chunks / r.seconds, 0),
    peakRssMB: round(run.peakRssMB ?? r.maxRssMB, 0),
    phases: run.phases,
  };
}

function describeScale(entry) {
  const parts = [`${entry.ingest.chunks ?? entry.ingestLargeHeap?.chunks} chunks`];
  const ingest = entry.ingest.error ? entry.ingestLargeHeap : entry.ingest;
  if (ingest && !ingest.error) parts.push(`ingest ${ingest.seconds} s (${ingest.peakRssMB} MB peak)`);
  if (entry.indexSize) parts.push(`index ${(entry.indexSize.bytes / 2 ** 20).toFixed(0)} MB`);
  const open = entry.open.error ? entry.openLargeHeap : entry.open;
  if (open && !open.error) parts.push(`open ${open.openMs} ms + lexical ${open.lexicalLoadMs} ms, RSS ${open.rssAfterMB} MB`);
  else parts.push(`open failed: ${(open ?? entry.open).error}`);
  if (entry.queries?.search) parts.push(`query p50 ${entry.queries.search.p50} ms p95 ${entry.queries.search.p95} ms`);
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Shared measurements

function measureOpen(indexDir, runs, heapMB) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const run = runChild('open', [indexDir], { heapMB });
    if (!run.ok) return failure(run);
    samples.push(run.result);
  }
  const pick = (key) => round(median(samples.map((s) => s[key])), 1);
  return {
    runs,
    openMs: pick('openMs'),
    lexicalLoadMs: pick('lexicalLoadMs'),
    firstQueryMs: pick('firstQueryMs'),
    rssAfterMB: pick('rssAfterMB'),
    heapAfterMB: pick('heapAfterMB'),
    openXCal: inCal(median(samples.map((s) => s.openMs + s.lexicalLoadMs))),
  };
}

function measureQueries(indexDir, heapMB, passCount = passes) {
  const run = runChild('queries', [indexDir, QUERIES, String(passCount)], { heapMB });
  if (!run.ok) return failure(run);
  const r = run.result;
  return {
    queries: r.queries,
    samples: r.searchMs.length,
    emptyResults: r.emptyResults,
    search: latency(r.searchMs),
    lexicalLeg: latency(r.lexicalLegMs),
    ...(r.filteredMs?.length ? { filtered: { vendor: r.filterVendor, rowShare: round(r.filteredShare, 3), ...latency(r.filteredMs) } } : {}),
    rssMB: round(run.peakRssMB ?? r.maxRssMB, 0),
  };
}

function measureMiniSearch(indexDir) {
  const run = runChild('minisearch', [indexDir, QUERIES, String(passes)]);
  if (!run.ok) return failure(run);
  const r = run.result;
  return {
    engine: 'minisearch 7 defaults (fields title, headings, text; OR; BM25+ with its quality factor)',
    buildMs: round(r.buildMs, 0),
    search: latency(r.searchMs),
    peakRssMB: round(run.peakRssMB ?? r.maxRssMB, 0),
  };
}

function latency(samples) {
  return { p50: round(quantile(samples, 0.5), 2), p95: round(quantile(samples, 0.95), 2), mean: round(mean(samples), 2), p50XCal: inCal(quantile(samples, 0.5)) };
}

function directorySize(dir) {
  const files = {};
  let bytes = 0;
  for (const name of readdirSync(dir)) {
    const size = statSync(join(dir, name)).size;
    files[name] = size;
    bytes += size;
  }
  return { bytes, megabytes: round(bytes / 2 ** 20, 1), files };
}

function failure(run) {
  return {
    error: run.error,
    exitCode: run.exitCode,
    signal: run.signal,
    wallSeconds: round(run.wallSeconds, 1),
    peakRssMB: run.peakRssMB === null ? null : round(run.peakRssMB, 0),
    phases: run.phases,
    stderrTail: run.stderrTail,
  };
}

/**
 * Runs `child.mjs <task> ...` (under /usr/bin/time when present) and parses its JSON line.
 * `phases` are the child's progress lines (name, seconds, heap MB): where a failed run was.
 */
function runChild(task, taskArgs, { heapMB } = {}) {
  const nodeArgs = [...(heapMB ? [`--max-old-space-size=${heapMB}`] : []), CHILD, task, ...taskArgs];
  const [command, commandArgs] = TIME ? [TIME, ['-f', 'TIME %M %e %x', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const started = performance.now();
  const child = spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, MCDEWEY_CORE: CORE } });
  const wallSeconds = (performance.now() - started) / 1000;
  const stderr = child.stderr ?? '';
  const timeLine = /^TIME (\d+) ([\d.]+) (-?\d+)$/m.exec(stderr);
  const phases = [...stderr.matchAll(/^phase (.+) ([\d.]+) (\d+)$/gm)].map((m) => ({ phase: m[1], seconds: Number(m[2]), heapMB: Number(m[3]) }));
  const signalLine = /Command terminated by signal (\d+)/.exec(stderr);
  const lastJson = (child.stdout ?? '').trim().split('\n').pop();
  let result;
  try {
    result = lastJson ? JSON.parse(lastJson) : null;
  } catch {
    result = null;
  }
  const exitCode = child.status ?? (timeLine ? Number(timeLine[3]) : null);
  const ok = exitCode === 0 && result !== null;
  const stderrLines = stderr.split('\n').filter((line) => line && !line.startsWith('phase ') && !line.startsWith('TIME '));
  const stderrTail = stderrLines.slice(-8);
  const error = ok ? null : signalLine ? `killed by signal ${signalLine[1]}: ${errorLine(stderrLines)}` : errorLine(stderrLines);
  return { ok, result, wallSeconds, peakRssMB: timeLine ? Number(timeLine[1]) / 1024 : null, exitCode, signal: signalLine ? Number(signalLine[1]) : child.signal, phases, stderrTail, error };
}

function countQueries() {
  return readFileSync(QUERIES, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#')).length;
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Output

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${outFile}`);
if (!args['no-markdown']) {
  const qualityFile = join(ROOT, 'bench/results/quality.json');
  const quality = existsSync(qualityFile) ? JSON.parse(readFileSync(qualityFile, 'utf8')) : null;
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), renderMarkdown(results, quality));
  log(`wrote ${join(ROOT, 'BENCHMARKS.md')}`);
}
