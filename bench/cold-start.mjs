#!/usr/bin/env node
// How long `mcdewey` takes from a cold process to its answer (issue 15): `--version`, a lexical
// and a hybrid `search` on the full shared corpus, each against `node -e 0` measured in the same
// run, in the same rounds (the machine is shared and noisy, so only medians and ratios count).
//
//   node bench/cold-start.mjs [--index DIR] [--runs N]
//
// Without --index it uses $TMPDIR/mcdewey-bench/full-vec-index (the index bench/semantic.mjs
// uses), bringing it up to date from ../shared/corpus with a corpus-trained embedder first
// (incremental: an unchanged corpus costs seconds); without ../shared it skips with a message.
// Every figure is one fresh process, page cache warm; one warm-up round is discarded.
// Writes bench/results/cold-start.json and .md, and re-renders BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { ROOT, SHARED, fail, gitCommit, loadCore, machineInfo, median, now, parseArgs, round } from './lib/common.mjs';

const args = parseArgs(process.argv.slice(2), { index: 'string', runs: 'string' });
const runs = Number(args.runs ?? 11);
if (!Number.isInteger(runs) || runs < 7) fail(`--runs must be an integer of at least 7 (medians over fewer say little), got ${args.runs}`);
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
if (!existsSync(BIN)) fail(`${BIN} is missing; build first (pnpm bench does): pnpm run build`);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const log = (line) => process.stderr.write(`${line}\n`);

/** What the issue asks for: `--version` within 2x node's own start, searches within fixed times. */
const TARGETS = { versionXNode: 2, lexicalSeconds: 0.35, hybridSeconds: 1.0 };

