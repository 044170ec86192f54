#!/usr/bin/env node
// Server-side search latency of the web app over HTTP.
//
//   node packages/express/bench/search-latency.mjs <index-dir> [--out results.json] [--rounds 5]
//        [--queries queries.txt] [--limit 10]
//
// Opens the index, serves it with createApp on 127.0.0.1 (port 0), and sends every query in turn
// to /api/search (plain and with a version filter) and to the search page. For each it records the
// round trip seen by the client and the time the server spent in search (its Server-Timing header).
// Queries: one per line from --queries, else ~60 drawn evenly from the index's own headings and
// titles plus a few fixed ones, so the same command works on any corpus. Needs built packages
// (pnpm build).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openIndex } from '@mcdewey/core';
import { assetSizes, createApp } from '@mcdewey/express';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: 'test-output/bench/search-latency.json' },
    rounds: { type: 'string', default: '5' },
    queries: { type: 'string' },
    limit: { type: 'string', default: '10' },
  },
});
if (positionals.length !== 1) {
  process.stderr.write('usage: node packages/express/bench/search-latency.mjs <index-dir> [--out FILE] [--rounds N] [--queries FILE] [--limit N]\n');
  process.exit(2);
}
const indexDir = resolve(positionals[0]);
const rounds = Number(values.rounds);
const limit = Number(values.limit);

const openStarted = performance.now();
const library = await openIndex(indexDir, { warm: true });
const openMs = performance.now() - openStarted;

const queries = values.queries
  ? readFileSync(values.queries, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
  : queriesFrom(library, 60);
const versions = [...new Set(library.documents.map((document) => document.version))];

const app = createApp(library, { mcp: false });
const server = app.listen(0, '127.0.0.1');
await new Promise((done, fail) => server.once('listening', done).once('error', fail));
const origin = `http://127.0.0.1:${server.address().port}`;

const samples = { api: { roundTrip: [], server: [] }, apiFiltered: { roundTrip: [], server: [] }, page: { roundTrip: [] }, health: { roundTrip: [] } };
let results = 0;
let mode;

async function timed(path, into) {
  const started = performance.now();
  const response = await fetch(`${origin}${path}`);
  const body = await response.text();
  const elapsed = performance.now() - started;
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${body.slice(0, 200)}`);
  into.roundTrip.push(elapsed);
  const timing = /search;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
  if (timing && into.server) into.server.push(Number(timing[1]));
  return body;
}

// One untimed pass loads everything lazily loaded and warms the JIT.
for (const query of queries.slice(0, 10)) await fetch(`${origin}/api/search?q=${encodeURIComponent(query)}`).then((response) => response.text());

for (let round = 0; round < rounds; round++) {
  for (const [i, query] of queries.entries()) {
    const q = encodeURIComponent(query);
    const body = await timed(`/api/search?q=${q}&limit=${limit}`, samples.api);
    const parsed = JSON.parse(body);
    results += parsed.results.length;
    mode ??= parsed.mode;
    await timed(`/api/search?q=${q}&limit=${limit}&version=${encodeURIComponent(versions[i % versions.length])}`, samples.apiFiltered);
    await timed(`/?q=${q}`, samples.page);
    await timed('/healthz', samples.health);
  }
}

server.closeAllConnections();
server.close();

const report = {
  benchmark: 'express search latency over HTTP',
  date: new Date().toISOString(),
  node: process.version,
  index: {
    dir: indexDir,
    documents: library.documents.length,
    chunks: library.chunkCount,
    embedder: library.manifest.embedder?.modelId ?? null,
    openMs: round(openMs),
  },
  mode,
  queries: queries.length,
  rounds,
  limit,
  meanResults: round(results / (queries.length * rounds)),
  api: { serverMs: stats(samples.api.server), roundTripMs: stats(samples.api.roundTrip) },
  apiWithVersionFilter: { serverMs: stats(samples.apiFiltered.server), roundTripMs: stats(samples.apiFiltered.roundTrip) },
  searchPage: { roundTripMs: stats(samples.page.roundTrip) },
  // The HTTP floor: a request that does no search.
  healthz: { roundTripMs: stats(samples.health.roundTrip) },
  assets: assetSizes(),
};

const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stderr.write(
  [
    `${report.index.documents} documents, ${report.index.chunks} chunks, mode ${report.mode}; ${queries.length} queries × ${rounds} rounds`,
    `server-side search   p50 ${report.api.serverMs.p50} ms   p95 ${report.api.serverMs.p95} ms   (with a version filter: p50 ${report.apiWithVersionFilter.serverMs.p50} ms, p95 ${report.apiWithVersionFilter.serverMs.p95} ms)`,
    `/api/search round trip p50 ${report.api.roundTripMs.p50} ms   p95 ${report.api.roundTripMs.p95} ms`,
    `search page round trip p50 ${report.searchPage.roundTripMs.p50} ms   p95 ${report.searchPage.roundTripMs.p95} ms`,
    `/healthz round trip    p50 ${report.healthz.roundTripMs.p50} ms   p95 ${report.healthz.roundTripMs.p95} ms (HTTP floor)`,
    `assets: ${report.assets.map((asset) => `${asset.name} ${asset.bytes} B (${asset.gzipBytes} B gzip)`).join(', ')}`,
    `written to ${out}`,
  ].join('\n') + '\n',
);

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1), mean: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length) };
}

function round(value) {
  return Math.round(value * 100) / 100;
}

/** Queries drawn evenly from the index: heading or title words, 2 to 4 of them. */
function queriesFrom(library, count) {
  const fixed = ['install', 'configuration file', 'error handling', 'how to restore a backup', 'performance tuning memory'];
  const drawn = new Set();
  const step = Math.max(1, Math.floor(library.chunkCount / count));
  for (let row = 0; row < library.chunkCount && drawn.size < count; row += step) {
    const chunk = library.chunkAt(row);
    const source = chunk.headings.at(-1) ?? chunk.title;
    const words = source.toLowerCase().match(/[\p{L}][\p{L}\p{N}_-]{2,}/gu) ?? [];
    if (words.length >= 1) drawn.add(words.slice(0, 2 + (row % 3)).join(' '));
  }
  return [...fixed, ...drawn];
}
