import { readdirSync } from 'node:fs';
import { McdeweyError, availableModes, type Library } from '@mcdewey/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getChunkTool } from '../src/tools/get-chunk.js';
import { registerTools } from '../src/tools/index.js';
import { listDocumentsTool } from '../src/tools/list-documents.js';
import { listVendorsTool } from '../src/tools/list-vendors.js';
import { readDocumentTool } from '../src/tools/read-document.js';
import { guarded } from '../src/tools/result.js';
import { searchDocsTool } from '../src/tools/search-docs.js';
import type { McdeweyTool, ToolLibrary } from '../src/tools/tool.js';
import { buildTestIndex } from './fixtures/corpus.js';

let library: Library;
let cleanup: () => void;
let facts: ToolLibrary;

beforeAll(async () => {
  ({ library, cleanup } = await buildTestIndex());
  facts = { vendors: ['acme', 'globex'], versions: ['v1', 'v2'], groups: ['guide'], modes: availableModes(library) };
});
afterAll(() => cleanup?.());

const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

describe('one file per tool', () => {
  it('each tool file under src/tools defines the tool it is named after, and registerTools registers exactly those', () => {
    const tools: McdeweyTool[] = [searchDocsTool(facts), getChunkTool(facts), readDocumentTool(facts), listVendorsTool(facts), listDocumentsTool(facts)];
    const files = readdirSync(new URL('../src/tools/', import.meta.url)).filter((file) => !['index.ts', 'tool.ts', 'result.ts', 'schemas.ts'].includes(file));
    expect(tools.map((tool) => `${tool.name.replace(/_/g, '-')}.ts`).sort()).toEqual(files.sort());
    const server = new McpServer({ name: 'test', version: '1' });
    const register = vi.spyOn(server, 'registerTool');
    registerTools(server, library);
    expect((register.mock.calls as unknown as [string][]).map(([name]) => name)).toEqual(['search_docs', 'get_chunk', 'read_document', 'list_vendors', 'list_documents']);
  });

  it('a definition runs on its own: arguments parsed by its input schema, answer shaped by its output schema', async () => {
    const tool = listDocumentsTool(facts);
    const result = await tool.run(tool.inputSchema.parse({ vendor: 'acme', limit: 1 }), library);
    const output = tool.outputSchema.parse(result.structuredContent);
    expect(output).toMatchObject({ documents: [{ vendor: 'acme' }], next_cursor: expect.any(String) });
    expect(JSON.parse(text(result))).toEqual(result.structuredContent);
  });

  it('the filter descriptions list the values they are given', () => {
    const schema = searchDocsTool(facts).inputSchema;
    expect(schema.shape.vendor.description).toBe('Only this vendor. One of: acme, globex.');
    const many = searchDocsTool({ ...facts, vendors: Array.from({ length: 31 }, (_, i) => `v${i}`) }).inputSchema;
    expect(many.shape.vendor.description).toBe('Only this vendor. 31 values; see list_vendors.');
  });
});

describe('guarded', () => {
  const roots = ['/srv/mcdewey/index'];

  it('turns a McdeweyError into an error result naming its code, with a hint and no server path', async () => {
    const result = await guarded('search_docs', { onError: undefined, roots }, () => {
      throw new McdeweyError('VECTOR_INDEX_UNAVAILABLE', 'Cannot load hnswlib-node, the native addon behind vector search (/srv/app/node_modules/hnswlib-node/build/addon.node: invalid ELF header)');
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^search_docs failed \(VECTOR_INDEX_UNAVAILABLE\): Cannot load hnswlib-node, the native addon behind vector search \(.*\)\. Retry with mode "lexical"\.$/);
    expect(text(result)).not.toContain('/srv/app');
  });

  it('reports any other error to onError and answers with an internal error; the result is not thrown', async () => {
    const onError = vi.fn();
    const boom = new TypeError('x is undefined');
    const result = await guarded('get_chunk', { onError, roots }, async () => {
      throw boom;
    });
    expect(onError).toHaveBeenCalledWith(boom, 'get_chunk');
    expect(text(result)).toBe('get_chunk failed with an internal error: x is undefined. The server is still running; retry or report it.');
  });
});
