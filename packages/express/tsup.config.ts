import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';
import { bundleAppScript } from './src/assets.js';

// The page script is bundled separately (platform browser) into dist/assets/app.js.
export default defineConfig(packageBuild({ index: 'src/index.ts' }, { onSuccess: async () => void bundleAppScript({ entry: 'src/client/app.ts', outFile: 'dist/assets/app.js' }) }));
