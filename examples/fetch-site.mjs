// Keeping a library current from a vendor's site: fetch the site into a corpus, ingest it, and
// search; each result links back to its section on the site.
//
//   node examples/fetch-site.mjs <start-url> <corpus-dir> <vendor> <version> ["query"]
//
// Run it again: only changed pages are downloaded (conditional requests), and the ingest only
// reads what changed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest, openIndex, search } from '@mcdewey/core';
import { fetchSite } from '@mcdewey/fetch';

const [url, corpusDir, vendor, version, query = 'install'] = process.argv.slice(2);
if (!url || !corpusDir || !vendor || !version) {
  console.error('usage: node examples/fetch-site.mjs <start-url> <corpus-dir> <vendor> <version> ["query"]');
  process.exit(2);
}

// 1. Fetch: pages under the URL's folder and the documents they link to, politely (robots.txt, rate limits).
const report = await fetchSite(url, { corpusDir, vendor, version, onProgress: ({ done, total }) => process.stderr.write(`\rfetched ${done}/${total}`) });
process.stderr.write('\n');
console.log(`fetched: ${report.added.length} added, ${report.changed.length} changed, ${report.unchanged.length} unchanged, ${report.skipped.length} links skipped`);

// 2. Ingest the corpus (the fetch manifest gives each chunk its URL on the site).
const indexDir = join(mkdtempSync(join(tmpdir(), 'mcdewey-fetch-example-')), 'index');
await ingest(corpusDir, indexDir);

// 3. Search: each result offers "View on vendor site".
const library = await openIndex(indexDir);
const { results } = await search(library, query, { limit: 3 });
for (const result of results) console.log(`- ${result.title} ${result.id}\n  View on vendor site: ${result.sourceUrl ?? '(not fetched)'}`);
await library.dispose();