const index = await prepareIndex();
const queries = readFileSync(join(ROOT, 'bench/queries/full-corpus.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => line.split('\t').pop());

const CASES = {
  node: () => ['-e', '0'],
  version: () => [BIN, '--version'],
  lexical: (pass) => [BIN, 'search', queries[pass % queries.length], '--index', index, '--mode', 'lexical'],
  hybrid: (pass) => [BIN, 'search', queries[(pass + 1) % queries.length], '--index', index, '--mode', 'hybrid'],
};
const samples = Object.fromEntries(Object.keys(CASES).map((name) => [name, { seconds: [], cpuSeconds: [], peakRssMB: [] }]));
const names = Object.keys(CASES);
log(`cold start: ${runs} rounds (+1 warm-up) of ${names.join(', ')} on ${index}`);
for (let pass = -1; pass < runs; pass++) {
  // Rotate the order so that no case always runs right after another one.
  const order = names.map((_, i) => names[(i + Math.max(pass, 0)) % names.length]);
  for (const name of order) {
    const run = timed(CASES[name](Math.max(pass, 0)));
    if (pass < 0) continue;
    samples[name].seconds.push(run.seconds);
    if (run.peakRssMB !== null) samples[name].peakRssMB.push(run.peakRssMB);
    if (run.cpuSeconds !== null) samples[name].cpuSeconds.push(run.cpuSeconds);
  }
}

const nodeSeconds = median(samples.node.seconds);
const figures = Object.fromEntries(
  names.map((name) => {
    const { seconds, cpuSeconds, peakRssMB } = samples[name];
    const mid = median(seconds);
    return [
      name,
      {
        medianSeconds: round(mid, 3),
        xNode: round(mid / nodeSeconds, 2),
        minSeconds: round(Math.min(...seconds), 3),
        maxSeconds: round(Math.max(...seconds), 3),
        cpuSeconds: cpuSeconds.length ? round(median(cpuSeconds), 3) : null,
        peakRssMB: peakRssMB.length ? round(median(peakRssMB), 0) : null,
        runsSeconds: seconds.map((v) => round(v, 3)),
      },
    ];
  }),
);
const met = {
  version: figures.version.xNode <= TARGETS.versionXNode,
  lexical: figures.lexical.medianSeconds <= TARGETS.lexicalSeconds,
  hybrid: figures.hybrid.medianSeconds <= TARGETS.hybridSeconds,
};
const manifest = JSON.parse(readFileSync(join(index, 'manifest.json'), 'utf8'));
const result = {
  measuredAt: now(),
  commit: gitCommit(),
  machine: machineInfo(),
  index: displayPath(index),
  chunks: manifest.counts?.chunks ?? null,
  embedder: manifest.embedder?.modelId ?? null,
  runs,
  method: 'wall time of a fresh process (spawnSync, stdout discarded), page cache warm, medians; x node = median / median of `node -e 0` in the same rounds',
  targets: TARGETS,
  figures,
  met,
};
for (const name of names) {
  const figure = figures[name];
  log(`  ${name.padEnd(8)} median ${figure.medianSeconds.toFixed(3)} s  ${figure.xNode.toFixed(2)} x node  CPU ${figure.cpuSeconds ?? '?'} s  peak RSS ${figure.peakRssMB ?? '?'} MB`);
}
log(
  `  targets: --version ≤ ${TARGETS.versionXNode} x node ${verdict(met.version)}, lexical ≤ ${TARGETS.lexicalSeconds} s ${verdict(met.lexical)}, hybrid ≤ ${TARGETS.hybridSeconds} s ${verdict(met.hybrid)}`,
);

writeFileSync(join(ROOT, 'bench/results/cold-start.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(ROOT, 'bench/results/cold-start.md'), renderSection(result));
spawnSync(process.execPath, [join(ROOT, 'bench/run.mjs'), '--render'], { stdio: 'inherit' });
log('wrote bench/results/cold-start.json and .md, and re-rendered BENCHMARKS.md');

/** The index to measure: --index, else the full shared corpus ingested (or brought up to date) with a trained embedder. */
async function prepareIndex() {
  if (args.index) {
    const dir = resolve(args.index);
    if (!existsSync(join(dir, 'manifest.json'))) fail(`${dir} is not a McDewey index (no manifest.json)`);
    return dir;
  }
  const corpus = join(SHARED, 'corpus');
  if (!existsSync(corpus)) {
    log(`cold start: skipped, ${corpus} does not exist (pass --index DIR to measure another index)`);
    process.exit(0);
  }
  const dir = join(tmpdir(), 'mcdewey-bench', 'full-vec-index');
  log(`cold start: bringing ${dir} up to date from ${corpus} (corpus-trained embedder; the first time trains and embeds, minutes) ...`);
  const core = await loadCore(undefined, ['ingest']);
  let phase;
  const report = await core.ingest(corpus, dir, {
    trainEmbedder: { onProgress: ({ stage }) => stage !== phase && log(`  training: ${(phase = stage)}`) },
    onProgress: (progress) => progress.phase !== phase && log(`  ${(phase = progress.phase)} ...`),
  });
  log(`  ${report.chunks} chunks, embedder ${report.embedder?.modelId ?? 'none'}`);
  return dir;
}

/** Runs `node ...args` once; wall seconds and (with /usr/bin/time) peak RSS and CPU seconds (user + system, all threads). */
function timed(nodeArgs) {
  const [command, commandArgs] = TIME ? [TIME, ['-f', 'TIME %M %U %S', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const started = performance.now();
  const child = spawnSync(command, commandArgs, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 24 });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) fail(`node ${nodeArgs.join(' ')} failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const time = /^TIME (\d+) ([\d.]+) ([\d.]+)$/m.exec(child.stderr ?? '');
  return { seconds, peakRssMB: time ? Number(time[1]) / 1024 : null, cpuSeconds: time ? Number(time[2]) + Number(time[3]) : null };
}

/** A path as the results show it: under $TMPDIR or the repository, else by its name only (no machine paths in the repository). */
function displayPath(path) {
  for (const [base, label] of [
    [tmpdir(), '$TMPDIR'],
    [ROOT, '.'],
  ]) {
    const rest = relative(base, path);
    if (!rest.startsWith('..') && !isAbsolute(rest)) return `${label}/${rest}`;
  }
  return `…/${basename(path)}`;
}

function verdict(ok) {
  return ok ? 'met' : 'NOT met';
}

function renderSection(r) {
  const f = r.figures;
  const row = (label, figure, target, ok) =>
    `| ${label} | ${figure.medianSeconds.toFixed(3)} s | ${figure.xNode.toFixed(2)} x | ${figure.cpuSeconds?.toFixed(3) ?? '–'} s | ${figure.peakRssMB ?? '–'} MB | ${target} | ${ok === undefined ? '' : ok ? 'met' : '**not met**'} |`;
  return [
    '## Cold start of the CLI',
    '',
    `Measured ${r.measuredAt} by \`node bench/cold-start.mjs\` (part of \`pnpm bench\`) on \`${r.index}\`: ${r.chunks} chunks, embedder ${r.embedder ?? 'none'}. ` +
      `Each figure is the median wall time of ${r.runs} fresh processes (\`mcdewey …\` as a user runs it, output discarded; page cache warm), ` +
      'taken in rounds together with `node -e 0`, whose median is the baseline ("x node"); CPU is the median user + system time of all the process\'s threads, ' +
      'which a busy machine inflates less than wall time. Commands import only the modules they need: ' +
      "`--version` loads commander alone, a search loads core without its document readers, and the index's corpus-trained model is run by core itself (no transformers.js or ONNX Runtime).",
    '',
    `Load average when the run started: ${r.machine.loadAverage?.map((v) => v.toFixed(2)).join(' / ') ?? 'unknown'} on ${r.machine.cores} cores. ` +
      'Before the commands loaded lazily (issue 15, on the full shared corpus): `--version` 1.3 s, a lexical search 1.4 s, a hybrid one 2.6 s and 360 MB, with `node -e 0` at 0.14 s.',
    '',
    '| command | median | x node | CPU | peak RSS | target | |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
    row('`node -e 0` (baseline)', f.node, ''),
    row('`mcdewey --version`', f.version, `≤ ${r.targets.versionXNode} x node`, r.met.version),
    row('`mcdewey search "…" --mode lexical`', f.lexical, `≤ ${r.targets.lexicalSeconds} s`, r.met.lexical),
    row('`mcdewey search "…" --mode hybrid`', f.hybrid, `≤ ${r.targets.hybridSeconds} s`, r.met.hybrid),
    '',
  ].join('\n');
}
