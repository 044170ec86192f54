#!/usr/bin/env node
/**
 * Load benchmark of the MCP endpoint: concurrent MCP clients calling `search_docs` over Streamable
 * HTTP on loopback.
 *
 *   pnpm --filter @mcdewey/core --filter @mcdewey/mcp build
 *   node packages/mcp/bench/load.mjs --index INDEX_DIR --out OUT.json [--clients 50] [--requests 20000]
 *        [--max-seconds 600] [--transport sse|json|stateless] [--workers 1] [--core-seconds 5] [--cpu-prof DIR]
 *   (the older form `load.mjs INDEX_DIR OUT.json [...]` still works)
 *
 * The index: any McDewey index directory; for the figures in BENCHMARKS.md the full shared corpus
 * with a trained embedder, so `search_docs` runs hybrid:
 *   mcdewey ingest ../shared/corpus --index /tmp/full-index
 * (offline, where no pretrained model can be loaded, ingest trains a compact model from the corpus
 * and bundles it in the index).
 * It is opened with `embedder: 'auto'` (its own model), as `mcdewey mcp` / `serve` open it.
 *
 * The server runs in a child process (so its memory and CPU are measured alone) on 127.0.0.1,
 * port 0. Transports (`--transport`):
 * - `sse` (default): each client opens its own MCP session (initialize, notifications/initialized)
 *   and every answer comes as an SSE event, as the SDK does by default;
 * - `json`: the same sessions, answers as plain JSON (`enableJsonResponse`);
 * - `stateless`: no sessions, each POST answered as JSON by a pooled server (`stateless: true`).
 * `--workers N` (stateless only) serves from N processes on one port (load-workers.mjs), as
 * `mcdewey serve --stateless --workers N` does; memory and CPU are then summed over all of them.
 * The clients share the request budget, each sending its next `tools/call search_docs` when the
 * previous answer has arrived. Queries are heading and title text taken from the index (some with
 * a vendor filter), so every call does real ranking. Every answer is checked: HTTP 200, a JSON-RPC
 * result, no isError, a results array.
 *
 * Core's own rate: in the same run, before and after the load, the server process calls core's
 * `search()` directly over the same queries for --core-seconds (one at a time, as the server is one
 * thread) and reports calls/s; the MCP rate is reported beside it as a ratio.
 * `--cpu-prof DIR` writes a V8 CPU profile of the server process (open it in Chrome DevTools).
 *
 * Bounded: at most --requests calls, none started after --max-seconds, each call aborted after 30 s;
 * the run stops by itself. Writes a JSON report to OUT.json and prints a summary.
 */
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchQueries } from './queries.mjs';
import cluster from 'node:cluster';
import { servePool, workerPort } from './load-workers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'index.js');
const CALL_TIMEOUT_MS = 30_000;
const PROTOCOL = '2025-06-18';

const TRANSPORTS = ['sse', 'json', 'stateless'];

if (process.argv[2] === '--serve' && cluster.isPrimary && Number(process.argv[5]) > 1) await servePool(Number(process.argv[5]));
else if (process.argv[2] === '--serve') await serve(process.argv[3], process.argv[4]);
else await main();

