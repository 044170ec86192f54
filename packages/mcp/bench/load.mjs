#!/usr/bin/env node
/**
 * Load benchmark of the MCP endpoint: concurrent MCP clients calling `search_docs` over Streamable
 * HTTP on loopback.
 *
 *   pnpm --filter @mcdewey/core --filter @mcdewey/mcp build
 *   node packages/mcp/bench/load.mjs INDEX_DIR OUT.json [--clients 50] [--requests 10000] [--max-seconds 600]
 *
 * The server runs in a child process (so its memory is measured alone) on 127.0.0.1, port 0. Each
 * client opens its own MCP session (initialize, notifications/initialized), then the clients share
 * the request budget, each sending its next `tools/call search_docs` when the previous answer has
 * arrived. Queries are heading and title text taken from the index (some with a vendor filter), so
 * every call does real ranking. Every answer is checked: HTTP 200, a JSON-RPC result, no isError.
 *
 * Bounded: at most --requests calls, none started after --max-seconds, each call aborted after 30 s;
 * the run stops by itself. Writes a JSON report to OUT.json and prints a summary.
 */
import { fork } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'index.js');
const CALL_TIMEOUT_MS = 30_000;
const PROTOCOL = '2025-06-18';

if (process.argv[2] === '--serve') await serve(process.argv[3]);
else await main();

/** Child process: serve the index and answer memory probes from the parent over IPC. */
async function serve(indexDir) {
  const { openIndex } = await import('@mcdewey/core');
  const { startMcpHttpServer } = await import(dist);
  const library = await openIndex(indexDir, { warm: true });
  const server = await startMcpHttpServer({ library, host: '127.0.0.1', port: 0, maxSessions: 200 });
  const probe = () => {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    return { rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, cpuSeconds: (cpu.user + cpu.system) / 1e6, sessions: server.handler.sessionCount };
  };
  process.on('message', async (message) => {
    if (message === 'probe') process.send({ probe: probe() });
    if (message === 'gc') {
      globalThis.gc?.();
      process.send({ probe: probe() });
    }
    if (message === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
  process.send({ ready: { url: server.url, documents: library.documents.length, chunks: library.chunkCount, embedder: library.manifest.embedder?.modelId ?? null } });
}

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** Heading and title text from the index as queries, a fifth of them filtered to the chunk's vendor. */
async function queries(indexDir, count) {
  const { openIndex } = await import('@mcdewey/core');
  const library = await openIndex(indexDir);
  const out = [];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  while (out.length < count && library.chunkCount > 0) {
    const chunk = library.chunkAt(Math.floor(random() * library.chunkCount));
    const text = (chunk.headings.at(-1) ?? chunk.title).replace(/\s+/g, ' ').trim().slice(0, 120);
    if (!/[a-z]{3}/i.test(text)) continue;
    out.push({ query: text, ...(out.length % 5 === 0 ? { vendor: chunk.vendor } : {}) });
  }
  return out;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const [indexArg, outArg] = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
  if (!indexArg || !outArg) {
    console.error('usage: node packages/mcp/bench/load.mjs INDEX_DIR OUT.json [--clients 50] [--requests 10000] [--max-seconds 600]');
    process.exit(2);
  }
  if (!existsSync(dist)) {
    console.error('load: packages/mcp/dist is missing; run `pnpm --filter @mcdewey/core --filter @mcdewey/mcp build` first');
    process.exit(2);
  }
  const indexDir = resolve(indexArg);
  const clients = option('clients', 50);
  const total = option('requests', 10_000);
  const maxSeconds = option('max-seconds', 600);

  const child = fork(fileURLToPath(import.meta.url), ['--serve', indexDir], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
    console.log(`load: server ${ready.url} over ${ready.documents} documents (${ready.chunks} chunks), ${clients} clients, ${total} calls`);
    const pool = await queries(indexDir, 2000);
    const url = ready.url;
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

    /** One JSON-RPC request; the answer may be JSON or one SSE event. */
    const rpc = async (sessionId, body) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status === 202) return { response, message: undefined };
      if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
      const data = response.headers.get('content-type')?.includes('text/event-stream')
        ? text.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).find((line) => line.includes('"id"'))
        : text;
      return { response, message: data ? JSON.parse(data) : undefined };
    };

    const openSession = async () => {
      const { response } = await rpc(undefined, { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'mcdewey-load', version: '1.0.0' } } });
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

    const sessions = await Promise.all(Array.from({ length: clients }, openSession));
    // Warm-up (not measured): one round per client.
    await Promise.all(sessions.map((sessionId) => worker(sessionId, clients)));
    errors.length = 0;
    issued = 0;
    const before = await probe('gc');
    const startedAt = performance.now();
    deadline = startedAt + maxSeconds * 1000;
    await Promise.all(sessions.map((sessionId) => worker(sessionId, total)));
    const seconds = (performance.now() - startedAt) / 1000;
    const after = await probe();
    const afterGc = await probe('gc');
    await Promise.all(sessions.map((sessionId) => fetch(url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL } }).catch(() => {})));
    const afterClose = await probe('gc');

    latencies.sort((a, b) => a - b);
    const mb = (bytes) => +(bytes / 2 ** 20).toFixed(1);
    const ms = (value) => (value === null ? null : +value.toFixed(2));
    const report = {
      benchmark: 'mcp-load',
      date: new Date().toISOString(),
      node: process.version,
      index: { dir: indexDir, documents: ready.documents, chunks: ready.chunks, embedder: ready.embedder },
      transport: 'Streamable HTTP (stateful, SSE responses) on 127.0.0.1',
      tool: 'search_docs (limit 5, a fifth with a vendor filter)',
      clients,
      requested: total,
      completed: latencies.length,
      errors: errors.length,
      errorSamples: errors.filter(Boolean),
      stoppedByTimeLimit: issued < total,
      seconds: +seconds.toFixed(2),
      requestsPerSecond: +(latencies.length / seconds).toFixed(1),
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
        rssAfterGcMB: mb(afterGc.rss),
        rssAfterSessionsClosedMB: mb(afterClose.rss),
        heapUsedBeforeMB: mb(before.heapUsed),
        heapUsedAfterGcMB: mb(afterGc.heapUsed),
        rssSamples: rssSamples.sort((a, b) => a.calls - b.calls),
        cpuSeconds: +(after.cpuSeconds - before.cpuSeconds).toFixed(2),
        sessionsDuring: after.sessions,
        sessionsAfterDelete: afterClose.sessions,
      },
    };
    writeFileSync(outArg, `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `load: ${report.completed}/${total} calls in ${report.seconds} s = ${report.requestsPerSecond} req/s; p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms; ${report.errors} errors; server RSS ${report.server.rssBeforeMB} -> ${report.server.rssAfterMB} MB (${report.server.rssAfterGcMB} MB after GC)`,
    );
    console.log(`load: report written to ${outArg}`);
    process.exitCode = report.errors === 0 && !report.stoppedByTimeLimit ? 0 : 1;
  } finally {
    stopChild();
  }
}
