// Vectors at scale (issue #19 item 4): a lexical-only synthetic scale index (bench/lib/synth.mjs,
// ingested as `pnpm bench --only scale` does) gets synthetic clustered vectors of 256 and 384
// dimensions (bench/lib/synth-vectors.mjs) and their HNSW graph; then, in fresh processes, the
// baseline core and this core each open it and run the vector leg and hybrid search().
//
//   node bench/vectors.mjs --lexical DIR [--dims 256,384] [--M 16] [--efc 100] [--queries 200]
//                          [--rounds 3] [--passes 3] [--work DIR] [--baseline-core FILE] [--skip-build]
//                          [--out bench/results/vectors-1m]
//
// --lexical: a lexical-only index (e.g. `node bench/lib/child.mjs synth ...` then `... ingest ...`).
// --baseline-core: another build of core's dist/index.js (e.g. main's) measured in the same run,
//   interleaved with this one, so figures come as ratios on the same machine load.
// Writes <out>.json and <out>.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
  out: 'string',
});
if (!args.lexical) fail('--lexical DIR is required: a lexical-only index to add vectors to');
const lexical = resolve(args.lexical);
const dimsList = (args.dims ?? ['256', '384']).map(Number);
const M = Number(args.M ?? 16);
const efConstruction = Number(args.efc ?? 100);
const queryCount = Number(args.queries ?? 200);
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

const results = { measuredAt: now(), commit: gitCommit(), machine: machineInfo(), calibrationMs: { before: calibrate() }, lexical, M, efConstruction, queryCount, rounds, passes, cores, runs: [] };
for (const dims of dimsList) {
  const dir = join(work, `vectors-${dims}`);
  let build = existsSync(join(dir, 'build.json')) ? JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')) : null;
  if (!(args['skip-build'] && existsSync(join(dir, 'queries.json')))) {
    log(`vectors ${dims}: building (M ${M}, efConstruction ${efConstruction}) ...`);
    build = runChild(['build', lexical, dir, String(dims), String(M), String(efConstruction), String(queryCount)]);
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
        hybridFiltered: latency(list.flatMap((s) => s.filteredMs)),
        recallByEf: Object.fromEntries(
          Object.keys(list[0].recallByEf).map((ef) => [ef, { recall: round1(median(list.map((s) => s.recallByEf[ef].recall)), 3), p50: round1(median(list.flatMap((s) => s.recallByEf[ef].ms))) }]),
        ),
      },
    ]),
  );
  results.runs.push({ dims, rows: samples.this[0].rows, build, summary });
  log(`vectors ${dims}: ${JSON.stringify(summary)}`);
  writeFileSync(`${out}.json`, `${JSON.stringify(results, null, 2)}\n`);
}
results.calibrationMs.after = calibrate();
writeFileSync(`${out}.json`, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(`${out}.md`, markdown(results));
log(`wrote ${out}.md and ${out}.json`);

function markdown(r) {
  const lines = [
    `# Vectors at scale`,
    '',
    `Measured ${r.measuredAt} (commit ${r.commit}) on ${r.machine.cpu}, ${r.machine.cores} cores, load average ${r.machine.loadAverage?.join(' / ')} at the start; the calibration workload of \`bench/run.mjs\` took ${r.calibrationMs.before} ms before and ${r.calibrationMs.after} ms after (298 ms on the quiet machine of the scale figures in BENCHMARKS.md). Generated by \`bench/vectors.mjs\`.`,
    `HNSW M ${r.M}, efConstruction ${r.efConstruction}; ${r.queryCount} query vectors (recall@10 of the vector leg's first 10 against exact search), ${r.rounds} rounds of fresh processes, interleaved; latencies pooled over rounds (${r.passes - 1} counted passes each), other figures medians of rounds.`,
    '',
    '| dims | rows | core | open (index + lexical + vectors) ms, wall (CPU) | RSS after open MB | vector leg p50 / p95 ms | hybrid p50 / p95 ms | hybrid, one vendor, p50 ms | recall@10 |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const run of r.runs) {
    for (const [name, s] of Object.entries(run.summary)) {
      lines.push(
        `| ${run.dims} | ${run.rows} | ${name} | ${s.openMs} (${s.openCpuMs}) | ${s.rssAfterOpenMB} | ${s.vectorLeg.p50} / ${s.vectorLeg.p95} | ${s.hybrid.p50} / ${s.hybrid.p95} | ${s.hybridFiltered.p50} | ${s.recallAt10} |`,
      );
    }
    const base = run.summary.baseline;
    const mine = run.summary.this;
    if (base) {
      const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
      lines.push(
        `| ${run.dims} | | this ÷ baseline | ${ratio(mine.openMs, base.openMs)} (${ratio(mine.openCpuMs, base.openCpuMs)}) | ${ratio(mine.rssAfterOpenMB, base.rssAfterOpenMB)} | ${ratio(mine.vectorLeg.p50, base.vectorLeg.p50)} | ${ratio(mine.hybrid.p50, base.hybrid.p50)} | ${ratio(mine.hybridFiltered.p50, base.hybridFiltered.p50)} | |`,
      );
    }
  }
  lines.push('', '| dims | build | rows/s | vectors.f32 MB | vectors.hnsw MB | exact search ms/query | recall@10 by ef (this core): p50 ms |', '| ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const run of r.runs) {
    const b = run.build;
    const byEf = Object.entries(run.summary.this.recallByEf)
      .map(([ef, v]) => `ef ${ef}: ${v.recall} (${v.p50} ms)`)
      .join('; ');
    lines.push(
      b
        ? `| ${run.dims} | ${(b.buildMs / 1000).toFixed(0)} s${b.buildCpuMs ? ` (${(b.buildCpuMs / 1000).toFixed(0)} s CPU)` : ''} | ${b.rowsPerSecond.toFixed(0)} | ${(b.bytes.f32 / 2 ** 20).toFixed(0)} | ${(b.bytes.hnsw / 2 ** 20).toFixed(0)} | ${b.exactMsPerQuery.toFixed(0)} | ${byEf} |`
        : `| ${run.dims} | (not rebuilt) | | | | | ${byEf} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