/** Child process: serve the index, answer memory probes and run core's own rate over IPC. */
async function serve(indexDir, transport) {
  const { openIndex, search } = await import('@mcdewey/core');
  const { startMcpHttpServer } = await import(dist);
  const library = await openIndex(indexDir, { warm: true, embedder: 'auto' });
  const server = await startMcpHttpServer({
    library,
    host: '127.0.0.1',
    port: workerPort(),
    maxSessions: 200,
    enableJsonResponse: transport !== 'sse',
    stateless: transport === 'stateless',
  });
  // How long the server's event loop was blocked at worst: a stall inside the server shows here,
  // one of the machine (the process not scheduled) does not.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const probe = () => {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const eventLoopDelayMs = { p99: +(loopDelay.percentile(99) / 1e6).toFixed(1), max: +(loopDelay.max / 1e6).toFixed(1) };
    return { rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, cpuSeconds: (cpu.user + cpu.system) / 1e6, sessions: server.handler.sessionCount, eventLoopDelayMs };
  };
  process.on('message', async (message) => {
    if (message === 'probe') process.send({ probe: probe() });
    if (message === 'reset-delay') {
      loopDelay.reset();
      process.send({ probe: probe() });
    }
    if (message === 'gc') {
      globalThis.gc?.();
      process.send({ probe: probe() });
    }
    if (message?.core) process.send({ core: await coreRate(library, search, message.core.pool, message.core.seconds) });
    if (message === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
  const mode = (await search(library, 'warm up', { limit: 1 })).mode;
  process.send({ ready: { url: server.url, documents: library.documents.length, chunks: library.chunkCount, embedder: library.manifest.embedder?.modelId ?? null, mode } });
}

/** Core's `search()` called directly, one call at a time, with the bench's arguments: calls/s and latency. */
async function coreRate(library, search, pool, seconds) {
  const latencies = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  for (let n = 0; performance.now() < until; n++) {
    const { query, vendor } = pool[n % pool.length];
    const begin = performance.now();
    await search(library, query, { limit: 5, ...(vendor ? { filters: { vendor } } : {}) });
    latencies.push(performance.now() - begin);
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    calls: latencies.length,
    callsPerSecond: +(latencies.length / elapsed).toFixed(1),
    cpuMsPerCall: +((cpu.user + cpu.system) / 1000 / latencies.length).toFixed(3),
    p50Ms: +percentile(latencies, 50).toFixed(3),
    p99Ms: +percentile(latencies, 99).toFixed(3),
  };
}

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

function textOption(name) {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
}

/** Heading and title text from the index as queries, a fifth of them filtered to the chunk's vendor. */
async function queries(indexDir, count) {
  const { openIndex } = await import('@mcdewey/core');
  return benchQueries(await openIndex(indexDir), count);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const positional = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
  const indexArg = textOption('index') ?? positional[0];
  const outArg = textOption('out') ?? positional[1];
  const transport = textOption('transport') ?? 'sse';
  if (!indexArg || !outArg || !TRANSPORTS.includes(transport)) {
    console.error(
      'usage: node packages/mcp/bench/load.mjs --index INDEX_DIR --out OUT.json [--clients 50] [--requests 20000] [--max-seconds 600] [--transport sse|json|stateless] [--workers 1] [--core-seconds 5] [--cpu-prof DIR]',
    );
    process.exit(2);
  }
  if (!existsSync(dist)) {
    console.error('load: packages/mcp/dist is missing; run `pnpm --filter @mcdewey/core --filter @mcdewey/mcp build` first');
    process.exit(2);
  }
  const indexDir = resolve(indexArg);
  const clients = option('clients', 50);
  const total = option('requests', 20_000);
  const maxSeconds = option('max-seconds', 600);
  const coreSeconds = option('core-seconds', 5);
  const workers = option('workers', 1);
  if (workers > 1 && transport !== 'stateless') {
    console.error('load: --workers needs --transport stateless (a session lives in one worker)');
    process.exit(2);
  }
  const profileDir = textOption('cpu-prof');
  const execArgv = ['--expose-gc', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : [])];

  const child = fork(fileURLToPath(import.meta.url), ['--serve', indexDir, transport, String(workers)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // The child answers messages in order, so replies are matched first-in first-out.
  const replies = [];
  const waiting = [];
  child.on('message', (message) => (waiting.length ? waiting.shift()(message) : replies.push(message)));
  const next = () => (replies.length ? Promise.resolve(replies.shift()) : new Promise((resolveReply) => waiting.push(resolveReply)));
  const probe = async (kind = 'probe') => {
    const reply = next();
    child.send(kind);
    return (await reply).probe;
  };
  const stopChild = () => {
    if (child.connected) child.send('stop');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  };
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`load: server process exited with ${code}`);
  });

  try {
    const { ready } = await next();
    console.log(`load: server ${ready.url} over ${ready.documents} documents (${ready.chunks} chunks, ${ready.mode} search), ${transport} transport, ${clients} clients, ${total} calls`);
    const pool = await queries(indexDir, 2000);
    const measureCore = async () => {
      const reply = next();
      child.send({ core: { pool, seconds: coreSeconds } });
      return (await reply).core;
    };
    const url = ready.url;
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

    /** One JSON-RPC request; the answer may be JSON or one SSE event. */
    const rpc = async (sessionId, body) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, ...(sessionId ? { 'mcp-session-id': sessionId } : {}), ...(body.method !== 'initialize' ? { 'mcp-protocol-version': PROTOCOL } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status === 202) return { response, message: undefined };
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
      const data = response.headers.get('content-type')?.includes('text/event-stream')
        ? text
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .find((line) => line.includes('"id"'))
        : text;
      return { response, message: data ? JSON.parse(data) : undefined };
    };

    const openSession = async () => {
      if (transport === 'stateless') return undefined;
      const { response } = await rpc(undefined, {
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'mcdewey-load', version: '1.0.0' } },
      });
      const sessionId = response.headers.get('mcp-session-id');
      await rpc(sessionId, { jsonrpc: '2.0', method: 'notifications/initialized' });
      return sessionId;
    };

    const errors = [];
    const latencies = [];
    const rssSamples = [];
    let issued = 0;
    let deadline = Infinity;
    const call = async (sessionId, n) => {
      const args = { ...pool[n % pool.length], limit: 5 };
      const started = performance.now();
      try {
        const { message } = await rpc(sessionId, { jsonrpc: '2.0', id: n + 1, method: 'tools/call', params: { name: 'search_docs', arguments: args } });
        if (!message || message.error) throw new Error(`JSON-RPC error: ${JSON.stringify(message?.error ?? 'no answer')}`);
        if (message.result.isError) throw new Error(`isError: ${message.result.content?.[0]?.text}`);
        if (!Array.isArray(message.result.structuredContent?.results)) throw new Error('no results array');
        return performance.now() - started;
      } catch (error) {
        if (errors.length < 20) errors.push({ call: n, query: args.query, error: error instanceof Error ? error.message : String(error) });
        else errors.push(null);
        return undefined;
      }
    };
    const worker = async (sessionId, budget) => {
      while (issued < budget && performance.now() < deadline) {
        const n = issued++;
        const latency = await call(sessionId, n);
        if (latency !== undefined && budget === total) latencies.push(latency);
        if (budget === total && n % 1000 === 999) probe().then((p) => rssSamples.push({ calls: n + 1, rssMB: +(p.rss / 2 ** 20).toFixed(1) }));
      }
    };

    const coreBefore = await measureCore();
    console.log(`load: core search() alone: ${coreBefore.callsPerSecond} calls/s (p50 ${coreBefore.p50Ms} ms)`);
    const sessions = await Promise.all(Array.from({ length: clients }, openSession));
    // Warm-up (not measured): ten rounds per client.
    await Promise.all(sessions.map((sessionId) => worker(sessionId, clients * 10)));
    errors.length = 0;
    issued = 0;
    const before = await probe('gc');
    await probe('reset-delay');
    const startedAt = performance.now();
    deadline = startedAt + maxSeconds * 1000;
    await Promise.all(sessions.map((sessionId) => worker(sessionId, total)));
    const seconds = (performance.now() - startedAt) / 1000;
    const after = await probe();
    const afterGc = await probe('gc');
    const sessionsClosed = sessions.filter(Boolean);
    await Promise.all(sessionsClosed.map((sessionId) => fetch(url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL } }).catch(() => {})));
    const afterClose = await probe('gc');
    const coreAfter = await measureCore();
    const coreCallsPerSecond = median([coreBefore.callsPerSecond, coreAfter.callsPerSecond]);

    latencies.sort((a, b) => a - b);
    const mb = (bytes) => +(bytes / 2 ** 20).toFixed(1);
    const ms = (value) => (value === null ? null : +value.toFixed(2));
    const report = {
      benchmark: 'mcp-load',
      date: new Date().toISOString(),
      node: process.version,
      index: { dir: indexDir, documents: ready.documents, chunks: ready.chunks, embedder: ready.embedder, searchMode: ready.mode },
      transport: {
        sse: 'Streamable HTTP (stateful, SSE responses) on 127.0.0.1',
        json: 'Streamable HTTP (stateful, JSON responses) on 127.0.0.1',
        stateless: 'Streamable HTTP (stateless, JSON responses, pooled servers) on 127.0.0.1',
      }[transport],
      transportOption: transport,
      workers,
      loadAverage: loadavg().map((value) => +value.toFixed(2)),
      tool: 'search_docs (limit 5, a fifth with a vendor filter)',
      clients,
      requested: total,
      completed: latencies.length,
      errors: errors.length,
      errorSamples: errors.filter(Boolean),
      stoppedByTimeLimit: issued < total,
      seconds: +seconds.toFixed(2),
      requestsPerSecond: +(latencies.length / seconds).toFixed(1),
      core: { before: coreBefore, after: coreAfter, callsPerSecond: coreCallsPerSecond },
      ratioToCore: +(latencies.length / seconds / coreCallsPerSecond).toFixed(3),
      // CPU time is steadier than wall-clock rates on a shared machine: core's CPU per search over the server's CPU per call.
      cpuRatioToCore: +(median([coreBefore.cpuMsPerCall, coreAfter.cpuMsPerCall]) / (((after.cpuSeconds - before.cpuSeconds) * 1000) / Math.max(1, latencies.length))).toFixed(3),
      latencyMs: {
        p50: ms(percentile(latencies, 50)),
        p90: ms(percentile(latencies, 90)),
        p99: ms(percentile(latencies, 99)),
        max: ms(latencies.at(-1) ?? null),
        mean: ms(latencies.length ? latencies.reduce((sum, value) => sum + value, 0) / latencies.length : null),
      },
      server: {
        rssBeforeMB: mb(before.rss),
        rssAfterMB: mb(after.rss),
        ...(after.rssPerProcessMB ? { rssPerProcessMB: after.rssPerProcessMB } : {}),
        rssAfterGcMB: mb(afterGc.rss),
        rssAfterSessionsClosedMB: mb(afterClose.rss),
        heapUsedBeforeMB: mb(before.heapUsed),
        heapUsedAfterGcMB: mb(afterGc.heapUsed),
        rssSamples: rssSamples.sort((a, b) => a.calls - b.calls),
        cpuSeconds: +(after.cpuSeconds - before.cpuSeconds).toFixed(2),
        eventLoopDelayMs: after.eventLoopDelayMs,
        cpuMsPerCall: +(((after.cpuSeconds - before.cpuSeconds) * 1000) / Math.max(1, latencies.length)).toFixed(3),
        sessionsDuring: after.sessions,
        sessionsAfterDelete: afterClose.sessions,
      },
    };
    writeFileSync(outArg, `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `load: ${report.completed}/${total} calls in ${report.seconds} s = ${report.requestsPerSecond} req/s (${(report.ratioToCore * 100).toFixed(0)} % of core's ${coreCallsPerSecond}/s; ${report.server.cpuMsPerCall} ms server CPU per call vs core's ${median([coreBefore.cpuMsPerCall, coreAfter.cpuMsPerCall])} ms); p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms; ${report.errors} errors; server RSS ${report.server.rssBeforeMB} -> ${report.server.rssAfterMB} MB (${report.server.rssAfterGcMB} MB after GC)`,
    );
    console.log(`load: report written to ${outArg}`);
    process.exitCode = report.errors === 0 && !report.stoppedByTimeLimit ? 0 : 1;
  } finally {
    stopChild();
  }
}
