import { connectTestClient } from './fixtures/client.js';
import type { Library } from '@mcdewey/core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkCardText } from '../src/format.js';
import { buildTestIndex, pdf } from './fixtures/corpus.js';

// Printed "i" on the cover, then 1, 2 from the PDF's second page.
const LABELS = '/PageLabels << /Nums [0 << /S /r >> 1 << /S /D >>] >>';
const lines = (words: string) => Array.from({ length: 40 }, (_, i) => `${words}, step ${i + 1}.`);

let library: Library;
let cleanup: () => void;
let client: Client;

beforeAll(async () => {
  ({ library, cleanup } = await buildTestIndex({
    'initech/v2/manual/handbook.pdf': pdf(
      [
        ['Initech Handbook', ...lines('The cover page of the handbook')],
        ['Chapter 1 Staplers', 'Every desk keeps one red stapler within reach.', ...lines('Staplers are refilled on Mondays')],
        ['Chapter 2 Reports', 'Cover sheets go on every report.', ...lines('Reports are filed in triplicate')],
      ],
      LABELS,
    ),
  }));
  ({ client } = await connectTestClient(library, 'page-labels-test'));
});
afterAll(async () => {
  await client?.close();
  cleanup?.();
});

const stapler = () => library.getDocument('initech::v2::manual::handbook').chunks.find((chunk) => chunk.text.includes('red stapler'))!;
const structured = async (name: string, args: Record<string, unknown>) => ((await client.callTool({ name, arguments: args })) as CallToolResult).structuredContent as any;

describe('printed page labels for agents', () => {
  it('get_chunk gives the printed page beside the physical one, and the one-line citation', async () => {
    const chunk = stapler();
    expect(chunk).toMatchObject({ page: 2, pageLabel: '1' });
    const out = await structured('get_chunk', { chunk_id: chunk.id, context: 0 });
    expect(out.chunk).toMatchObject({ page: 2, page_label: '1' });
    expect(out.chunk.citation).toBe(
      ['initech v2', chunk.title, ...(chunk.headings.length ? [chunk.headings.join(' › ')] : []), 'p. 1 (PDF page 2)', chunk.id, 'initech/v2/manual/handbook.pdf'].join(' · '),
    );
    expect(out.chunk.text.startsWith(`<source chunk_id="${chunk.id}" page="2" printed_page="1">`)).toBe(true);
  });

  it('search_docs hits carry page_label, and chunks of unlabelled PDFs none', async () => {
    const out = await structured('search_docs', { query: 'red stapler', mode: 'lexical' });
    const hit = out.results.find((result: { chunk_id: string }) => result.chunk_id === stapler().id);
    expect(hit).toMatchObject({ page: 2, page_label: '1' });
    const other = await structured('search_docs', { query: 'coolant pump primed', mode: 'lexical' });
    expect(other.results[0]).not.toHaveProperty('page_label');
  });

  it('the chunk resource text cites "p. 1 (PDF page 2)"', () => {
    const text = chunkCardText(stapler());
    expect(text).toContain('page      p. 1 (PDF page 2)');
    expect(text).toContain('citation  initech v2 · ');
  });
});
