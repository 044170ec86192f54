import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// Browser-safe: the static site's script and the web app's script bundle this package, so nothing
// here imports Node. `client` is the pages' behaviour in the browser.
export default defineConfig(packageBuild({ index: 'src/index.ts', client: 'src/client.ts' }, { platform: 'neutral' }));
