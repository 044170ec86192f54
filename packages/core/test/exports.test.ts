import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtExportsMap, readPackageJson } from '@mcdewey/test-support/exports-map';
import * as core from '../src/index.js';
import * as evaluation from '../src/eval/index.js';
import * as models from '../src/models.js';
import { TOOL_VERSION } from '../src/version.js';

const packageJson = readPackageJson(new URL('../', import.meta.url));

describe('@mcdewey/core public API', () => {
  it('pins the exports map: the main entry, browser-safe ranking, eval and models, each with types first', () => {
    expect(packageJson.exports).toEqual(builtExportsMap({ '.': 'index', './ranking': 'ranking', './eval': 'eval', './models': 'models' }));
    for (const [subpath, target] of Object.entries(packageJson.exports as Record<string, unknown>)) {
      if (typeof target === 'object') expect(Object.keys(target!)[0], subpath).toBe('types');
    }
  });

  it('builds every exported entry (the tsup entries and the exports map agree)', () => {
    const built = readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8');
    for (const [subpath, target] of Object.entries(packageJson.exports as Record<string, { import?: string }>)) {
      if (!target.import) continue;
      const name = target.import.replace(/^\.\/dist\/(.*)\.js$/, '$1');
      expect(built, `${subpath} → ${target.import}`).toMatch(new RegExp(`(^|[\\s{,'])${name}'?: 'src/`));
    }
  });

  it('keeps @mcdewey/core/ranking free of Node and package imports (but the stemmer), so browsers can bundle it', () => {
    const seen = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      const source = readFileSync(url, 'utf8');
      for (const [, specifier] of source.matchAll(/^(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gms)) {
        // `stemmer` is the one package allowed: plain ES code, no Node built-ins (the static site bundles it).
        if (specifier === 'stemmer') continue;
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
    expect(Object.keys(ranking).sort()).toEqual([
      'DocumentRows',
      'RANKING_DEFAULTS',
      'SEARCH_LIMITS',
      'SPELLING_SETTINGS',
      'TOKEN_SEPARATOR',
      'allowedEdits',
      'bm25Contribution',
      'bm25Idf',
      'citationLine',
      'compareVersions',
      'distinctTerms',
      'diversify',
      'documentFilter',
      'fencedText',
      'listedSpellingDictionary',
      'makeSnippet',
      'markSnippet',
      'moreItem',
      'nearlyIdentical',
      'pageCitation',
      'pageRange',
      'plural',
      'printedPageRange',
      'rankingSettings',
      'reciprocalRankFusion',
      'resultItem',
      'resultTotal',
      'searchSource',
      'termNormalizer',
      'termSequence',
      'unknownFilterValues',
      'vendorCatalogOf',
    ]);
  });

  it('pins the runtime exports (anything exported is public API)', () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "DEFAULT_CHUNKER_SETTINGS",
        "DEFAULT_INGEST_LIMITS",
        "FETCH_MANIFEST_FILE",
        "FETCH_MANIFEST_VERSION",
        "FORMAT_VERSION",
        "Library",
        "LiveLibrary",
        "McdeweyError",
        "READABLE_FORMAT_VERSIONS",
        "SEARCH_LIMITS",
        "TOOL_VERSION",
        "TRAINED_FUSION_WEIGHTS",
        "availableModes",
        "bundleScript",
        "chunkDocument",
        "chunkId",
        "citationLine",
        "compareVersions",
        "currentLibrary",
        "documentId",
        "embedIndex",
        "estimateTokens",
        "fencedText",
        "findOriginals",
        "formatOf",
        "ingest",
        "isMcdeweyError",
        "isSlug",
        "leaseLibrary",
        "listCorpus",
        "markSnippet",
        "memorySource",
        "openIndex",
        "originalFileProblem",
        "pageCitation",
        "pageRange",
        "parseChunkId",
        "plural",
        "printedPageRange",
        "queryTerms",
        "rankingSettingsOf",
        "readDocument",
        "readFetchManifest",
        "resolveCorpusFile",
        "resultTotal",
        "rollbackIndex",
        "scopedLibrary",
        "scopedSource",
        "search",
        "searchSource",
        "servedGeneration",
        "watchCorpus",
      ]
    `);
  });

  it("pins the models entry's runtime exports (embedders, model folders, training, fingerprints)", () => {
    expect(Object.keys(models).sort()).toEqual([
      'BERT_SHAPES',
      'DEFAULT_MODEL_ID',
      'KNOWN_MODELS',
      'TRAINER_DEFAULTS',
      'TRANSFORMERS_EMBEDDER_DEFAULTS',
      'cachedBertModel',
      'describeFingerprint',
      'findKnownModel',
      'fingerprintsMatch',
      'isTrainedModelId',
      'loadTransformersEmbedder',
      'rememberedModelFolder',
      'resolveEmbedder',
      'resolveIndexEmbedder',
      'trainEmbedder',
      'trainEmbeddingModel',
      'writeBertModel',
      'writeEmbeddingModelFolder',
      'writeTestModel',
      'writeTrainedModel',
    ]);
  });

  it("pins the eval entry's runtime exports", () => {
    expect(Object.keys(evaluation).sort()).toEqual([
      'DOCS_METRIC_NOTE',
      'EVAL_CORPUS_LAYOUT',
      'GOLDEN_FORMAT',
      'GOLDEN_SPLITS',
      'GOLDEN_TAGS',
      'averagePrecisionAt',
      'detectFormat',
      'evaluateCollection',
      'evaluateGolden',
      'evaluateRun',
      'formatDocsEvalTable',
      'formatEvalTable',
      'goldenGrader',
      'isGoldenShape',
      'judgedUnits',
      'meanDocsScores',
      'ndcgAt',
      'parseGoldenCollection',
      'readCollection',
      'readGoldenCollection',
      'recallAt',
      'reciprocalRankAt',
      'scoreDocsQuery',
      'scoreGoldenQuery',
      'successAt',
    ]);
  });

  it('exports each name from one of the main, models and eval entries only', () => {
    const owners = new Map<string, string[]>();
    for (const [entry, names] of [
      ['.', Object.keys(core)],
      ['./models', Object.keys(models)],
      ['./eval', Object.keys(evaluation)],
    ] as const) {
      for (const name of names) owners.set(name, [...(owners.get(name) ?? []), entry]);
    }
    expect([...owners].filter(([, entries]) => entries.length > 1)).toEqual([]);
  });

  it("keeps Library's internal classes out of the published types (lexical, vectors, embedder are @internal)", () => {
    const dist = fileURLToPath(new URL('../dist/', import.meta.url));
    if (!existsSync(`${dist}index.d.ts`)) throw new Error(`${dist}index.d.ts is missing: build core first (pnpm --filter @mcdewey/core run build)`);
    // The class may land in a shared declaration chunk beside index.d.ts; read them all.
    const declarations = readdirSync(dist)
      .filter((file) => file.endsWith('.d.ts'))
      .map((file) => readFileSync(`${dist}${file}`, 'utf8'));
    const library = declarations.map((text) => /^declare class Library \{\n[\s\S]*?\n\}$/m.exec(text)?.[0]).find(Boolean);
    expect(library, 'declare class Library in dist/*.d.ts').toBeDefined();
    expect(library).not.toMatch(/get lexical\(\)|get vectors\(\)|^ {4}(readonly )?embedder\??:/m);
    // What adapters use instead.
    for (const member of ['correctionList(): CorrectionList;', 'get hasVectors(): boolean;', 'vectorAt(row: number): Float32Array;', 'dispose(): Promise<void>;']) {
      expect(library).toContain(member);
    }
  });

  it('keeps TOOL_VERSION in step with package.json', () => {
    expect(TOOL_VERSION).toBe(packageJson.version);
  });
});
