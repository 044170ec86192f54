import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// `read-worker` is not an export: ingest starts it as a worker thread from beside dist/index.js.
// esbuild is only needed when running from source (it bundles the worker then).
// Code splitting keeps each `import()` inside core (the document readers) a chunk of its own, so
// opening and searching an index never loads cheerio, marked or pdf.js.
// stopword is bundled from its ES modules, tree-shaken to the one English list core uses: its
// CommonJS entry holds 62 languages and took ~30 ms to load, a tenth of a cold lexical search.
export default defineConfig(
  packageBuild(
    { index: 'src/index.ts', ranking: 'src/ranking.ts', eval: 'src/eval/index.ts', models: 'src/models.ts', 'read-worker': 'src/ingest/read-worker.ts' },
    {
      // Members tagged `@internal` (Library's lexical, vectors, embedder) stay out of the published types.
      dts: { compilerOptions: { stripInternal: true } },
      external: ['esbuild'],
      noExternal: ['stopword'],
      splitting: true,
      esbuildOptions(options) {
        options.mainFields = ['module', 'main'];
      },
    },
  ),
);
