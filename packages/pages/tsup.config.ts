import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// Browser-safe: the static site's script bundles this package, so nothing here imports Node.
export default defineConfig(packageBuild({ index: 'src/index.ts' }, { platform: 'neutral' }));
