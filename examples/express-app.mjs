// Embedding McDewey's web library in your own Express app, next to your own routes.
//
//   node examples/express-app.mjs <index-dir> [port] [corpus-dir]
//
// Build an index first (mcdewey ingest corpus --index .mcdewey/index). Port 0 picks a free port.
// Prints the URL on stdout once listening; Ctrl+C (or SIGTERM) stops it.
import express from 'express';
import { openIndex } from '@mcdewey/core';
import { mcdeweyRouter } from '@mcdewey/express';

const [indexDir, port = '3000', corpusDir = new URL('../corpus', import.meta.url).pathname] = process.argv.slice(2);
if (!indexDir) {
  console.error('usage: node examples/express-app.mjs <index-dir> [port] [corpus-dir]');
  process.exit(2);
}

// Open the index once: it is immutable and shared by every request.
const library = await openIndex(indexDir, { warm: true });

const app = express();
app.get('/', (_request, response) => {
  response.type('html').send('<h1>My app</h1><p>The documentation lives at <a href="/docs/">/docs/</a>.</p>');
});
// Everything McDewey serves — search, chunk pages, documents, PDFs, /docs/api/*, /docs/mcp — lives
// under the mount path; its links follow it.
const docs = mcdeweyRouter(library, { corpusDir, title: 'My app docs' });
app.use('/docs', docs);

const server = app.listen(Number(port), '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(`http://127.0.0.1:${actual}/docs/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await docs.close(); // ends open MCP sessions
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
