#!/usr/bin/env node
/**
 * Core's search, two builds side by side in one process: do they answer the same, and what does a
 * call cost each? For changes meant to make search cheaper without changing its results.
 *
 *   git stash; pnpm --filter @mcdewey/core run build; cp -r packages/core/dist packages/core/dist-base
 *   git stash pop; pnpm --filter @mcdewey/core run build
 *   node packages/mcp/bench/search-ab.mjs --index INDEX_DIR [--base packages/core/dist-base] [--rounds 10]
 *
 * The base build must sit inside packages/core (its imports resolve from there). Both builds open
 * the index with its own model (`embedder: 'auto'`, so a trained index searches hybrid).
 * 1. Answers: the MCP load bench's 2,000 queries (heading and title text from the index, a fifth
 *    filtered to a vendor; limit 5) and every query of the golden sets
 *    (packages/core/test/golden/docs-golden.json and golden.json) in hybrid, lexical and semantic
 *    mode (limit 10): how many whole answers (JSON) differ, and how many differ in their ids
 *    (results, `more`, `alsoIn`, in order); the first few id differences are printed.
 * 2. Cost: blocks of 200 load-bench queries, base and new in turn (the order swapped every round),
 *    CPU time per call of each and their ratio. Interleaving keeps a busy machine's swings out of
 *    the ratio.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchQueries } from './queries.mjs';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1];
};
const indexDir = arg('index');
const baseDir = resolve(arg('base', 'packages/core/dist-base'));
const rounds = Number(arg('rounds', '10'));
if (!indexDir || !existsSync(`${baseDir}/index.js`) || !Number.isInteger(rounds) || rounds < 0) {
  console.error('usage: node packages/mcp/bench/search-ab.mjs --index INDEX_DIR [--base packages/core/dist-base] [--rounds 10]  (see the comment at the top)');
  process.exit(2);
}
const base = await import(pathToFileURL(`${baseDir}/index.js`).href);
const next = await import(new URL('../../core/dist/index.js', import.meta.url).href);
const baseLibrary = await base.openIndex(indexDir, { warm: true, embedder: 'auto' });
const nextLibrary = await next.openIndex(indexDir, { warm: true, embedder: 'auto' });

/** The load bench's queries (queries.mjs) with its search options. */
function loadBenchQueries(library, count) {
  return benchQueries(library, count).map(({ query, vendor }) => ({ query, options: { limit: 5, ...(vendor ? { filters: { vendor } } : {}) } }));
}

function goldenQueries() {
  const out = [];
  for (const file of ['docs-golden.json', 'golden.json']) {
    const { queries } = JSON.parse(readFileSync(new URL(`../../core/test/golden/${file}`, import.meta.url), 'utf8'));
    for (const { query } of queries) for (const mode of ['hybrid', 'lexical', 'semantic']) out.push({ query, options: { limit: 10, mode } });
  }
  return out;
}

const ids = (response) => JSON.stringify(response.results.map((item) => [item.id, (item.more ?? []).map((other) => other.id), (item.alsoIn ?? []).map((other) => other.id)]));

async function compare(name, queries) {
  let differ = 0;
  let idsDiffer = 0;
  for (const { query, options } of queries) {
    const a = await base.search(baseLibrary, query, options);
    const b = await next.search(nextLibrary, query, options);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    differ++;
    if (ids(a) === ids(b)) continue;
    if (idsDiffer++ < 5) console.log(`  ids differ: ${JSON.stringify(query)} ${JSON.stringify(options)}\n    base ${ids(a)}\n    new  ${ids(b)}`);
  }
  console.log(`${name}: ${queries.length} searches, ${differ} answers differ, ${idsDiffer} in their ids`);
}

const pool = loadBenchQueries(baseLibrary, 2000);
await compare('load-bench queries', pool);
await compare('golden queries x 3 modes', goldenQueries());

const cpu = { base: 0, next: 0 };
const calls = { base: 0, next: 0 };
const builds = { base: [base, baseLibrary], next: [next, nextLibrary] };
for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 ? ['base', 'next'] : ['next', 'base']) {
    const [core, library] = builds[name];
    const before = process.cpuUsage();
    for (let i = 0; i < 200; i++) {
      const { query, options } = pool[(round * 200 + i) % pool.length];
      await core.search(library, query, options);
    }
    const used = process.cpuUsage(before);
    cpu[name] += (used.user + used.system) / 1000;
    calls[name] += 200;
  }
}
if (rounds > 0) {
  const perCall = (name) => cpu[name] / calls[name];
  console.log(`CPU per call: base ${perCall('base').toFixed(3)} ms, new ${perCall('next').toFixed(3)} ms, new/base ${(perCall('next') / perCall('base')).toFixed(3)} (${calls.next} calls each)`);
}
