#!/usr/bin/env node
// What the result total and paging cost (issue 16): core `search` p50/p95 on an index of
// ../shared/corpus, lexical and hybrid, with this build's core against a baseline core (main's
// dist) measured in the same process, the two alternating query by query.
//
//   node bench/search-paging.mjs --index DIR --base PATH/TO/main/core/dist/index.js [--passes N] [--out FILE]
//
// Both cores open the index once (as a server does); the first pass warms up and is not counted.
// Also reports the second page's latency, and how the first page's estimated total compares with
// the real length of the list (paged to its end) for the first --check queries.
// Without --index or --base it skips with a message. Prints Markdown; with --out also writes it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT, fail, gitCommit, loadCore, machineInfo, now, parseArgs, quantile, round } from './lib/common.mjs';

const args = parseArgs(process.argv.slice(2), { index: 'string', base: 'string', passes: 'string', check: 'string', out: 'string' });
if (!args.index || !existsSync(join(args.index, 'manifest.json')) || !args.base || !existsSync(args.base)) {
  process.stderr.write("search-paging: needs --index DIR (an index of ../shared/corpus) and --base (main's packages/core/dist/index.js); skipped\n");
  process.exit(0);
}
const passes = Number(args.passes ?? 4);
if (!Number.isInteger(passes) || passes < 2) fail(`--passes must be an integer of at least 2, got ${args.passes}`);
const checked = Number(args.check ?? 5);
const base = await loadCore(args.base, ['openIndex', 'search']);
const head = await loadCore(undefined, ['openIndex', 'search']);
const baseLibrary = await base.openIndex(args.index);
const headLibrary = await head.openIndex(args.index);
const queries = readFileSync(join(ROOT, 'bench/queries/full-corpus.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => line.split('\t').pop());

const timed = async (run) => {
  const started = performance.now();
  const response = await run();
  return { ms: performance.now() - started, response };
};

// Per query, the median of its passes; the figures are medians over queries (and of the
// per-query ratios): the machine is shared, and alternating query by query keeps both cores
// under the same load.
const median = (list) => quantile(list, 0.5);
const rows = [];
for (const mode of ['lexical', 'hybrid']) {
  const perQuery = queries.map(() => ({ base: [], head: [], second: [] }));
  const totals = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const [i, query] of queries.entries()) {
      // Which core goes first alternates pass by pass, so that neither pays for the other's garbage.
      const runBase = () => timed(() => base.search(baseLibrary, query, { mode, limit: 10 }));
      const runHead = () => timed(() => head.search(headLibrary, query, { mode, limit: 10 }));
      const [before, after] = pass % 2 === 0 ? [await runBase(), await runHead()] : (([b, a]) => [a, b])([await runHead(), await runBase()]);
      const second = await timed(() => head.search(headLibrary, query, { mode, limit: 10, offset: 10 }));
      if (pass === 0) {
        totals.push(after.response.total);
        continue;
      }
      perQuery[i].base.push(before.ms);
      perQuery[i].head.push(after.ms);
      perQuery[i].second.push(second.ms);
    }
  }
  const of = (key) => perQuery.map((times) => median(times[key]));
  const [baseMs, headMs, secondMs] = [of('base'), of('head'), of('second')];
  rows.push({
    mode,
    base: [round(median(baseMs), 2), round(quantile(baseMs, 0.95), 1)],
    head: [round(median(headMs), 2), round(quantile(headMs, 0.95), 1)],
    second: [round(median(secondMs), 2), round(quantile(secondMs, 0.95), 1)],
    ratio: round(median(headMs) / median(baseMs), 3),
    ratioPerQuery: round(median(headMs.map((ms, i) => ms / baseMs[i])), 3),
    ratioSecond: round(median(secondMs) / median(baseMs), 3),
    totalMedian: median(totals),
  });
}

// The estimate against the list's real length: page through it to the end (lexical).
const accuracy = [];
for (const query of queries.slice(0, checked)) {
  const first = await head.search(headLibrary, query, { mode: 'lexical', limit: 10 });
  // Lexical lists are the same rows at any page size: walked by 200 to save time.
  let length = 0;
  let offset = 0;
  while (offset !== undefined) {
    const page = await head.search(headLibrary, query, { mode: 'lexical', limit: 200, offset });
    length += page.results.length;
    offset = page.next;
  }
  accuracy.push({ query, total: first.total, exact: first.totalExact, length });
}

const table = [
  `### Search with a total and paging (${now()}, commit ${gitCommit()}, load ${machineInfo().loadAverage?.join(' ')})`,
  '',
  `Index: ${headLibrary.manifest?.counts?.chunks ?? '?'} chunks; ${queries.length} queries × ${passes - 1} passes, limit 10, warm, both cores in one process alternating query by query.`,
  '',
  '| mode | main p50 / p95 ms | this p50 / p95 ms | p50 ratio | median per-query ratio | 2nd page p50 / p95 ms | 2nd page / main p50 | median total |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (row) => `| ${row.mode} | ${row.base.join(' / ')} | ${row.head.join(' / ')} | ${row.ratio} | ${row.ratioPerQuery} | ${row.second.join(' / ')} | ${row.ratioSecond} | ${row.totalMedian} |`,
  ),
  '',
  "The first page's total against the list paged to its end (lexical, limit 10):",
  '',
  '| query | total | exact | real length | total / real |',
  '|---|---|---|---|---|',
  ...accuracy.map((row) => `| ${row.query} | ${row.total} | ${row.exact} | ${row.length} | ${round(row.total / row.length, 3)} |`),
  '',
].join('\n');
process.stdout.write(`${table}\n`);
if (args.out) writeFileSync(args.out, `${existsSync(args.out) ? readFileSync(args.out, 'utf8') + '\n' : '# Search with a total and paging\n\n'}${table}`);
