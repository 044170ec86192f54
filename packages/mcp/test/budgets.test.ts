import { connectTestClient } from './fixtures/client.js';
import { estimateTokens, type Library } from '@mcdewey/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTokens } from '../src/budget.js';
import { readDocument } from '../src/document-reading.js';
import { TOOL_LIMITS } from '../src/tools/tool.js';
import { buildTestIndex } from './fixtures/corpus.js';

const section = (title: string, n: number) =>
  `## ${title}\n\n${Array.from({ length: 14 }, (_, i) => `The ${title.toLowerCase()} procedure, step ${i + 1}: check valve ${n}-${i} and log the reading in the widget journal.`).join(' ')}\n`;

/** A long Markdown handbook (twelve sections, one with sub-sections) to read a budget at a time. */
const HANDBOOK = `# Widget handbook\n\n${Array.from({ length: 10 }, (_, i) => section(`Chapter ${i + 1}`, i)).join('\n')}\n## Maintenance\n\nKeep the widget clean.\n\n### Lubrication\n\n${section('Greasing', 90).replace('## Greasing\n\n', '')}\n### Inspection\n\nInspect the sprocket housing monthly.\n`;

let library: Library;
let cleanup: () => void;
let client: Client;

beforeAll(async () => {
  ({ library, cleanup } = await buildTestIndex({ 'acme/v2/guide/handbook.md': HANDBOOK }));
  ({ client } = await connectTestClient(library, 'budget-test'));
});

afterAll(async () => {
  await client?.close();
  cleanup?.();
});

async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** A successful call: its structured content (equal to its JSON text) and its resource links. */
async function answer(name: string, args: Record<string, unknown>): Promise<{ out: any; links: ResourceLink[]; tokens: number }> {
  const result = await call(name, args);
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  const [text, ...rest] = result.content;
  expect(JSON.parse((text as { text: string }).text)).toEqual(result.structuredContent);
  const links = rest as ResourceLink[];
  expect(links.every((link) => link.type === 'resource_link')).toBe(true);
  // The answer's size as the tools estimate it: structured content plus every link.
  const tokens = estimateTokens(JSON.stringify(result.structuredContent)) + links.reduce((sum, link) => sum + estimateTokens(JSON.stringify(link)), 0);
  return { out: result.structuredContent, links, tokens };
}

async function failure(name: string, args: Record<string, unknown>): Promise<string> {
  const result = await call(name, args);
  expect(result.isError).toBe(true);
  return (result.content[0] as { text: string }).text;
}

const QUERY = { query: 'procedure step check valve widget journal', limit: 10, mode: 'lexical' };

describe('search_docs max_tokens', () => {
  it('without max_tokens nothing is trimmed', async () => {
    const { out } = await answer('search_docs', QUERY);
    expect(out.trimmed).toBeUndefined();
    expect(out.results.length).toBeGreaterThan(1);
  });

  it('a budget the answer fits leaves it as it is', async () => {
    const full = await answer('search_docs', QUERY);
    const fitted = await answer('search_docs', { ...QUERY, max_tokens: full.tokens + 50 });
    expect(fitted.out.trimmed).toBeUndefined();
    expect(fitted.out.results).toEqual(full.out.results);
  });

  it('shortens snippets first, keeping every result, and says so', async () => {
    const full = await answer('search_docs', QUERY);
    const budget = full.tokens - 20;
    const { out, tokens } = await answer('search_docs', { ...QUERY, max_tokens: budget });
    expect(tokens).toBeLessThanOrEqual(budget);
    expect(out.trimmed).toMatchObject({ max_tokens: budget, snippets_shortened: true, results_left_out: 0, estimated_tokens: tokens });
    expect(out.trimmed.message).toMatch(/^Trimmed to fit max_tokens \d+: snippets shortened/);
    expect(out.results.map((hit: any) => hit.chunk_id)).toEqual(full.out.results.map((hit: any) => hit.chunk_id));
    expect(out.results.some((hit: any) => hit.snippet.includes(' …\n</source>'))).toBe(true);
  });

  it('leaves out results from the last to fit a small budget, and every answer fits', async () => {
    const full = await answer('search_docs', QUERY);
    for (const budget of [200, 350, 600]) {
      const { out, tokens, links } = await answer('search_docs', { ...QUERY, max_tokens: budget });
      expect(tokens, `max_tokens ${budget}`).toBeLessThanOrEqual(budget);
      expect(out.trimmed.results_left_out).toBe(full.out.results.length - out.results.length);
      expect(out.trimmed.message).toContain(`${out.trimmed.results_left_out} of ${full.out.results.length} results left out`);
      // The best results are the ones kept, in order; their links are kept with them.
      expect(out.results.map((hit: any) => hit.chunk_id)).toEqual(full.out.results.slice(0, out.results.length).map((hit: any) => hit.chunk_id));
      expect(links.filter((link) => link.uri.startsWith('mcdewey://chunk/')).map((link) => link.name)).toEqual(out.results.map((hit: any) => hit.chunk_id));
    }
  });

  it('refuses a budget outside its range, naming it', async () => {
    const { min, max } = TOOL_LIMITS.searchTokens;
    expect(await failure('search_docs', { ...QUERY, max_tokens: min - 1 })).toContain(`max_tokens must be an integer from ${min} to ${max}`);
    expect(await failure('search_docs', { ...QUERY, max_tokens: 1.5 })).toContain('max_tokens must be an integer');
  });
});

