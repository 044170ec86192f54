import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import { TOOL_VERSION } from '../src/version.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('@mcdewey/core public API', () => {
  it('pins the exports map: one ESM entry with types', () => {
    expect(packageJson.exports).toEqual({
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './package.json': './package.json',
    });
  });

  it('pins the runtime exports (anything exported is public API)', () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "DEFAULT_CHUNKER_SETTINGS",
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
        "evaluateRun",
        "findKnownModel",
        "fingerprintsMatch",
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
        "readCollection",
        "readDocument",
        "recallAt",
        "reciprocalRankAt",
        "resolveEmbedder",
        "resolveIndexEmbedder",
        "search",
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
