// One step of the vectors-at-scale bench (bench/vectors.mjs) in a fresh process, so that its
// memory and its cold times are its own. Prints one JSON line on stdout; progress on stderr.
//
//   node bench/lib/vector-child.mjs build <lexical-index> <out-dir> <dims> <M> <efConstruction> <queries> [anisotropic|islands]
//       copies a lexical-only index to <out-dir>/index and adds synthetic clustered vectors
//       (synth-vectors.mjs, seed 1) and their HNSW graph, as ingest writes them; writes
//       <out-dir>/queries.json (query vectors and their exact top 10).
//   node bench/lib/vector-child.mjs measure <out-dir> <query-file> <passes>
//       opens the index with the core of MCDEWEY_CORE and measures open, RSS after open, the
//       vector leg, recall@10 against exact search and hybrid search().
import { closeSync, cpSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { ROOT, loadCore } from './common.mjs';
import { clusteredVectors } from './synth-vectors.mjs';

const [task, ...args] = process.argv.slice(2);
const started = performance.now();
const log = (message) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
const rssMB = () => process.memoryUsage().rss / 2 ** 20;

function finish(result) {
  const usage = process.resourceUsage();
  const line = JSON.stringify({ ...result, maxRssMB: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 });
  // A build also leaves its figures beside the index, for a later `vectors.mjs --skip-build`.
  if (result.out) writeFileSync(join(result.out, 'build.json'), `${line}\n`);
  process.stdout.write(`${line}\n`);
}

/** The fingerprint of the synthetic embedder of `dims` dimensions (recorded in the manifest). */
const fingerprintOf = (dims) => ({ modelId: `synthetic/clustered-${dims}`, dimensions: dims, pooling: 'mean', normalized: true, dtype: 'fp32' });

function fileCrc(path) {
  const fd = openSync(path, 'r');
  const block = Buffer.allocUnsafe(4 << 20);
  let value = 0;
  for (let position = 0, n; (n = readSync(fd, block, 0, block.length, position)) > 0; position += n) value = crc32(block.subarray(0, n), value);
  closeSync(fd);
  return `crc32:${(value >>> 0).toString(16).padStart(8, '0')}`;
}

/** The queries of a `vendor<TAB>query` file, as bench/lib/child.mjs reads them. */
function readQueryTexts(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => (line.includes('\t') ? line.split('\t')[1] : line).trim());
}

