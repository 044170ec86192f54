#!/usr/bin/env node
// What a team server's access control costs (issue 18): a search over the whole library against
// the same search through a view limited to one vendor (core's scopedLibrary), and /api/search
// over HTTP without auth against the same request with an API token (verified once, then
// remembered) and a rate limit. Also the first request of a token (its scrypt check).
//
//   node bench/team-server.mjs [--index DIR] [--runs N]
//
// Without --index it ingests ../shared/corpus lexical-only into $TMPDIR/mcdewey-bench/team-lex-index
// (incremental: an unchanged corpus costs seconds); without ../shared it skips with a message.
// The machine is shared and noisy: only medians count. Writes bench/results/team-server.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SHARED, fail, gitCommit, loadCore, machineInfo, median, now, parseArgs, round } from './lib/common.mjs';

const args = parseArgs(process.argv.slice(2), { index: 'string', runs: 'string' });
const runs = Number(args.runs ?? 5);
if (!Number.isInteger(runs) || runs < 3) fail(`--runs must be an integer of at least 3, got ${args.runs}`);
const log = (line) => process.stderr.write(`${line}\n`);
const BIN = join(ROOT, 'packages/cli/dist/bin.js');
const EXPRESS = join(ROOT, 'packages/express/dist/index.js');
if (!existsSync(BIN) || !existsSync(EXPRESS)) fail('the CLI or @mcdewey/express is not built; build first: pnpm run build');

const core = await loadCore(undefined, ['openIndex', 'scopedLibrary', 'search']);
const { createApp, createToken, tokenAuthenticator } = await import(pathToFileURL(EXPRESS).href);

const index = args.index ?? prepareIndex();
const library = await core.openIndex(index);
library.warm();
const vendors = library.listVendors().map((vendor) => vendor.vendor);
const queries = readFileSync(join(ROOT, 'bench/queries/full-corpus.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => line.split('\t'))
  .filter(([vendor]) => vendors.includes(vendor));
if (queries.length === 0) fail(`no query of bench/queries/full-corpus.txt is about a vendor of ${index}`);

/** Median milliseconds of `run` over every query, `runs` rounds after one warm-up round. */
async function timeQueries(run) {
  const times = [];
  for (let round = -1; round < runs; round++) {
    for (const [vendor, query] of queries) {
      const started = performance.now();
      await run(vendor, query);
      if (round >= 0) times.push(performance.now() - started);
    }
  }
  return median(times);
}

log(`${queries.length} queries × ${runs} rounds over ${library.documents.length} documents (${vendors.length} vendors)`);
const started = performance.now();
const firstView = core.scopedLibrary(library, [vendors[0]]);
const viewMs = performance.now() - started;
void firstView;
const whole = await timeQueries((_vendor, query) => core.search(library, query, { mode: 'lexical' }));
const scoped = await timeQueries((vendor, query) => core.search(core.scopedLibrary(library, [vendor]), query, { mode: 'lexical' }));
const filtered = await timeQueries((vendor, query) => core.search(library, query, { mode: 'lexical', filters: { vendor } }));

const folder = mkdtempSync(join(tmpdir(), 'mcdewey-team-bench-'));
const tokenFile = join(folder, 'tokens.json');
const { token } = await createToken(tokenFile, { name: 'bench', vendors: 'all' });
const open = await listen(createApp(library, {}));
const guarded = await listen(createApp(library, { auth: { authenticators: [tokenAuthenticator(tokenFile)] }, rateLimit: { requests: 1_000_000 }, accessLog: () => {} }));
const headers = { authorization: `Bearer ${token}` };
const firstStarted = performance.now();
const first = await fetch(`${guarded.origin}/api/vendors`, { headers });
const firstTokenMs = performance.now() - firstStarted;
if (first.status !== 200) fail(`the token was refused (${first.status})`);
const http = async (origin, withToken) =>
  timeQueries(async (_vendor, query) => {
    const response = await fetch(`${origin}/api/search?mode=lexical&q=${encodeURIComponent(query)}`, withToken ? { headers } : {});
    if (response.status !== 200) fail(`/api/search answered ${response.status}`);
    await response.arrayBuffer();
  });
const httpOpen = await http(open.origin, false);
const httpGuarded = await http(guarded.origin, true);
await open.close();
await guarded.close();
rmSync(folder, { recursive: true, force: true });
await library.dispose();

const rows = [
  ['search, whole library (core)', whole],
  ['search, view of the query’s vendor (scopedLibrary)', scoped],
  ['search, whole library filtered to the vendor (for comparison)', filtered],
  ['GET /api/search, no auth', httpOpen],
  ['GET /api/search, API token + rate limit + access log', httpGuarded],
];
const markdown = [
  '## Team server: the cost of access control (issue 18)',
  '',
  `${now()} · commit ${gitCommit()} · ${index.startsWith(tmpdir()) ? 'full shared corpus, lexical-only index' : index} · ${library.documents.length} documents, ${vendors.length} vendors · ${queries.length} queries × ${runs} rounds (median) · ${JSON.stringify(machineInfo())}`,
  '',
  '| what | median ms |',
  '| --- | ---: |',
  ...rows.map(([what, ms]) => `| ${what} | ${round(ms, 2)} |`),
  `| first request of a token (scrypt check, then remembered) | ${round(firstTokenMs, 1)} |`,
  `| building a one-vendor view (once per vendor set, then cached) | ${round(viewMs, 1)} |`,
  '',
  'A view restricts every search leg to its rows, like a vendor filter; the token is checked with',
  'scrypt once and then found by its SHA-256, so later requests pay a `stat` of the token file.',
  '',
].join('\n');
writeFileSync(join(ROOT, 'bench/results/team-server.md'), markdown);
process.stdout.write(markdown);
log('wrote bench/results/team-server.md');

async function listen(app) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: async () => {
      await app.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function prepareIndex() {
  const corpus = join(SHARED, 'corpus');
  if (!existsSync(corpus)) {
    log(`skipped: ${corpus} is not there (the shared corpus sits beside the repository)`);
    process.exit(0);
  }
  const dir = join(tmpdir(), 'mcdewey-bench', 'team-lex-index');
  log(`ingesting ${corpus} into ${dir} (lexical only; incremental)`);
  const result = spawnSync(process.execPath, [BIN, 'ingest', corpus, '--index', dir, '--no-embed'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) fail(`ingest failed with exit code ${result.status}`);
  return dir;
}
