// A library that keeps itself current inside your program: serve a LiveLibrary, watch the corpus,
// and every change is re-ingested and swapped in while requests keep being answered.
//
//   node examples/live-library.mjs <corpus-dir> <index-dir> "query" [--swaps N]
//
// It ingests the corpus, serves the web app and /mcp over the live library on a free port, and
// prints the results for the query at every new generation; edit, add or remove a document in the
// corpus to see one. With --swaps N it stops after N swaps (Ctrl+C otherwise).
import { LiveLibrary, ingest, search, watchCorpus } from '@mcdewey/core';
import { createApp } from '@mcdewey/express';

const [corpusDir, indexDir, query, flag, count] = process.argv.slice(2);
if (!corpusDir || !indexDir || !query) {
  console.error('usage: node examples/live-library.mjs <corpus-dir> <index-dir> "query" [--swaps N]');
  process.exit(2);
}
const stopAfter = flag === '--swaps' ? Number(count) : Infinity;

// 1. Ingest once (incremental: a second run reads only what changed), then open the index live.
await ingest(corpusDir, indexDir);
const live = await LiveLibrary.open(indexDir);

// 2. Serve it: the router and /mcp lease the generation served when each request arrives.
const app = createApp(live);
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
console.error(`serving generation ${live.generation} at http://127.0.0.1:${server.address().port}/ (and /mcp)`);

// 3. Search the current generation; `use` holds it for the whole call, even across a swap.
const show = async () => {
  const { results } = await live.use((library) => search(library, query, { limit: 3 }));
  console.log(`generation ${live.generation}: ${results.map((result) => result.id).join(', ') || 'no results'} for "${query}"`);
};
await show();

// 4. Watch the corpus: changes are re-ingested in the background and swapped in. A failed
//    re-ingest keeps the old generation serving (live.status().lastError says why).
let swaps = 0;
const watcher = await watchCorpus(live, corpusDir, {
  debounceMs: 200,
  onError: (error) => console.error(`re-ingest failed, still serving generation ${live.generation}: ${error.message}`),
});
live.on('retire', ({ generation }) => console.error(`generation ${generation} released (its last request ended)`));
live.on('swap', () => {
  swaps++;
  void show().then(() => {
    if (swaps >= stopAfter) void stop();
  });
});
await watcher.ready;
console.error(`watching ${corpusDir}`);

async function stop() {
  await watcher.close();
  await app.close();
  server.closeAllConnections();
  server.close();
  await live.close();
}
process.once('SIGINT', () => void stop());
