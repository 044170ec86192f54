import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// `read-worker` is not an export: ingest starts it as a worker thread from beside dist/index.js.
// esbuild is only needed when running from source (it bundles the worker then).
export default defineConfig(packageBuild({ index: 'src/index.ts', ranking: 'src/ranking.ts', 'read-worker': 'src/ingest/read-worker.ts' }, { external: ['esbuild'] }));
