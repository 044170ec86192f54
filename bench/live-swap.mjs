// Live swaps under load on a big corpus: a copy of ../shared/corpus is ingested (lexical), served
// by a LiveLibrary behind the Express app and stateless /mcp, and kept busy by concurrent clients
// while one document is rewritten and re-ingested N times. Measures each re-ingest and swap,
// request latency before and during the swaps, errors, and what the process holds afterwards
// (open files, heap after gc, RSS).
//
//   node --expose-gc bench/live-swap.mjs [--corpus DIR] [--swaps 10] [--clients 4] [--work DIR] [--keep]
//                                        [--in-process]
//
// Re-ingests run as `mcdewey ingest --json` in a child process, as `serve --watch` runs them;
// --in-process runs core's ingest on the serving thread instead (for comparison). A --work folder
// that already holds the corpus copy and its index is reused (the first ingest is then incremental).
//
// Writes bench/results/live-swap.json and bench/results/live-swap.md.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SHARED, fail, gitCommit, loadCore, machineInfo, median, parseArgs, quantile, round } from './lib/common.mjs';

const now = () => performance.now();

const args = parseArgs(process.argv.slice(2), { corpus: 'string', swaps: 'string', clients: 'string', work: 'string', keep: 'boolean', 'in-process': 'boolean' });
const corpusSource = args.corpus ?? join(SHARED, 'corpus');
const swaps = Number(args.swaps ?? 10);
const clients = Number(args.clients ?? 4);
if (typeof globalThis.gc !== 'function') fail('run with node --expose-gc, so that memory is measured after a collection');

const core = await loadCore(undefined, ['LiveLibrary', 'ingest', 'listCorpus']);
const { createApp } = await import(pathToFileURL(join(ROOT, 'packages/express/dist/index.js')).href);
const work = args.work ?? mkdtempSync(join(tmpdir(), 'mcdewey-live-swap-'));
const corpus = join(work, 'corpus');
const index = join(work, 'index');
const log = (line) => process.stderr.write(`${line}\n`);

if (!existsSync(corpus)) {
  log(`copying ${corpusSource} to ${corpus}`);
  cpSync(corpusSource, corpus, { recursive: true });
}
// The document each swap rewrites: the first Markdown document of the corpus.
const target = core.listCorpus(corpus).files.find((file) => file.source.endsWith('.md'));
if (!target) fail(`${corpusSource} has no Markdown document to rewrite`);
const targetPath = join(corpus, target.source);

let started = now();
const first = await core.ingest(corpus, index, {
  trainEmbedder: false,
  onProgress: ({ phase, done, total }) => phase === 'read' && done % 200 === 0 && log(`ingest: read ${done}/${total}`),
});
const firstIngestSeconds = (now() - started) / 1000;
log(`ingested ${first.documents} documents, ${first.chunks} chunks in ${firstIngestSeconds.toFixed(1)} s`);

started = now();
const runner = args['in-process'] ? 'in the serving process' : 'as `mcdewey ingest` in a child process';
const childIngest = async (corpusDir, indexDir) => {
  // Asynchronous: the serving thread keeps answering while the child ingests.
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'packages/cli/dist/bin.js'), 'ingest', corpusDir, '--index', indexDir, '--json', '--no-embed'], { maxBuffer: 2 ** 28 });
  return JSON.parse(stdout);
};
const live = await core.LiveLibrary.open(index, args['in-process'] ? {} : { runIngest: childIngest });
const openSeconds = (now() - started) / 1000;
const app = createApp(live, { mcp: { stateless: true } });
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const queries = ['configure tls certificates', 'backup and restore', 'memory limits', 'upgrade procedure', 'authentication token', 'performance tuning'];
const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' };

const openFiles = () => readdirSync('/proc/self/fd').length;
const memory = () => {
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { files: openFiles(), heapMB: round(heapUsed / 2 ** 20, 1), rssMB: round(rss / 2 ** 20, 1) };
};

