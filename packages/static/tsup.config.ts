import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';
import { bundleClient } from './src/client-build.js';

// The browser script is bundled separately (platform browser) into dist/client/app.js.
export default defineConfig(packageBuild({ index: 'src/index.ts' }, { onSuccess: async () => void bundleClient({ entry: 'src/client/app.ts', outFile: 'dist/client/app.js' }) }));
