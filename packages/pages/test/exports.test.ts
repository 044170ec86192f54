import { describe, expect, it } from 'vitest';
import { builtExportsMap, readPackageJson } from '@mcdewey/test-support/exports-map';
import * as client from '../src/client.js';

describe('@mcdewey/pages public API', () => {
  it('pins the exports map: the pages, and their behaviour in the browser (client)', () => {
    expect(readPackageJson(new URL('../', import.meta.url)).exports).toEqual(builtExportsMap({ '.': 'index', './client': 'client' }));
  });

  it("pins the client entry's exports", () => {
    expect(Object.keys(client).sort()).toEqual(['appendResults', 'browseFilter', 'copyButtons', 'documentParts', 'resultKeys', 'searchKeys']);
  });
});
