// Vectors at scale (issue #19 item 4): a lexical-only synthetic scale index (bench/lib/synth.mjs,
// ingested as `pnpm bench --only scale` does) gets synthetic clustered vectors of 256 and 384
// dimensions (bench/lib/synth-vectors.mjs) and their HNSW graph; then, in fresh processes, the
// baseline core and this core each open it and run the vector leg and hybrid search().
//
//   node bench/vectors.mjs --lexical DIR [--dims 256,384] [--M 16] [--efc 100] [--queries 200]
//                          [--shape anisotropic|islands] [--rounds 3] [--passes 3] [--work DIR] [--baseline-core FILE] [--skip-build]
//                          [--out bench/results/vectors-1m] [--append]
//   node bench/vectors.mjs --render [--out ...]   rewrites <out>.md from <out>.json
//
// --lexical: a lexical-only index (e.g. `node bench/lib/child.mjs synth ...` then `... ingest ...`).
// --baseline-core: another build of core's dist/index.js (e.g. main's) measured in the same run,
//   interleaved with this one, so figures come as ratios on the same machine load.
// Writes <out>.json and <out>.md (with --append, keeping the runs already in <out>.json, e.g. another
// size or dimension measured separately; a run of the same rows and dims is replaced).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ROOT, errorLine, fail, gitCommit, machineInfo, median, now, parseArgs, quantile } from './lib/common.mjs';

const args = parseArgs(process.argv.slice(2), {
  lexical: 'string',
  dims: 'list',
  M: 'string',
  efc: 'string',
  queries: 'string',
  rounds: 'string',
  passes: 'string',
  work: 'string',
  'baseline-core': 'string',
  'skip-build': 'boolean',
  append: 'boolean',
  shape: 'string',
  render: 'boolean',
  out: 'string',
});
if (args.render) {
  const file = resolve(args.out ?? join(ROOT, 'bench/results/vectors-1m'));
  writeFileSync(`${file}.md`, markdown(JSON.parse(readFileSync(`${file}.json`, 'utf8'))));
  process.exit(0);
}
if (!args.lexical) fail('--lexical DIR is required: a lexical-only index to add vectors to');
const lexical = resolve(args.lexical);
const dimsList = (args.dims ?? ['256', '384']).map(Number);
const M = Number(args.M ?? 16);
const efConstruction = Number(args.efc ?? 100);
const queryCount = Number(args.queries ?? 200);
const shape = args.shape ?? 'anisotropic';
const rounds = Number(args.rounds ?? 3);
const passes = Number(args.passes ?? 3);
const work = resolve(args.work ?? join(tmpdir(), 'mcdewey-bench-vectors'));
const out = resolve(args.out ?? join(ROOT, 'bench/results/vectors-1m'));
const QUERIES = join(ROOT, 'bench/queries/full-corpus.txt');
const CHILD = join(ROOT, 'bench/lib/vector-child.mjs');
const cores = [...(args['baseline-core'] ? [{ name: 'baseline', file: resolve(args['baseline-core']) }] : []), { name: 'this', file: join(ROOT, 'packages/core/dist/index.js') }];
const log = (message) => process.stderr.write(`${message}\n`);

