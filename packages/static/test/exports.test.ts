import { expect, it } from 'vitest';
import { builtExportsMap, readPackageJson } from '@mcdewey/test-support/exports-map';
import * as api from '../src/index.js';

// Everything exported is public API: this pins it, so a change to it is a decision, not an accident.
it('exports exactly the public API', () => {
  expect(Object.keys(api).sort()).toEqual(['EXPORT_DEFAULTS', 'SITE_FILES', 'SITE_FORMAT_VERSION', 'StaticLibrary', 'StaticSearchError', 'exportSite', 'siteFileLoader']);
  expect(readPackageJson(new URL('../', import.meta.url)).exports).toEqual(builtExportsMap({ '.': 'index' }));
  expect(api.EXPORT_DEFAULTS).toEqual({ basePath: '/', name: 'McDewey', rowsPerBlock: 16, termShardBytes: 32768 });
});