if (task === 'build') {
  const [lexical, out, dimsArg, mArg, efcArg, queriesArg, shape = 'anisotropic'] = args;
  const dims = Number(dimsArg);
  const M = Number(mArg);
  const efConstruction = Number(efcArg);
  const index = join(out, 'index');
  rmSync(out, { recursive: true, force: true });
  cpSync(lexical, index, { recursive: true });
  const sizes = readFileSync(join(index, 'documents.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).chunkCount);

  let t = performance.now();
  const generator = clusteredVectors({ dims, seed: 1, shape });
  const { data, documents } = generator.rows(sizes, (done, total) => log(`vectors ${done}/${total}`));
  const count = data.length / dims;
  const generateMs = performance.now() - t;

  const hnswlib = createRequire(join(ROOT, 'packages/core/package.json'))('hnswlib-node');
  // Exact top 10 first, by hnswlib's brute-force index (native, the same cosine), freed before the graph is built.
  const queries = generator.queries(documents, Number(queriesArg));
  t = performance.now();
  let exact = new hnswlib.BruteforceSearch('cosine', dims);
  exact.initIndex(count);
  for (let row = 0; row < count; row++) exact.addPoint(Array.from(data.subarray(row * dims, (row + 1) * dims)), row);
  const exactLoadMs = performance.now() - t;
  t = performance.now();
  const truth = queries.map((query) => exact.searchKnn(Array.from(query), 10).neighbors);
  const exactMs = (performance.now() - t) / queries.length;
  exact = null;
  globalThis.gc?.();
  log(`exact top 10 of ${queries.length} queries: ${exactMs.toFixed(0)} ms a query`);

  // The graph is built as core's VectorIndex.build builds it (one addPoint per row, label = row).
  t = performance.now();
  const cpuBefore = process.cpuUsage();
  const graph = new hnswlib.HierarchicalNSW('cosine', dims);
  graph.initIndex({ maxElements: count, m: M, efConstruction, randomSeed: 100 });
  for (let row = 0; row < count; row++) {
    graph.addPoint(Array.from(data.subarray(row * dims, (row + 1) * dims)), row);
    if ((row + 1) % 25_000 === 0) log(`hnsw ${row + 1}/${count} (${((row + 1) / ((performance.now() - t) / 1000)).toFixed(0)} rows/s)`);
  }
  const buildMs = performance.now() - t;
  const buildCpu = process.cpuUsage(cpuBefore);
  const buildCpuMs = (buildCpu.user + buildCpu.system) / 1000;
  const rssAfterBuildMB = rssMB();

  writeFileSync(join(index, 'vectors.f32'), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  graph.writeIndexSync(join(index, 'vectors.hnsw'));
  const manifestPath = join(index, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.embedder = fingerprintOf(dims);
  manifest.vectors = { count, dimensions: dims, M, efConstruction };
  for (const name of ['vectors.f32', 'vectors.hnsw']) manifest.files[name] = { bytes: statSync(join(index, name)).size, checksum: fileCrc(join(index, name)) };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  writeFileSync(join(out, 'queries.json'), JSON.stringify({ dims, queries: queries.map((q) => Array.from(q)), truth }));
  finish({
    out,
    rows: count,
    documents: sizes.length,
    shape,
    dims,
    M,
    efConstruction,
    generateMs,
    buildMs,
    buildCpuMs,
    rowsPerSecond: count / (buildMs / 1000),
    rssAfterBuildMB,
    exactMsPerQuery: exactMs,
    exactLoadMs,
    bytes: { f32: statSync(join(index, 'vectors.f32')).size, hnsw: statSync(join(index, 'vectors.hnsw')).size },
  });
} else if (task === 'measure') {
  const [out, queryFile, passesArg] = args;
  const passes = Number(passesArg ?? 3);
  const core = await loadCore(process.env.MCDEWEY_CORE, ['openIndex', 'search']);
  const { dims, queries: queryArrays, truth } = JSON.parse(readFileSync(join(out, 'queries.json'), 'utf8'));
  const queries = queryArrays.map((q) => Float32Array.from(q));
  const texts = readQueryTexts(queryFile);
  // Query text i embeds to synthetic query vector i: the hybrid search runs both legs for real.
  const vectorOfText = new Map(texts.map((text, i) => [text, queries[i % queries.length]]));
  const embedder = {
    fingerprint: fingerprintOf(dims),
    maxTokens: 512,
    embedPassages: async () => {
      throw new Error('not used');
    },
    embedQuery: async (text) => vectorOfText.get(text) ?? queries[0],
  };

  const rssBeforeMB = rssMB();
  const cpuBefore = process.cpuUsage();
  let t = performance.now();
  const library = await core.openIndex(join(out, 'index'), { embedder });
  const openMs = performance.now() - t;
  t = performance.now();
  void library.lexical;
  const lexicalLoadMs = performance.now() - t;
  t = performance.now();
  const vectors = library.vectors;
  const vectorLoadMs = performance.now() - t;
  // CPU time of the whole open (index, lexical, vectors): on a shared machine wall time is mostly waiting for a core.
  const openCpu = process.cpuUsage(cpuBefore);
  const openCpuMs = (openCpu.user + openCpu.system) / 1000;
  if (!vectors) throw new Error(`no vectors: ${library.embedderNotice}`);
  t = performance.now();
  await core.search(library, texts[0], { mode: 'hybrid', limit: 10 });
  const firstQueryMs = performance.now() - t;
  const rssAfterOpenMB = rssMB();

  // The vector leg as search runs it (50 candidates, the default ef); recall@10 of its first 10.
  const legMs = [];
  const recallOf = (hits, q) => hits.slice(0, 10).filter((hit) => truth[q].includes(hit.label)).length / 10;
  let recallSum = 0;
  for (let pass = 0; pass < passes; pass++) {
    queries.forEach((query, q) => {
      const t0 = performance.now();
      const hits = vectors.search(query, 50);
      const elapsed = performance.now() - t0;
      if (pass === 0) recallSum += recallOf(hits, q);
      else legMs.push(elapsed);
    });
  }
  const recallByEf = {};
  for (const ef of [50, 100, 200, 400]) {
    const ms = [];
    let sum = 0;
    queries.forEach((query, q) => {
      const t0 = performance.now();
      sum += recallOf(vectors.search(query, 50, { ef }), q);
      ms.push(performance.now() - t0);
    });
    recallByEf[ef] = { recall: sum / queries.length, ms };
  }

  const hybridMs = [];
  const filteredMs = [];
  const vendor = library.listVendors()[0]?.vendor;
  let hybridCpuMicros = 0;
  for (let pass = 0; pass < passes; pass++) {
    for (const text of texts) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await core.search(library, text, { mode: 'hybrid', limit: 10 });
      const t1 = performance.now();
      const cpu = process.cpuUsage(cpu0);
      if (pass > 0) hybridCpuMicros += cpu.user + cpu.system;
      await core.search(library, text, { mode: 'hybrid', limit: 10, filters: { vendor } });
      const t2 = performance.now();
      if (pass === 0) continue;
      hybridMs.push(t1 - t0);
      filteredMs.push(t2 - t1);
    }
  }
  finish({
    rows: library.chunkCount,
    dims,
    openMs,
    lexicalLoadMs,
    vectorLoadMs,
    openCpuMs,
    firstQueryMs,
    rssBeforeMB,
    rssAfterOpenMB,
    recallAt10: recallSum / queries.length,
    legMs,
    recallByEf,
    hybridMs,
    hybridCpuMsPerQuery: hybridCpuMicros / 1000 / hybridMs.length,
    filteredMs,
    filterVendor: vendor,
  });
} else {
  process.stderr.write(`unknown task ${task}\n`);
  process.exit(2);
}