function runChild(childArgs, env = {}) {
  const run = spawnSync(process.execPath, ['--expose-gc', CHILD, ...childArgs], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  process.stderr.write(run.stderr.split('\n').slice(-4).join('\n'));
  if (run.status !== 0) return { error: errorLine(run.stderr.split('\n')) };
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

const round1 = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const latency = (values) => ({ p50: round1(median(values)), p95: round1(quantile(values, 0.95)) });

/** The fixed CPU workload of bench/run.mjs (median ms): how loaded the machine is while this runs. */
function calibrate() {
  const run = spawnSync(process.execPath, [join(ROOT, 'bench/lib/child.mjs'), 'calibrate'], { encoding: 'utf8' });
  return run.status === 0 ? round1(JSON.parse(run.stdout.trim()).medianMs, 0) : null;
}

const previous = args.append && existsSync(`${out}.json`) ? JSON.parse(readFileSync(`${out}.json`, 'utf8')) : null;
// Paths relative to the repository: results are committed.
const results = { measuredAt: now(), commit: gitCommit(), machine: machineInfo(), cores: cores.map(({ name, file }) => ({ name, file: relative(ROOT, file) })), runs: previous?.runs ?? [] };
const calibrationBefore = calibrate();
for (const dims of dimsList) {
  const dir = join(work, `vectors-${dims}`);
  let build = existsSync(join(dir, 'build.json')) ? JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')) : null;
  if (!(args['skip-build'] && existsSync(join(dir, 'queries.json')))) {
    log(`vectors ${dims}: building (M ${M}, efConstruction ${efConstruction}) ...`);
    build = runChild(['build', lexical, dir, String(dims), String(M), String(efConstruction), String(queryCount), shape]);
    if (build.error) fail(`build failed: ${build.error}`);
  }
  const samples = Object.fromEntries(cores.map((core) => [core.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const core of cores) {
      log(`vectors ${dims}: measure ${core.name}, round ${round + 1}/${rounds} ...`);
      const measured = runChild(['measure', dir, QUERIES, String(passes)], { MCDEWEY_CORE: core.file });
      if (measured.error) fail(`measure (${core.name}) failed: ${measured.error}`);
      samples[core.name].push(measured);
    }
  }
  const summary = Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [
      name,
      {
        openMs: round1(median(list.map((s) => s.openMs + s.lexicalLoadMs + s.vectorLoadMs)), 0),
        vectorLoadMs: round1(median(list.map((s) => s.vectorLoadMs)), 0),
        openCpuMs: round1(median(list.map((s) => s.openCpuMs)), 0),
        rssAfterOpenMB: round1(median(list.map((s) => s.rssAfterOpenMB)), 0),
        recallAt10: round1(median(list.map((s) => s.recallAt10)), 3),
        vectorLeg: latency(list.flatMap((s) => s.legMs)),
        hybrid: latency(list.flatMap((s) => s.hybridMs)),
        hybridCpuMs: round1(median(list.map((s) => s.hybridCpuMsPerQuery))),
        hybridFiltered: latency(list.flatMap((s) => s.filteredMs)),
        recallByEf: Object.fromEntries(
          Object.keys(list[0].recallByEf).map((ef) => [ef, { recall: round1(median(list.map((s) => s.recallByEf[ef].recall)), 3), p50: round1(median(list.flatMap((s) => s.recallByEf[ef].ms))) }]),
        ),
      },
    ]),
  );
  const rows = samples.this[0].rows;
  results.runs = results.runs.filter((run) => !(run.rows === rows && run.dims === dims && (run.context.shape ?? 'islands') === (build?.shape ?? shape)));
  const context = {
    measuredAt: now(),
    commit: results.commit,
    loadAverage: machineInfo().loadAverage,
    calibrationMs: { before: calibrationBefore },
    shape: build?.shape ?? shape,
    M,
    efConstruction: build?.efConstruction ?? efConstruction,
    queryCount,
    rounds,
    passes,
  };
  const { out: _where, ...buildFigures } = build ?? {};
  results.runs.push({ dims, rows, context, build: build ? buildFigures : null, summary });
  log(`vectors ${dims}: ${JSON.stringify(summary)}`);
  writeFileSync(`${out}.json`, `${JSON.stringify(results, null, 2)}\n`);
}
const calibrationAfter = calibrate();
for (const run of results.runs) if (run.context.calibrationMs.before === calibrationBefore) run.context.calibrationMs.after ??= calibrationAfter;
results.runs.sort((a, b) => a.rows - b.rows || a.dims - b.dims || String(a.context.shape).localeCompare(String(b.context.shape)));
writeFileSync(`${out}.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(`${out}.md`, markdown(results));
log(`wrote ${out}.md and ${out}.json`);

function markdown(r) {
  const ratio = (a, b) => (a > 0 && b > 0 ? (a / b).toFixed(2) : '–');
  const lines = [
    '## Vectors at a million chunks (HNSW, 256 and 384 dimensions)',
    '',
    `Generated by \`node bench/vectors.mjs\` on ${r.machine.cpu}, ${r.machine.cores} cores. A lexical-only synthetic scale index (\`bench/lib/synth.mjs\`, as the scale section below) gets seeded synthetic vectors, clustered like text embeddings (\`bench/lib/synth-vectors.mjs\`: 256 topics, a document is an offset from its topic, a chunk its document's centre plus variation in a 16-direction basis of its topic plus a little noise), and their HNSW graph, written as ingest writes them. Then fresh processes of this core ("this") and of a baseline build ("baseline", main's \`dist/\` before the change) open the same index, interleaved, and run the vector leg as \`search()\` runs it (50 candidates, the default ef) and hybrid \`search()\` (limit 10) for the 62 queries of \`bench/queries/full-corpus.txt\`, each embedded to one of the query vectors. Recall@10: the leg's first 10 against exact search (hnswlib's brute-force index). Latencies pooled over rounds (first pass not counted), other figures medians of rounds; open is \`openIndex\` + lexical load + vector load, wall time and (in parentheses) CPU time, which a busy machine inflates less.`,
    '',
    '| rows | dims | vectors | core | open ms, wall (CPU) | RSS after open MB | vector leg p50 / p95 ms | hybrid p50 / p95 ms (CPU ms a query) | hybrid, one vendor (10 %), p50 ms | recall@10 |',
    '| ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const run of r.runs) {
    for (const [name, s] of Object.entries(run.summary)) {
      lines.push(
        `| ${run.rows} | ${run.dims} | ${run.context.shape ?? 'islands'} | ${name} | ${s.openMs} (${s.openCpuMs ?? '–'}) | ${s.rssAfterOpenMB} | ${s.vectorLeg.p50} / ${s.vectorLeg.p95} | ${s.hybrid.p50} / ${s.hybrid.p95} (${s.hybridCpuMs ?? '–'}) | ${s.hybridFiltered.p50} | ${s.recallAt10} |`,
      );
    }
    const base = run.summary.baseline;
    const mine = run.summary.this;
    if (base) {
      lines.push(
        `| ${run.rows} | ${run.dims} | ${run.context.shape ?? 'islands'} | this ÷ baseline | ${ratio(mine.openMs, base.openMs)} (${ratio(mine.openCpuMs, base.openCpuMs)}) | ${ratio(mine.rssAfterOpenMB, base.rssAfterOpenMB)} | ${ratio(mine.vectorLeg.p50, base.vectorLeg.p50)} | ${ratio(mine.hybrid.p50, base.hybrid.p50)} (${ratio(mine.hybridCpuMs, base.hybridCpuMs)}) | ${ratio(mine.hybridFiltered.p50, base.hybridFiltered.p50)} | |`,
      );
    }
  }
  lines.push(
    '',
    'Build and conditions of each run (build: one `addPoint` per row from JavaScript, as core builds; the calibration workload of `bench/run.mjs` took 298 ms on the quiet machine of the scale section, so its ratio says how loaded the machine was):',
    '',
    '| rows | dims | vectors | M / efConstruction | HNSW build, wall (CPU) | rows/s | vectors.f32 MB | vectors.hnsw MB | recall@10 by ef (this core; p50 ms) | measured | load average | calibration ms before / after | rounds |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: |',
  );
  for (const run of r.runs) {
    const b = run.build;
    const c = run.context;
    const byEf = Object.entries(run.summary.this.recallByEf)
      .map(([ef, v]) => `ef ${ef}: ${v.recall} (${v.p50})`)
      .join('; ');
    const build = b
      ? `${(b.buildMs / 1000).toFixed(0)} s${b.buildCpuMs ? ` (${(b.buildCpuMs / 1000).toFixed(0)} s)` : ''} | ${b.rowsPerSecond.toFixed(0)} | ${(b.bytes.f32 / 2 ** 20).toFixed(0)} | ${(b.bytes.hnsw / 2 ** 20).toFixed(0)}`
      : '– | – | – | –';
    lines.push(
      `| ${run.rows} | ${run.dims} | ${c.shape ?? 'islands'} | ${c.M} / ${c.efConstruction} | ${build} | ${byEf} | ${c.measuredAt} | ${c.loadAverage?.join(' / ') ?? '–'} | ${c.calibrationMs.before ?? '–'} / ${c.calibrationMs.after ?? '–'} | ${c.rounds} |`,
    );
  }
  lines.push(
    '',
    'What the figures say. Each run compares "this" with the baseline of its own day (the "measured" column). The islands runs (2026-12-03, 18:30-19:10 UTC) measured vectors read from `vectors.f32` on demand instead of copied: hnswlib\'s graph holds its own copy of every vector (most of `vectors.hnsw` and of the RSS that remains), so RSS after open drops by the size of `vectors.f32` and open CPU by the time to read and checksum it, with the same answers. The anisotropic runs (21:14-21:16 UTC, on a newly generated index of 999,996 rows whose queries match more rows than the earlier one\'s, hence the higher baseline) measured counting a query\'s results a document at a time past its first 10,000 matching rows and ruling out spelling candidates by their letters: the baseline spent most of a hybrid search counting results. The vector leg is under a millisecond at a million rows; what remains of hybrid time is mostly the BM25 leg (about 5 ms here: the synthetic text spreads common words evenly, so MaxScore prunes little), then marking and counting the matching rows for the total, fusion and result building. Vectors "islands" (topic centroids mutually orthogonal) starve the graph search of any direction to the right topic: at a million rows whole queries end in the wrong topic, and recall@10 falls to 0.87-0.90 at efConstruction 100 whatever ef; the default "anisotropic" vectors (a common direction and supertopics, as real embedders have) are the realistic test.',
  );
  // A generated "million" index comes out a few rows short of it (999,996).
  const targets = r.runs.filter((run) => run.rows >= 990_000);
  if (targets.length > 0) {
    const verdict = (ok) => (ok ? 'met' : 'not met');
    lines.push(
      '',
      "Issue 19's targets at a million chunks, for this core, as measured (wall time includes waiting for a core on this shared machine; see the calibration column above):",
      '',
      '| rows | dims | vectors | open ≤ 5 s: wall / CPU | RSS after open ≤ 2.5 GB | hybrid p50 ≤ 10 ms (CPU ms a query) | recall@10 ≥ 0.95 |',
      '| ---: | ---: | --- | --- | --- | --- | --- |',
    );
    for (const run of targets) {
      const s = run.summary.this;
      lines.push(
        `| ${run.rows} | ${run.dims} | ${run.context.shape ?? 'islands'} | ${(s.openMs / 1000).toFixed(1)} s / ${(s.openCpuMs / 1000).toFixed(1)} s: ${verdict(s.openMs <= 5000)} | ${(s.rssAfterOpenMB / 1024).toFixed(2)} GB: ${verdict(s.rssAfterOpenMB <= 2560)} | ${s.hybrid.p50} ms (${s.hybridCpuMs ?? '–'}): ${verdict(s.hybrid.p50 <= 10)} | ${s.recallAt10}: ${verdict(s.recallAt10 >= 0.95)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
