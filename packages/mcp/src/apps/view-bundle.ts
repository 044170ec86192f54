import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { McdeweyError } from '@mcdewey/core';

/** Where the package build writes the bundled view: next to `dist/index.js`. */
const PREBUILT = new URL('./apps/chunk-card-view.js', import.meta.url);
/** The view's source entry, for running from source (the monorepo's tests). */
const SOURCE_ENTRY = new URL('./view/main.ts', import.meta.url);

/**
 * Bundles the chunk card view (`view/main.ts` with `@modelcontextprotocol/ext-apps` and its
 * dependencies) into one minified browser script. The package build runs this once into
 * `dist/apps/chunk-card-view.js`; from source it runs on demand. esbuild is loaded only then.
 */
export async function bundleChunkCardView(options: { entry?: string; outFile?: string } = {}): Promise<string> {
  const { entry = fileURLToPath(SOURCE_ENTRY), outFile } = options;
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new McdeweyError('INVALID_ARGUMENT', 'Building the chunk card view needs esbuild (npm install -D esbuild), or a built @mcdewey/mcp', { cause: error });
  }
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: !!outFile,
    ...(outFile ? { outfile: outFile } : {}),
    legalComments: 'none',
    logLevel: 'silent',
  });
  if (outFile) return readFile(outFile, 'utf8');
  return result.outputFiles![0]!.text;
}

let loading: Promise<string> | undefined;

/** The view's browser script: the prebuilt one next to the package's code, else bundled now (once per process). */
export function chunkCardViewScript(): Promise<string> {
  loading ??= (existsSync(PREBUILT) ? readFile(PREBUILT, 'utf8') : bundleChunkCardView()).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
