import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild(
    { index: 'src/index.ts', guard: 'src/guard-entry.ts' },
    {
      // esbuild is only needed when running from source (dist ships the bundled view).
      external: ['esbuild'],
      // The chunk card MCP App's browser script is bundled separately (platform browser).
      async onSuccess() {
        const { bundleChunkCardView } = await import('./src/apps/view-bundle.js');
        await bundleChunkCardView({ entry: 'src/apps/view/main.ts', outFile: 'dist/apps/chunk-card-view.js' });
      },
    },
  ),
);
