import { FETCH_MANIFEST_FILE, FETCH_MANIFEST_VERSION } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardFromToolResult } from '../src/apps/view/card-data.js';
import { chunkCardText } from '../src/format.js';
import { connectTestClient } from './fixtures/client.js';
import { buildTestIndex } from './fixtures/corpus.js';

const URL_OF_PAGE = 'https://docs.initech.example/manual/staplers.html';
const manifest = {
  formatVersion: FETCH_MANIFEST_VERSION,
  files: { 'manual/staplers.html': { url: URL_OF_PAGE, from: 'https://docs.initech.example/', sha256: 'x', bytes: 1, fetchedAt: '2026-01-01T00:00:00Z' } },
};

const fixture = buildTestIndex({
  'initech/v2/manual/staplers.html':
    '<html><head><title>Staplers</title></head><body><main><h1>Staplers</h1><h2 id="refills">Refills</h2><p>Red staplers are refilled on Mondays.</p></main></body></html>',
  'initech/v2/manual/reports.md': '# Reports\n\nCover sheets go on every report.\n',
  [`initech/v2/${FETCH_MANIFEST_FILE}`]: JSON.stringify(manifest),
});
let connection: Awaited<ReturnType<typeof connectTestClient>>;
beforeAll(async () => void (connection = await connectTestClient((await fixture).library, 'source-urls-test')));
afterAll(async () => {
  await connection?.client.close();
  (await fixture).cleanup();
});
const structured = (name: string, args: Record<string, unknown>) => connection.structured(name, args);

describe('"View on vendor site" for agents', () => {
  it('search_docs hits and get_chunk cards of fetched documents carry source_url with the section anchor; others none', async () => {
    const out = await structured('search_docs', { query: 'red staplers refilled', mode: 'lexical' });
    expect(out.results[0]).toMatchObject({ doc: 'staplers', source_url: `${URL_OF_PAGE}#refills` });
    const card = await structured('get_chunk', { chunk_id: out.results[0].chunk_id, context: 0 });
    expect(card.chunk.source_url).toBe(`${URL_OF_PAGE}#refills`);
    expect(chunkCardText((await fixture).library.getChunk(out.results[0].chunk_id))).toContain(`on site   ${URL_OF_PAGE}#refills`);
    // The chunk card MCP App reads it for its "View on vendor site" link (http(s) only).
    const result = await connection.client.callTool({ name: 'get_chunk', arguments: { chunk_id: out.results[0].chunk_id, context: 0 } });
    expect(cardFromToolResult(result)?.sourceUrl).toBe(`${URL_OF_PAGE}#refills`);
    const hostile = { structuredContent: { chunk: { ...card.chunk, source_url: 'javascript:alert(1)' } } };
    expect(cardFromToolResult(hostile)).not.toHaveProperty('sourceUrl');
    const other = await structured('search_docs', { query: 'cover sheets report', mode: 'lexical' });
    expect(other.results[0]).not.toHaveProperty('source_url');
  });
});
