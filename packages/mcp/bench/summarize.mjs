#!/usr/bin/env node
/**
 * Medians of repeated `load.mjs` runs, per transport, with each run's figures beside them: what
 * `bench/results/mcp-load.json` holds. On a shared machine single runs vary a lot; the median and
 * the ratio to core's own rate measured in the same run are the figures to compare.
 *
 *   node packages/mcp/bench/summarize.mjs OUT.json RUN1.json RUN2.json ...
 */
import { readFileSync, writeFileSync } from 'node:fs';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  console.error('usage: node packages/mcp/bench/summarize.mjs OUT.json RUN1.json [RUN2.json ...]');
  process.exit(2);
}

function median(values) {
  const sorted = values.filter((value) => typeof value === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = (sorted.length - 1) / 2;
  return +((sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2).toFixed(3);
}

/** One run as the summary keeps it (no machine paths). */
function run(report) {
  return {
    date: report.date,
    loadAverage: report.loadAverage,
    calls: report.completed,
    errors: report.errors,
    ...(report.stoppedByTimeLimit ? { stoppedByTimeLimit: true } : {}),
    callsPerSecond: report.requestsPerSecond,
    coreCallsPerSecond: +report.core.callsPerSecond.toFixed(1),
    ratioToCore: report.ratioToCore,
    serverCpuMsPerCall: report.server.cpuMsPerCall,
    serverEventLoopDelayMs: report.server.eventLoopDelayMs ?? null,
    errorSamples: report.errorSamples.slice(0, 3).map((sample) => sample.error),
    coreCpuMsPerCall: +median([report.core.before.cpuMsPerCall, report.core.after.cpuMsPerCall]).toFixed(2),
    cpuRatioToCore: report.cpuRatioToCore,
    latencyMs: report.latencyMs,
    rssMB: {
      before: report.server.rssBeforeMB,
      samples: report.server.rssSamples.map((sample) => sample.rssMB),
      after: report.server.rssAfterMB,
      afterGc: report.server.rssAfterGcMB,
      ...(report.server.rssPerProcessMB ? { perProcessAfter: report.server.rssPerProcessMB } : {}),
    },
    heapUsedMB: { before: report.server.heapUsedBeforeMB, afterGc: report.server.heapUsedAfterGcMB },
  };
}

const reports = inputs.map((file) => JSON.parse(readFileSync(file, 'utf8')));
const transports = {};
// Runs with --workers N are their own group ("stateless, 2 workers").
const group = (report) => (report.workers > 1 ? `${report.transportOption}, ${report.workers} workers` : report.transportOption);
for (const report of reports) (transports[group(report)] ??= { transport: report.transport, workers: report.workers ?? 1, runs: [] }).runs.push(run(report));
for (const entry of Object.values(transports)) {
  const { runs } = entry;
  entry.median = {
    callsPerSecond: median(runs.map((r) => r.callsPerSecond)),
    coreCallsPerSecond: +median(runs.map((r) => r.coreCallsPerSecond)).toFixed(1),
    ratioToCore: median(runs.map((r) => r.ratioToCore)),
    serverCpuMsPerCall: +median(runs.map((r) => r.serverCpuMsPerCall)).toFixed(2),
    coreCpuMsPerCall: +median(runs.map((r) => r.coreCpuMsPerCall)).toFixed(2),
    cpuRatioToCore: median(runs.map((r) => r.cpuRatioToCore)),
    p50Ms: +median(runs.map((r) => r.latencyMs.p50)).toFixed(1),
    p99Ms: +median(runs.map((r) => r.latencyMs.p99)).toFixed(1),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    calls: runs.reduce((sum, r) => sum + r.calls, 0),
  };
}
const first = reports[0];
const summary = {
  benchmark: 'mcp-load (packages/mcp/bench/load.mjs), medians of repeated runs',
  node: first.node,
  index: { documents: first.index.documents, chunks: first.index.chunks, embedder: first.index.embedder, searchMode: first.index.searchMode },
  clients: first.clients,
  callsPerRun: first.requested,
  tool: first.tool,
  transports,
};
writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
for (const [name, { median: m, runs }] of Object.entries(transports)) {
  console.log(
    `${name}: ${runs.length} runs; median ${m.callsPerSecond} calls/s (${m.ratioToCore} of core's ${m.coreCallsPerSecond}/s; CPU ${m.serverCpuMsPerCall} vs ${m.coreCpuMsPerCall} ms/call = ${m.cpuRatioToCore}); p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms; ${m.errors} errors in ${m.calls}`,
  );
}

// The runs as Markdown table rows, for bench/results/mcp-load.md.
console.log('\n| transport | run | load average | calls/s | core calls/s | ratio | CPU ms/call (server / core) | p50 | p99 | errors | server RSS start → end | loop delay max |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const [name, { runs, median: m }] of Object.entries(transports)) {
  runs.forEach((r, i) => {
    const delay = r.serverEventLoopDelayMs ? `${Math.round(r.serverEventLoopDelayMs.max)} ms` : '–';
    console.log(
      `| ${name} | ${i + 1} | ${r.loadAverage[0]} | ${r.callsPerSecond} | ${r.coreCallsPerSecond} | ${r.ratioToCore.toFixed(2)} | ${r.serverCpuMsPerCall} / ${r.coreCpuMsPerCall} | ${Math.round(r.latencyMs.p50)} ms | ${Math.round(r.latencyMs.p99)} ms | ${r.errors} / ${r.calls + r.errors} | ${r.rssMB.before} → ${r.rssMB.after} MB | ${delay} |`,
    );
  });
  console.log(
    `| **${name}, median** | | | **${m.callsPerSecond}** | ${m.coreCallsPerSecond} | **${m.ratioToCore.toFixed(2)}** | ${m.serverCpuMsPerCall} / ${m.coreCpuMsPerCall} (**${m.cpuRatioToCore.toFixed(2)}**) | ${Math.round(m.p50Ms)} ms | ${Math.round(m.p99Ms)} ms | ${m.errors} / ${m.calls + m.errors} | | |`,
  );
}