/** Concurrent clients alternating /api/search and stateless /mcp search_docs until `stop()`. */
function load(phase) {
  const latencies = { api: [], mcp: [] };
  const errors = [];
  let running = true;
  const client = async (n) => {
    for (let i = n; running; i++) {
      const query = queries[i % queries.length];
      const kind = i % 2 === 0 ? 'api' : 'mcp';
      const begun = now();
      try {
        const response =
          kind === 'api'
            ? await fetch(`${origin}/api/search?q=${encodeURIComponent(query)}`)
            : await fetch(`${origin}/mcp`, {
                method: 'POST',
                headers: mcpHeaders,
                body: JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'search_docs', arguments: { query } } }),
              });
        const body = await response.text();
        if (response.status !== 200 || body.includes('"isError":true')) errors.push(`${kind} ${response.status}: ${body.slice(0, 120)}`);
      } catch (error) {
        errors.push(`${kind}: ${error.message}`);
      }
      latencies[kind].push(now() - begun);
    }
  };
  const all = Array.from({ length: clients }, (_, n) => client(n));
  return {
    async stop() {
      running = false;
      await Promise.all(all);
      const summary = (values) => ({ requests: values.length, p50: round(median(values), 1), p99: round(quantile(values, 0.99), 1) });
      return { phase, api: summary(latencies.api), mcp: summary(latencies.mcp), errors: errors.length, firstErrors: errors.slice(0, 3) };
    },
  };
}

const quiet = load('no swaps');
await new Promise((resume) => setTimeout(resume, 15_000));
const baseline = await quiet.stop();
log(`baseline: ${JSON.stringify(baseline)}`);
// After the load without swaps: the client sockets, the MCP SDK and the pools are in the baseline.
const before = memory();

const swapping = load(`${swaps} swaps`);
const reingests = [];
for (let edition = 1; edition <= swaps; edition++) {
  appendFileSync(targetPath, `\n\nLive swap edition ${edition}.\n`);
  const begun = now();
  const report = await live.reingest(corpus);
  reingests.push({ seconds: round((now() - begun) / 1000, 2), ingestSeconds: round(report.seconds, 2), processed: report.processed, reused: report.reused });
  log(`swap ${edition}: generation ${live.generation}, ${JSON.stringify(reingests.at(-1))}`);
}
const during = await swapping.stop();
await new Promise((resume) => setTimeout(resume, 500));
const after = memory();
const status = live.status();

const result = {
  measured: new Date().toISOString(),
  commit: gitCommit(),
  machine: machineInfo(),
  loadAverage: loadavg().map((value) => round(value, 2)),
  corpus: { documents: first.documents, chunks: first.chunks, rewritten: target.source },
  firstIngestSeconds: round(firstIngestSeconds, 1),
  openSeconds: round(openSeconds, 2),
  clients,
  runner,
  reingests,
  reingestSeconds: { median: round(median(reingests.map((each) => each.seconds)), 2), max: Math.max(...reingests.map((each) => each.seconds)) },
  baseline,
  during,
  generation: status.generation,
  draining: status.draining,
  before,
  after,
};
writeFileSync(join(ROOT, 'bench/results/live-swap.json'), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(ROOT, 'bench/results/live-swap.md'), markdown(result));
log(markdown(result));

await app.close();
server.closeAllConnections();
server.close();
await live.close();
if (!args.keep && !args.work) rmSync(work, { recursive: true, force: true });

function markdown(r) {
  const row = (p) => `| ${p.phase} | ${p.api.requests} | ${p.api.p50} / ${p.api.p99} ms | ${p.mcp.requests} | ${p.mcp.p50} / ${p.mcp.p99} ms | ${p.errors} |`;
  return [
    '## Live swaps under load (`serve --watch`, `LiveLibrary`)',
    '',
    `Measured ${r.measured.slice(0, 10)} with \`node --expose-gc bench/live-swap.mjs\` (commit ${r.commit}) on a copy of the shared corpus`,
    `(${r.corpus.documents} documents, ${r.corpus.chunks} chunks, lexical), load average ${r.loadAverage.join(' / ')} on a shared ${r.machine.cores}-core machine.`,
    `${r.clients} concurrent clients alternate \`/api/search\` and stateless \`/mcp\` \`search_docs\` in the serving process while`,
    `\`${r.corpus.rewritten}\` is rewritten and re-ingested ${r.reingests.length} times (\`live.reingest\`, ${r.runner}).`,
    '',
    `Ingest before the run ${r.firstIngestSeconds} s (incremental when \`--work\` already held the index); opening a generation (warm) ${r.openSeconds} s. Each re-ingest reads 1 document and reuses`,
    `the others: re-ingest + swap median ${r.reingestSeconds.median} s, max ${r.reingestSeconds.max} s.`,
    '',
    '| phase | /api/search requests | p50 / p99 | /mcp requests | p50 / p99 | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row(r.baseline),
    row(r.during),
    '',
    `From the end of the no-swap phase to after ${r.generation - 1} swaps (generation ${r.generation}, ${r.draining} generations still draining): open files ${r.before.files} → ${r.after.files},`,
    `heap after gc ${r.before.heapMB} → ${r.after.heapMB} MB, RSS ${r.before.rssMB} → ${r.after.rssMB} MB.`,
    '',
  ].join('\n');
}
