import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';
import { bundleChunkCardView } from './src/apps/view-bundle.js';

// The chunk card MCP App's browser script is bundled separately (platform browser).
export default defineConfig(
  packageBuild(
    { index: 'src/index.ts', guard: 'src/guard-entry.ts' },
    { onSuccess: async () => void bundleChunkCardView({ entry: 'src/apps/view/main.ts', outFile: 'dist/apps/chunk-card-view.js' }) },
  ),
);
