import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import { TOOL_VERSION } from '../src/version.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('@mcdewey/core public API', () => {
  it('pins the exports map: the ESM entry and the browser-safe ranking entry, with types', () => {
    expect(packageJson.exports).toEqual({
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './ranking': { types: './dist/ranking.d.ts', import: './dist/ranking.js' },
      './package.json': './package.json',
    });
  });

  it('keeps @mcdewey/core/ranking free of Node and package imports, so browsers can bundle it', () => {
    const seen = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = readFileSync(url, 'utf8');
      for (const [, specifier] of source.matchAll(/^(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gms)) {
        expect(specifier, `${url.pathname} imports ${specifier}`).toMatch(/^\.\.?\//);
        // Type-only imports vanish from the bundle, but a relative one is still followed.
        visit(new URL(specifier!.replace(/\.js$/, '.ts'), url));
      }
    };
    visit(new URL('../src/ranking.ts', import.meta.url));
    expect(seen.size).toBeGreaterThan(3);
  });

  it("pins the ranking entry's runtime exports", async () => {
    const ranking = await import('../src/ranking.js');
    expect(Object.keys(ranking).sort()).toEqual(['diversify', 'makeSnippet', 'markSnippet', 'moreItem', 'nearlyIdentical', 'reciprocalRankFusion', 'resultItem']);
  });

  it('pins the runtime exports (anything exported is public API)', () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "DEFAULT_CHUNKER_SETTINGS",
        "DEFAULT_INGEST_LIMITS",
        "DEFAULT_MODEL_ID",
        "FORMAT_VERSION",
        "KNOWN_MODELS",
        "Library",
        "McdeweyError",
        "READABLE_FORMAT_VERSIONS",
        "SEARCH_LIMITS",
        "TOOL_VERSION",
        "TRAINED_FUSION_WEIGHTS",
        "TRAINER_DEFAULTS",
        "TRANSFORMERS_EMBEDDER_DEFAULTS",
        "availableModes",
        "averagePrecisionAt",
        "chunkDocument",
        "chunkId",
        "compareVersions",
        "describeFingerprint",
        "detectFormat",
        "documentId",
        "estimateTokens",
        "evaluateCollection",
        "evaluateGolden",
        "evaluateRun",
        "findKnownModel",
        "fingerprintsMatch",
        "formatDocsEvalTable",
        "formatEvalTable",
        "formatOf",
        "ingest",
        "isMcdeweyError",
        "isSlug",
        "isTrainedModelId",
        "listCorpus",
        "loadTransformersEmbedder",
        "markSnippet",
        "ndcgAt",
        "openIndex",
        "parseChunkId",
        "queryTerms",
        "rankingSettingsOf",
        "readCollection",
        "readDocument",
        "readGoldenCollection",
        "recallAt",
        "reciprocalRankAt",
        "resolveCorpusFile",
        "resolveEmbedder",
        "resolveIndexEmbedder",
        "rollbackIndex",
        "search",
        "successAt",
        "trainEmbedder",
        "trainEmbeddingModel",
        "writeEmbeddingModelFolder",
        "writeTestModel",
        "writeTrainedModel",
      ]
    `);
  });

  it('keeps TOOL_VERSION in step with package.json', () => {
    expect(TOOL_VERSION).toBe(packageJson.version);
  });
});
