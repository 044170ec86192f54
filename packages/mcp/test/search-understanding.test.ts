import { connectTestClient } from './fixtures/client.js';
import { search, type Library } from '@mcdewey/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestIndex } from './fixtures/corpus.js';

/** Postgres pages: a vendor a query can name, and a word common enough to correct towards. */
const EXTRA: Record<string, string> = Object.fromEntries([
  ...Array.from({ length: 4 }, (_, i) => [`postgresql/v17/admin/replication${i}.md`, `# Replication ${i}\n\nConfigure streaming replication between servers, part ${i}.`]),
  ['postgresql/v15/admin/replication.md', '# Replication\n\nConfigure streaming replication between servers in version 15.'],
  // Twelve documents holding one word: three pages of five.
  ...Array.from({ length: 12 }, (_, i) => [`acme/v1/guide/tuning${i}.md`, `# Tuning ${i}\n\nThe throttle setting number ${i} changes how fast writes go (${'part '.repeat(i)}).`]),
]);

let library: Library;
let cleanup: () => void;
let client: Client;

beforeAll(async () => {
  ({ library, cleanup } = await buildTestIndex(EXTRA));
  ({ client } = await connectTestClient(library, 'mcdewey-test'));
});
afterAll(async () => {
  await client?.close();
  cleanup?.();
});

/** The structured content of a successful search_docs call, checked to equal its JSON text. */
async function searchDocs(args: Record<string, unknown>): Promise<any> {
  const result = (await client.callTool({ name: 'search_docs', arguments: args })) as CallToolResult;
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
  return result.structuredContent;
}

describe('search_docs: what the query was understood as', () => {
  it('reports the vendor, version and corrections, with guidance on turning them off', async () => {
    const out = await searchDocs({ query: 'postgres 17 streaming replicaton' });
    expect(out.interpreted).toEqual({ vendor: 'postgresql', version: 'v17', corrected: 'postgres 17 streaming replication', corrections: [{ from: 'replicaton', to: 'replication' }] });
    expect(out.results[0]).toMatchObject({ vendor: 'postgresql', version: 'v17' });
    expect(out.guidance).toContain('Searched for "postgres 17 streaming replication" instead of "postgres 17 streaming replicaton"; call again with correct: false');
    expect(out.guidance).toContain('The query names postgresql v17: its chunks rank first, other vendors are still included; interpret: false turns this off.');
  });

  it('searches the query as typed with interpret: false and correct: false', async () => {
    const out = await searchDocs({ query: 'postgres 17 streaming replicaton', interpret: false, correct: false });
    expect(out.interpreted).toBeUndefined();
    expect(out.guidance ?? '').not.toMatch(/Searched for|The query names/);
  });

  it('says there is no strong match, with suggestions carrying the arguments to retry with', async () => {
    const out = await searchDocs({ query: 'streaming replication servers', vendor: 'acme' });
    expect(out.no_strong_match).toBe(true);
    const drop = out.suggestions.find((suggestion: { retry?: unknown }) => suggestion.retry);
    expect(drop).toEqual({ message: expect.stringContaining('without them there are matches in postgresql'), retry: { query: 'streaming replication servers', limit: 5 } });
    expect(out.guidance).toMatch(/^No strong match: /);
    expect(out.guidance).toContain('(call search_docs with {"query":"streaming replication servers","limit":5})');
    const retried = await searchDocs(drop.retry);
    expect(retried.no_strong_match).toBeUndefined();
    expect(retried.results[0].vendor).toBe('postgresql');
  });

  it("lists each hit's other matching chunks of its document, to fetch with get_chunk", async () => {
    const out = await searchDocs({ query: 'coolant reactor controller operators', vendor: 'globex' });
    // A PDF gives one hit per place (chunks a few pages apart are hits of their own); no chunk is listed twice.
    const hits = out.results.filter((result: { doc: string }) => result.doc === 'operator-guide');
    const listed = hits.flatMap((result: { chunk_id: string; more_in_document?: { chunk_id: string }[] }) => [result.chunk_id, ...(result.more_in_document ?? []).map((more) => more.chunk_id)]);
    expect(new Set(listed).size).toBe(listed.length);
    const hit = hits.find((result: { more_in_document?: unknown[] }) => (result.more_in_document?.length ?? 0) > 0);
    expect(hit.more_in_document.length).toBeGreaterThan(0);
    for (const other of hit.more_in_document) {
      expect(other).toEqual({ chunk_id: expect.stringMatching(/^globex::9\.0::manual::operator-guide::\d+$/), headings: expect.any(Array), page: expect.any(Number) });
      const chunk = (await client.callTool({ name: 'get_chunk', arguments: { chunk_id: other.chunk_id, context: 0 } })) as CallToolResult;
      expect(chunk.isError).toBeFalsy();
      expect((chunk.structuredContent as any).chunk.page).toBe(other.page);
    }
  });

  it('describes the new inputs and outputs in the tool listing', async () => {
    const { tools } = await client.listTools();
    const search = tools.find((tool) => tool.name === 'search_docs')!;
    expect(search.description).toMatch(/more_in_document/);
    expect(search.description).toMatch(/no_strong_match/);
    expect(search.inputSchema.properties).toMatchObject({ interpret: { type: 'boolean' }, correct: { type: 'boolean' } });
    expect(Object.keys(search.outputSchema!.properties!)).toEqual(expect.arrayContaining(['interpreted', 'no_strong_match', 'suggestions', 'guidance']));
  });

  it('rejects a non-boolean interpret or correct with an isError result', async () => {
    for (const [name, value] of [
      ['interpret', 'yes'],
      ['correct', 1],
    ] as const) {
      const result = (await client.callTool({ name: 'search_docs', arguments: { query: 'snapshot', [name]: value } })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect((result.content[0] as { text: string }).text).toContain(`${name} must be true or false`);
    }
  });
});

describe('search_docs: the total and the next page', () => {
  it('says how many results there are and walks them by next_offset, none twice, none missing', async () => {
    const first = await searchDocs({ query: 'throttle', limit: 5 });
    expect(first).toMatchObject({ total: 12, total_exact: true, offset: 0, next_offset: 5 });
    const ids: string[] = [];
    let page = first;
    for (;;) {
      ids.push(...page.results.map((hit: { chunk_id: string }) => hit.chunk_id));
      if (page.next_offset === undefined) break;
      page = await searchDocs({ query: 'throttle', limit: 5, offset: page.next_offset });
    }
    expect(ids).toHaveLength(12);
    expect(ids).toEqual((await search(library, 'throttle', { limit: 12 })).results.map((result) => result.id));
  });

  it('a page trimmed to max_tokens goes on after the last hit it kept', async () => {
    const page = await searchDocs({ query: 'throttle', limit: 5, max_tokens: 700 });
    expect(page.trimmed.results_left_out).toBeGreaterThan(0);
    expect(page.next_offset).toBe(page.results.length);
  });

  it('refuses an offset out of range, naming it', async () => {
    const result = (await client.callTool({ name: 'search_docs', arguments: { query: 'throttle', offset: -1 } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('offset must be an integer from 0 to 10000');
  });
});
