import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleScript } from '@mcdewey/core';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Bundles the browser script (`client/app.ts` with its modules and the `stemmer` package) into
 * one minified ES module. The package build runs this once into `dist/client/app.js`; from
 * source (the monorepo, tests) the exporter runs it on demand.
 */
export function bundleClient(options: { entry?: string; outFile?: string } = {}): string {
  const { entry = join(here, 'client', 'app.ts'), outFile } = options;
  return bundleScript({ entry, ...(outFile ? { outFile } : {}), purpose: 'Building the static site script', builtPackage: '@mcdewey/static' });
}

/** The browser script: the prebuilt one next to the package's code, else bundled now. */
export async function clientScript(): Promise<string> {
  const prebuilt = join(here, 'client', 'app.js');
  if (existsSync(prebuilt)) return readFile(prebuilt, 'utf8');
  return bundleClient();
}
