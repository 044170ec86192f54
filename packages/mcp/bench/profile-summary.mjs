#!/usr/bin/env node
/**
 * Summarises a V8 CPU profile of the MCP server (`load.mjs --cpu-prof DIR`): where the server's
 * CPU time went, by area (core search, the MCP SDK, its HTTP adapter, zod, Node's HTTP and streams,
 * garbage collection) and by function, self time and time including callees.
 *
 *   node packages/mcp/bench/profile-summary.mjs DIR/CPU.*.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node packages/mcp/bench/profile-summary.mjs PROFILE.cpuprofile [--top 25]');
  process.exit(2);
}
const topAt = process.argv.indexOf('--top');
const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;

const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Self time per node from the samples and their time deltas (microseconds).
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((sum, value) => sum + value, 0);

/** The area a frame belongs to, from its script URL. */
function area(frame) {
  const { url, functionName } = frame.callFrame;
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8 / native (program)';
  if (url.includes('/packages/core/')) return 'core (search, chunk reads)';
  if (url.includes('/packages/mcp/dist')) return 'mcp adapter';
  if (url.includes('@hono/node-server')) return '@hono/node-server (Node <-> Web Request/Response)';
  if (url.includes('@modelcontextprotocol/sdk')) return 'MCP SDK (protocol, transport)';
  if (/\/zod\//.test(url)) return 'zod (schema validation)';
  if (url.includes('hnswlib') || url.includes('onnxruntime') || url.includes('@huggingface')) return 'embedding / HNSW';
  if (url.startsWith('node:internal/streams') || url.includes('webstreams')) return 'node streams / web streams';
  if (url.startsWith('node:internal/http') || url.startsWith('node:_http') || url.startsWith('node:http') || url.includes('undici')) return 'node http';
  if (url.startsWith('node:')) return `node other (${url.replace(/^node:internal\//, '').split('/')[0]})`;
  if (url === '') return 'native builtins (JSON, RegExp, …)';
  return url.split('/node_modules/').pop()?.split('/').slice(0, 2).join('/') ?? url;
}

const byArea = new Map();
const byFunction = new Map();
for (const [id, time] of self) {
  const node = nodes.get(id);
  const key = area(node);
  byArea.set(key, (byArea.get(key) ?? 0) + time);
  const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + time);
}

// Inclusive time of named functions: a sample counts once for each distinct name on its stack.
const inclusive = new Map();
profile.samples.forEach((id, i) => {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const frame = nodes.get(at).callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}`;
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
});

const busy = total - (byArea.get('idle') ?? 0);
const pct = (value, of) => `${((100 * value) / of).toFixed(1).padStart(5)} %`;
const ms = (value) => `${(value / 1000).toFixed(0).padStart(7)} ms`;
console.log(`profile ${file}: ${ms(total)} sampled, ${ms(busy)} busy (not idle)\n`);
console.log('Self time by area (share of busy time):');
for (const [key, value] of [...byArea].sort((a, b) => b[1] - a[1])) if (key !== 'idle') console.log(`  ${pct(value, busy)} ${ms(value)}  ${key}`);
console.log(`\nTop ${top} functions by self time:`);
for (const [key, value] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(value, busy)} ${key}`);
console.log(`\nTop ${top} functions including callees:`);
for (const [key, value] of [...inclusive]
  .sort((a, b) => b[1] - a[1])
  .filter(([key]) => !key.startsWith('('))
  .slice(0, top))
  console.log(`  ${pct(value, busy)} ${key}`);
