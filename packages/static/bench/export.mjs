#!/usr/bin/env node
// Benchmark of the static export: node packages/static/bench/export.mjs <indexDir> <outFile> [--site DIR] [--with-model DIR]
//
// Exports the index (time, site size, file count), checks the site's search against core's for a
// set of queries, then serves the site with a plain file server and opens it in Debian's Chromium
// (fresh profile each time) to measure, per query, what the first query of a visit downloads and
// how long it takes until results show, and what a second query in the same visit adds.
// Needs the packages built (pnpm run build). Writes a JSON report to <outFile>.
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { openIndex, search } from '@mcdewey/core';
import { exportSite, siteFileLoader, StaticLibrary } from '@mcdewey/static';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const [, value] = args.splice(at, 2);
  return value;
};
const siteOption = option('--site');
const withModel = option('--with-model');
const [indexDir, outFile] = args;
if (!indexDir || !outFile) {
  process.stderr.write('usage: node packages/static/bench/export.mjs <indexDir> <outFile> [--site DIR] [--with-model DIR]\n');
  process.exit(2);
}

const QUERIES = [
  'restore etcd snapshot',
  'vacuum analyze table statistics',
  'haproxy backend health check',
  'zone transfer allow-transfer',
  'asyncio event loop',
  'merge data frames',
  'gen_server call timeout',
  'metatable __index',
  'notification command',
  'apt sources list',
  'TLS certificate verification',
  'replication slot',
];
const CHROMIUM = '/usr/bin/chromium';
const gzipped = new Map();
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const work = mkdtempSync(join(tmpdir(), 'mcdewey-static-bench-'));
const siteDir = resolve(siteOption ?? join(work, 'site'));
try {
  // 1. Export.
  const library = await openIndex(indexDir);
  let lastPhase = '';
  const report = await exportSite(library, {
    outDir: siteDir,
    ...(withModel ? { withModel } : {}),
    onProgress: ({ phase, done, total }) => {
      if (phase !== lastPhase || done === total) process.stderr.write(`  ${phase} ${done}/${total}\n`);
      lastPhase = phase;
    },
  });
  process.stderr.write(`exported ${report.documents} documents, ${report.chunks} chunks in ${report.seconds.toFixed(1)} s: ${report.files} files, ${mb(report.bytes)}\n`);

  // 2. The site's search (in Node, over the files) against core's, and the data a first query reads.
  const agreement = [];
  for (const query of QUERIES) {
    const loader = siteFileLoader(siteDir);
    const site = await StaticLibrary.open(loader);
    const startup = loader.bytesRead;
    const started = performance.now();
    const mine = await site.search(query, { mode: 'lexical' });
    const ms = performance.now() - started;
    const core = await search(library, query, { mode: 'lexical' });
    const same = JSON.stringify(mine.results.map((r) => r.id)) === JSON.stringify(core.results.map((r) => r.id));
    agreement.push({ query, sameTop10AsCore: same, startupDataBytes: startup, queryDataBytes: loader.bytesRead - startup, files: loader.filesRead.length, nodeMs: round(ms) });
  }
  process.stderr.write(`search agrees with core on ${agreement.filter((a) => a.sameTop10AsCore).length}/${agreement.length} queries\n`);

  // 3. In the browser: cold first query, then a second query in the same visit.
  const server = await serve(siteDir);
  const browserRuns = [];
  for (const [i, query] of QUERIES.entries()) {
    const profile = mkdtempSync(join(tmpdir(), 'mcdewey-bench-chromium-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
    try {
      const page = await context.newPage();
      server.log.length = 0;
      const started = performance.now();
      await page.goto(`${server.url}index.html?q=${encodeURIComponent(query)}`);
      await page.waitForSelector('#results li.result, #status .error-text', { timeout: 120_000 });
      const firstMs = performance.now() - started;
      const first = tally(server.log);
      const inPage = await page.textContent('#status');
      server.log.length = 0;
      const next = QUERIES[(i + 1) % QUERIES.length];
      const secondStarted = performance.now();
      await page.fill('#q', next);
      await page.press('#q', 'Enter');
      await page.waitForFunction((q) => document.querySelector('#status')?.textContent?.includes(`“${q}”`), next, { timeout: 120_000 });
      const secondMs = performance.now() - secondStarted;
      const second = tally(server.log);
      browserRuns.push({
        query,
        firstQuery: { ms: round(firstMs), bytes: first.bytes, gzipBytes: first.gzip, files: first.files, pageBytes: first.page, dataBytes: first.data, status: inPage?.trim() },
        secondQuery: { query: next, ms: round(secondMs), bytes: second.bytes, gzipBytes: second.gzip, files: second.files },
      });
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  await server.close();

  const firstBytes = browserRuns.map((run) => run.firstQuery.bytes).sort((a, b) => a - b);
  const firstMs = browserRuns.map((run) => run.firstQuery.ms).sort((a, b) => a - b);
  const firstGzip = browserRuns.map((run) => run.firstQuery.gzipBytes).sort((a, b) => a - b);
  const secondBytes = browserRuns.map((run) => run.secondQuery.bytes).sort((a, b) => a - b);
  const secondMs = browserRuns.map((run) => run.secondQuery.ms).sort((a, b) => a - b);
  const summary = {
    index: resolve(indexDir),
    documents: report.documents,
    chunks: report.chunks,
    exportSeconds: round(report.seconds),
    siteBytes: report.bytes,
    siteFiles: report.files,
    termShards: report.lexical.shards,
    chunkBlocks: report.blocks.count,
    startupBytes: report.startupBytes,
    firstQuery: {
      medianBytes: median(firstBytes),
      maxBytes: firstBytes.at(-1),
      medianGzipBytes: median(firstGzip),
      medianFractionOfSite: round(median(firstBytes) / report.bytes, 5),
      medianMs: median(firstMs),
      maxMs: firstMs.at(-1),
    },
    secondQuery: { medianBytes: median(secondBytes), maxBytes: secondBytes.at(-1), medianMs: median(secondMs), maxMs: secondMs.at(-1) },
    agreesWithCore: `${agreement.filter((a) => a.sameTop10AsCore).length}/${agreement.length}`,
  };
  writeFileSync(outFile, `${JSON.stringify({ summary, report, agreement, browserRuns }, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(
    `\nFirst query of a visit: median ${kb(summary.firstQuery.medianBytes)} (${kb(summary.firstQuery.medianGzipBytes)} gzipped; ${(summary.firstQuery.medianFractionOfSite * 100).toFixed(2)} % of the ${mb(report.bytes)} site), ${summary.firstQuery.medianMs} ms median; a second query adds ${kb(summary.secondQuery.medianBytes)} in ${summary.secondQuery.medianMs} ms.\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** What the file would weigh on a host that gzips responses (most do for HTML, JS, CSS, JSON). */
function gzipSize(path) {
  if (!gzipped.has(path)) gzipped.set(path, gzipSync(readFileSync(join(siteDir, ...path.split('/').filter(Boolean)))).length);
  return gzipped.get(path);
}

function tally(log) {
  let bytes = 0;
  let page = 0;
  let data = 0;
  let gzip = 0;
  for (const entry of log) {
    bytes += entry.bytes;
    if (entry.status === 200) gzip += gzipSize(entry.path);
    if (entry.path.includes('/data/')) data += entry.bytes;
    else page += entry.bytes;
  }
  return { bytes, page, data, gzip, files: log.length };
}

/** A plain file server (files only) on 127.0.0.1, logging each response's size. */
async function serve(dir) {
  const root = resolve(dir);
  const log = [];
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = resolve(root, `.${sep}${path}`);
    const info = file.startsWith(root + sep) ? statSync(file, { throwIfNoEntry: false }) : undefined;
    if (!info?.isFile()) {
      log.push({ path, status: 404, bytes: 0 });
      response.writeHead(404).end();
      return;
    }
    log.push({ path, status: 200, bytes: info.size });
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-length': info.size, 'cache-control': 'no-store' });
    createReadStream(file).pipe(response);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    log,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(done);
      }),
  };
}

function median(sorted) {
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)];
}
function round(value, digits = 1) {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
function kb(bytes) {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}
function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