describe('resource_link items', () => {
  it('search_docs links every hit chunk and, once, each hit document', async () => {
    const { out, links } = await answer('search_docs', { query: 'snapshot', limit: 5 });
    const chunkLinks = links.filter((link) => link.uri.startsWith('mcdewey://chunk/'));
    expect(chunkLinks.map((link) => link.uri)).toEqual(out.results.map((hit: any) => hit.resource_uri));
    const documentUris = [...new Set(out.results.map((hit: any) => `mcdewey://doc/${hit.vendor}/${hit.version}/${hit.group}/${hit.doc}`))];
    expect(links.filter((link) => link.uri.startsWith('mcdewey://doc/')).map((link) => link.uri)).toEqual(documentUris);
    const pdfHit = links.find((link) => link.name.startsWith('globex::9.0::manual::operator-guide::'));
    if (pdfHit) expect(pdfHit.description).toMatch(/operator-guide\.pdf, page \d/);
    expect(links[0]).toMatchObject({ type: 'resource_link', mimeType: 'text/markdown', name: out.results[0].chunk_id });
  });

  it('the linked resources can be read', async () => {
    const { links } = await answer('read_document', { doc_id: 'acme::v1::guide::backup' });
    for (const link of links) {
      const read = await client.readResource({ uri: link.uri });
      expect(read.contents[0]!.uri).toBe(link.uri);
    }
  });
});

