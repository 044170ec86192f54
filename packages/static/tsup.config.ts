import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild(
    { index: 'src/index.ts' },
    {
      // esbuild is only needed when running from source (dist ships the bundled script).
      external: ['esbuild'],
      // The browser script is bundled separately (platform browser) into dist/client/app.js.
      async onSuccess() {
        const { bundleClient } = await import('./src/client-build.js');
        await bundleClient({ entry: 'src/client/app.ts', outFile: 'dist/client/app.js' });
      },
    },
  ),
);
