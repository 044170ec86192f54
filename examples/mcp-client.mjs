// An MCP client talking to McDewey: connect with the MCP TypeScript SDK, search, read a chunk.
//
//   node examples/mcp-client.mjs http://127.0.0.1:3000/mcp ["query"]   a running server (mcdewey serve)
//   node examples/mcp-client.mjs --index DIR ["query"]                 serves DIR in this process on 127.0.0.1:0 first
//   node examples/mcp-client.mjs --stdio DIR ["query"]                 spawns `mcdewey mcp --index DIR` (MCDEWEY_BIN: the CLI)
//
// Prints the server's name, the hits of `search_docs` and the first hit read with `get_chunk`.
// Exits 1 when the search fails, so it doubles as a smoke test.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [mode, ...rest] = process.argv.slice(2);
// A URL is the whole target; --index and --stdio take a directory after them.
const [target, query = 'restore a cluster from a snapshot'] = mode?.startsWith('--') ? rest : [mode, ...rest];
if (!mode) {
  console.error('usage: node examples/mcp-client.mjs URL|--index DIR|--stdio DIR ["query"]');
  process.exit(2);
}

let transport;
let stopServer = async () => {};
if (mode === '--index') {
  // In-process server, as `mcdewey serve` mounts it at /mcp.
  const { openIndex } = await import('@mcdewey/core');
  const { startMcpHttpServer } = await import('@mcdewey/mcp');
  const server = await startMcpHttpServer({ library: await openIndex(target), host: '127.0.0.1', port: 0 });
  stopServer = () => server.close();
  transport = new StreamableHTTPClientTransport(new URL(server.url));
} else if (mode === '--stdio') {
  const bin = process.env.MCDEWEY_BIN ?? new URL('../packages/cli/dist/bin.js', import.meta.url).pathname;
  transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp', '--index', target] });
} else {
  transport = new StreamableHTTPClientTransport(new URL(mode));
}

const client = new Client({ name: 'mcdewey-example-client', version: '1.0.0' });
let exitCode = 0;
try {
  await client.connect(transport);
  const { name, version } = client.getServerVersion();
  console.log(`connected to ${name} ${version}`);

  // 1. Search: short snippets with citable chunk ids (and PDF pages).
  const search = await client.callTool({ name: 'search_docs', arguments: { query, limit: 3 } });
  if (search.isError) throw new Error(search.content[0].text);
  const { mode: ranking, results } = search.structuredContent;
  console.log(`${results.length} results (${ranking}) for "${query}":`);
  for (const hit of results) console.log(`- ${hit.chunk_id}${hit.page ? ` (p. ${hit.page})` : ''} ${hit.title}`);

  // 2. Read the best hit in its document context before using it.
  if (results[0]) {
    const chunk = await client.callTool({ name: 'get_chunk', arguments: { chunk_id: results[0].chunk_id, context: 1 } });
    const card = chunk.structuredContent.chunk;
    console.log(`\n${card.source}${card.page ? ` page ${card.page}` : ''}\n${card.text.slice(0, 400)}`);
  }
} catch (error) {
  console.error(`mcp-client: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => {});
  await client.close();
  await stopServer();
}
process.exit(exitCode);
