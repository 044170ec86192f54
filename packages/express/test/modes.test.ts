import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildSemanticLibrary, startTestServer, type TestLibrary, type TestServer } from './helpers.js';

let corpus: TestLibrary;
let server: TestServer;

beforeAll(async () => {
  corpus = await buildSemanticLibrary();
  server = await startTestServer(corpus.library, { corpusDir: corpus.corpusDir });
});
afterAll(async () => {
  await server?.close();
  corpus?.remove();
});

describe('an index with vectors, opened with its embedder', () => {
  test('offers hybrid (selected), lexical and semantic', async () => {
    const text = await (await fetch(`${server.origin}/`)).text();
    const options = [...text.matchAll(/<option value="(hybrid|lexical|semantic)"( selected)?>/g)].map((match) => `${match[1]}${match[2] ? '*' : ''}`);
    expect(options).toEqual(['hybrid*', 'lexical', 'semantic']);
    const health = (await (await fetch(`${server.origin}/healthz`)).json()) as { modes: string[] };
    expect(health.modes).toEqual(['hybrid', 'lexical', 'semantic']);
  });

  test.each(['hybrid', 'lexical', 'semantic'])('mode=%s runs that mode, on the page and in the API', async (mode) => {
    const api = (await (await fetch(`${server.origin}/api/search?q=install+the+widget+daemon&mode=${mode}`)).json()) as { mode: string; results: { id: string }[] };
    expect(api.mode).toBe(mode);
    expect(api.results[0]!.id).toBe('acme::v2::guide::install::0');
    const page = await (await fetch(`${server.origin}/?q=install+the+widget+daemon&mode=${mode}`)).text();
    expect(page).toContain(` · ${mode} · `);
    expect(page).toContain(`<option value="${mode}" selected>`);
  });
});