describe('read_document', () => {
  const HANDBOOK_ID = 'acme::v2::guide::handbook';

  it('reads a whole short document in one answer, every part labelled and linked', async () => {
    const { out, links } = await answer('read_document', { doc_id: 'acme::v1::guide::backup' });
    expect(out.next_cursor).toBeUndefined();
    expect(out.selected_chunks).toBe(out.parts.length);
    expect(out.parts.map((part: any) => part.n)).toEqual(out.parts.map((_: unknown, i: number) => i));
    for (const part of out.parts) expect(part.text).toMatch(new RegExp(`^<source chunk_id="${part.chunk_id}">\\n[^]*\\n</source>$`));
    expect(links.map((link) => link.uri)).toEqual([...out.parts.map((part: any) => part.resource_uri), 'mcdewey://doc/acme/v1/guide/backup']);
    expect(out.covers).toMatchObject({ first_chunk_id: 'acme::v1::guide::backup::0' });
  });

  it('pages a long document within max_tokens; the pages join up to the whole document, nothing twice', async () => {
    const total = library.documents.find((document) => document.id === HANDBOOK_ID)!.chunkCount;
    const seen: number[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const { out, tokens } = await answer('read_document', { doc_id: HANDBOOK_ID, max_tokens: 1000, ...(cursor ? { cursor } : {}) });
      expect(tokens).toBeLessThanOrEqual(1000);
      expect(out.estimated_tokens).toBe(tokens);
      expect(out.parts.length).toBeGreaterThan(0);
      for (const part of out.parts) if (!part.from_char) seen.push(part.n);
      cursor = out.next_cursor;
      if (cursor) expect(out.notice).toMatch(/call read_document again with cursor/);
      calls += 1;
    } while (cursor && calls < 50);
    expect(calls).toBeGreaterThan(2);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('cuts a chunk that alone is over the budget and continues it from the same character', async () => {
    // Below the tool's least max_tokens, so that one chunk is over it: readDocument itself takes any budget.
    const document = library.documents.find((candidate) => candidate.id === HANDBOOK_ID)!;
    const selection = { kind: 'chunks', from: 1, to: 1 } as const;
    const read = (cursor?: string) => readDocument(library, document, { selection, maxTokens: 720, ...(cursor ? { cursor } : {}) });
    const first = read();
    const [part] = first.structured.parts;
    expect(first.structured.estimated_tokens).toBeLessThanOrEqual(720);
    expect(answerTokens(first.structured, first.links)).toBe(first.structured.estimated_tokens);
    expect(part).toMatchObject({ chunk_id: `${HANDBOOK_ID}::1`, continues: true });
    expect(first.structured.notice).toContain('(the first of them in part)');
    let text = part!.text.replace(/^<source [^>]*>\n|\n<\/source>$/g, '');
    let cursor = first.structured.next_cursor;
    let calls = 1;
    while (cursor && calls < 30) {
      const next = read(cursor);
      expect(next.structured.estimated_tokens).toBeLessThanOrEqual(720);
      const [piece] = next.structured.parts;
      expect(piece!.from_char).toBe(text.length);
      text += piece!.text.replace(/^<source [^>]*>\n|\n<\/source>$/g, '');
      cursor = next.structured.next_cursor;
      calls += 1;
    }
    expect(calls).toBeGreaterThan(1);
    expect(text).toBe(library.getChunk(`${HANDBOOK_ID}::1`).text);
  });

  it('reads a chunk range', async () => {
    const { out } = await answer('read_document', { doc_id: HANDBOOK_ID, from_chunk: 2, to_chunk: 4 });
    expect(out.parts.map((part: any) => part.chunk_id)).toEqual([2, 3, 4].map((n) => `${HANDBOOK_ID}::${n}`));
    expect(out.selection).toBe('chunks 2-4');
    expect(out.covers).toEqual({ first_chunk_id: `${HANDBOOK_ID}::2`, last_chunk_id: `${HANDBOOK_ID}::4` });
  });

  it('reads a section by heading or heading path, sub-sections included', async () => {
    const chunks = library.getDocument(HANDBOOK_ID).chunks;
    const under = (heading: string) => chunks.filter((chunk) => chunk.headings.includes(heading)).map((chunk) => chunk.id);
    const { out } = await answer('read_document', { doc_id: HANDBOOK_ID, section: 'maintenance' });
    expect(out.parts.map((part: any) => part.chunk_id)).toEqual(under('Maintenance'));
    expect(out.parts.some((part: any) => part.headings.includes('Inspection'))).toBe(true);
    const path = await answer('read_document', { doc_id: HANDBOOK_ID, section: 'Maintenance > Inspection' });
    expect(path.out.parts.map((part: any) => part.chunk_id)).toEqual(under('Inspection'));
    expect(path.out.parts.every((part: any) => part.headings.at(-1) === 'Inspection')).toBe(true);
  });

  it('reads a PDF page range, each part with its pages', async () => {
    const { out } = await answer('read_document', { doc_id: 'globex::9.0::manual::operator-guide', from_page: 2, to_page: 3 });
    expect(out.parts.length).toBeGreaterThan(0);
    for (const part of out.parts) {
      expect(part.page).toBeLessThanOrEqual(3);
      expect(part.page_end ?? part.page).toBeGreaterThanOrEqual(2);
      expect(part.text).toMatch(new RegExp(`^<source chunk_id="${part.chunk_id}" page="${part.page}(-\\d+)?">`));
    }
    expect(out.covers.pages).toMatch(/^[23]/);
    expect(out.parts.map((part: any) => part.text).join('\n')).toContain('coolant pump');
  });

  it('refuses what it cannot read with a message naming the parameter and what is valid', async () => {
    expect(await failure('read_document', { doc_id: 'acme::v1::guide::backup', from_page: 1 })).toMatch(/INVALID_ARGUMENT.*not a PDF: it has no pages/);
    expect(await failure('read_document', { doc_id: HANDBOOK_ID, section: 'Nowhere' })).toMatch(
      /no section "Nowhere" in acme::v2::guide::handbook; sections: "Widget handbook > Chapter 1", .*"Widget handbook > Maintenance > Inspection"/,
    );
    expect(await failure('read_document', { doc_id: HANDBOOK_ID, from_chunk: 999 })).toMatch(/from_chunk 999 is past the end of acme::v2::guide::handbook, which has \d+ chunks/);
    expect(await failure('read_document', { doc_id: HANDBOOK_ID, section: 'Maintenance', from_chunk: 1 })).toContain(
      'give one of from_chunk/to_chunk, section or from_page/to_page, not from_chunk/to_chunk and section',
    );
    expect(await failure('read_document', { doc_id: `${HANDBOOK_ID}::3` })).toContain(`is a chunk id; its document is "${HANDBOOK_ID}": pass doc_id "${HANDBOOK_ID}" with from_chunk 3`);
    expect(await failure('read_document', { doc_id: 'acme::v9::guide::none' })).toMatch(/CHUNK_NOT_FOUND.*no document "acme::v9::guide::none".*list_documents/);
    expect(await failure('read_document', { doc_id: HANDBOOK_ID, max_tokens: 999 })).toContain('max_tokens must be an integer from 1000 to 50000');
    const { out } = await answer('read_document', { doc_id: HANDBOOK_ID, max_tokens: 1000 });
    expect(await failure('read_document', { doc_id: HANDBOOK_ID, section: 'Maintenance', cursor: out.next_cursor })).toMatch(
      /INVALID_ARGUMENT.*cursor is not a next_cursor of this document and selection/,
    );
    expect(await failure('read_document', { doc_id: HANDBOOK_ID, cursor: 'bogus' })).toMatch(/cursor is not a next_cursor/);
  });
});
