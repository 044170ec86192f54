// One measurement in a fresh process, so that memory and "cold" times are its own.
//
//   node bench/lib/child.mjs <task> [args...]
//
// Prints one JSON line on stdout (the result); progress goes to stderr as `phase <name> <seconds> <heapMB>`
// lines so that the parent can tell where a run that dies was. Tasks:
//   calibrate                         a fixed CPU workload, median ms of 5 runs
//   ingest <corpus> <index>           core's ingest without an embedder (lexical-only index)
//   open <index>                      openIndex, then loading the lexical index, then one query
//   queries <index> <file> <passes>   search() (lexical, limit 10) and the bare lexical leg, per query and pass
//   minisearch <index> <file> <passes>  minisearch defaults over the same chunks: build, query times
//   synth <out> <chunks> <source.jsonl> [seed]  writes a synthetic Markdown corpus (see synth.mjs)
import { readFileSync } from 'node:fs';
import { loadCore, loadMiniSearch } from './common.mjs';

const [task, ...args] = process.argv.slice(2);
const started = performance.now();

/** A stderr line the parent keeps: where the run is, how long it has taken, how big the heap is. */
export function phase(name) {
  const heap = process.memoryUsage().heapUsed / 2 ** 20;
  process.stderr.write(`phase ${name} ${((performance.now() - started) / 1000).toFixed(1)} ${heap.toFixed(0)}\n`);
}

function finish(result) {
  const usage = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMB: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
}

/** Queries of a `vendor<TAB>query` file (comments and blank lines skipped). */
export function readQueries(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [vendor, query] = line.includes('\t') ? line.split('\t') : ['', line];
      return { vendor, query: query.trim() };
    });
}

switch (task) {
  case 'calibrate': {
    // Seeded PRNG, sort, JSON round trip, string work: roughly what indexing and search exercise.
    const runs = [];
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      let seed = 12345;
      const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
      const values = Float64Array.from({ length: 1_000_000 }, random).sort();
      const words = Array.from({ length: 200_000 }, (_, i) => `w${Math.floor(values[i * 5] * 50_000)}`);
      const counts = new Map();
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
      const json = JSON.stringify([...counts]);
      JSON.parse(json);
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    finish({ medianMs: runs[2], runsMs: runs });
    break;
  }
  case 'ingest': {
    const [corpus, index] = args;
    const core = await loadCore(process.env.MCDEWEY_CORE, ['ingest']);
    let last = '';
    const report = await core.ingest(corpus, index, {
      onProgress: (p) => {
        if (p.phase !== last) {
          last = p.phase;
          phase(`${p.phase} ${p.total}`);
        }
      },
    });
    phase('done');
    finish({ documents: report.documents, pages: report.pages, chunks: report.chunks, skipped: report.skipped.length, seconds: report.seconds });
    break;
  }
  case 'open': {
    const [index] = args;
    const core = await loadCore(process.env.MCDEWEY_CORE, ['openIndex', 'search']);
    const t0 = performance.now();
    const library = await core.openIndex(index);
    const t1 = performance.now();
    // `lexical` is Library's @internal BM25 index (not in the published types); the bench times it alone.
    void library.lexical;
    const t2 = performance.now();
    await core.search(library, 'restore a snapshot', { mode: 'lexical' });
    const t3 = performance.now();
    finish({
      chunks: library.chunkCount,
      openMs: t1 - t0,
      lexicalLoadMs: t2 - t1,
      firstQueryMs: t3 - t2,
      rssAfterMB: process.memoryUsage().rss / 2 ** 20,
      heapAfterMB: process.memoryUsage().heapUsed / 2 ** 20,
    });
    break;
  }
  case 'queries': {
    const [index, file, passesArg] = args;
    const passes = Number(passesArg ?? 5);
    const core = await loadCore(process.env.MCDEWEY_CORE, ['openIndex', 'search']);
    const library = await core.openIndex(index, { warm: true });
    const queries = readQueries(file);
    // Filtered queries: the same queries restricted to one vendor (in the synthetic corpora a tenth of the rows).
    const filterVendor = library.listVendors()[0]?.vendor;
    const searchMs = [];
    const legMs = [];
    const filteredMs = [];
    let empty = 0;
    for (let pass = 0; pass < passes; pass++) {
      for (const { query } of queries) {
        const t0 = performance.now();
        const response = await core.search(library, query, { mode: 'lexical', limit: 10 });
        const t1 = performance.now();
        library.lexical.search(query, undefined, 50);
        const t2 = performance.now();
        if (filterVendor) await core.search(library, query, { mode: 'lexical', limit: 10, filters: { vendor: filterVendor } });
        const t3 = performance.now();
        // The first pass warms caches and the JIT; it is not counted.
        if (pass === 0) {
          if (response.results.length === 0) empty++;
          continue;
        }
        searchMs.push(t1 - t0);
        legMs.push(t2 - t1);
        if (filterVendor) filteredMs.push(t3 - t2);
      }
    }
    const filteredShare = filterVendor ? library.listVendors()[0].versions.reduce((sum, v) => sum + v.chunks, 0) / library.chunkCount : 0;
    finish({ queries: queries.length, passes: passes - 1, emptyResults: empty, searchMs, lexicalLegMs: legMs, filteredMs, filterVendor, filteredShare });
    break;
  }
  case 'minisearch': {
    const [index, file, passesArg] = args;
    const passes = Number(passesArg ?? 5);
    const MiniSearch = await loadMiniSearch();
    const chunks = readFileSync(`${index}/chunks.jsonl`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    phase('loaded');
    const t0 = performance.now();
    const engine = new MiniSearch({ fields: ['title', 'headings', 'text'] });
    engine.addAll(chunks.map((chunk, id) => ({ id, title: chunk.title, headings: chunk.headings.join(' / '), text: chunk.text })));
    const buildMs = performance.now() - t0;
    phase('built');
    const queries = readQueries(file);
    const searchMs = [];
    for (let pass = 0; pass < passes; pass++) {
      for (const { query } of queries) {
        const t = performance.now();
        engine.search(query).slice(0, 10);
        if (pass > 0) searchMs.push(performance.now() - t);
      }
    }
    finish({ chunks: chunks.length, buildMs, queries: queries.length, passes: passes - 1, searchMs });
    break;
  }
  case 'synth': {
    const { writeSyntheticCorpus } = await import('./synth.mjs');
    const [out, chunks, source, seed] = args;
    const result = await writeSyntheticCorpus({ out, targetChunks: Number(chunks), source, seed: Number(seed ?? 1), onPhase: phase });
    finish(result);
    break;
  }
  default:
    process.stderr.write(`unknown task ${task}\n`);
    process.exit(2);
}
