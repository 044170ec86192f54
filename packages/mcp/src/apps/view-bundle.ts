import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleScript } from '@mcdewey/core';

/** Where the package build writes the bundled view: next to `dist/index.js`. */
const PREBUILT = new URL('./apps/chunk-card-view.js', import.meta.url);
/** The view's source entry, for running from source (the monorepo's tests). */
const SOURCE_ENTRY = new URL('./view/main.ts', import.meta.url);

/**
 * Bundles the chunk card view (`view/main.ts` with `@modelcontextprotocol/ext-apps` and its
 * dependencies) into one minified browser script. The package build runs this once into
 * `dist/apps/chunk-card-view.js`; from source it runs on demand.
 */
export function bundleChunkCardView(options: { entry?: string; outFile?: string } = {}): string {
  const { entry = fileURLToPath(SOURCE_ENTRY), outFile } = options;
  return bundleScript({ entry, ...(outFile ? { outFile } : {}), purpose: 'Building the chunk card view', builtPackage: '@mcdewey/mcp' });
}

let loading: Promise<string> | undefined;

/** The view's browser script: the prebuilt one next to the package's code, else bundled now (once per process). */
export function chunkCardViewScript(): Promise<string> {
  loading ??= (existsSync(PREBUILT) ? readFile(PREBUILT, 'utf8') : Promise.resolve().then(() => bundleChunkCardView())).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
