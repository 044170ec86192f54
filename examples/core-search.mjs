// Embedding McDewey in an application: ingest a corpus folder once, then open the index and search.
//
//   node examples/core-search.mjs [corpus-dir] [index-dir] ["query"]
//
// Defaults: the bundled corpus/, an index in a temporary folder, and an etcd question.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest, openIndex, search } from '@mcdewey/core';

const corpusDir = process.argv[2] ?? new URL('../corpus', import.meta.url).pathname;
const indexDir = process.argv[3] ?? join(mkdtempSync(join(tmpdir(), 'mcdewey-example-')), 'index');
const query = process.argv[4] ?? 'restore a cluster from a snapshot';

// 1. Ingest: incremental, so running it again only reads what changed.
const report = await ingest(corpusDir, indexDir);
console.error(`indexed ${report.documents} documents into ${report.chunks} chunks (${report.skipped.length} skipped)`);

// 2. Open the index once and keep it: it is immutable and safe to share between requests.
const index = await openIndex(indexDir);

// 3. Search, optionally filtered; every result cites its chunk id (and PDF page).
const { mode, results } = await search(index, query, { limit: 3 });
console.log(`${results.length} results (${mode}) for "${query}":`);
for (const result of results) {
  console.log(`- ${result.title} [${result.vendor} ${result.version}${result.page ? `, page ${result.page}` : ''}] ${result.id}`);
}

// 4. Fetch a chunk with its neighbours to read it in context.
if (results[0]) {
  const { chunk, after } = index.getChunkInContext(results[0].id, 1);
  console.log(`\n${chunk.text.slice(0, 300)}${after.length ? '\n…' : ''}`);
}
