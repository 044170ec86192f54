import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McdeweyError } from '@mcdewey/core';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Bundles the browser script (`client/app.ts` with its modules and the `stemmer` package) into
 * one minified ES module. The package build runs this once into `dist/client/app.js`; from
 * source (the monorepo, tests) the exporter runs it on demand. esbuild is loaded only then.
 */
export async function bundleClient(options: { entry?: string; outFile?: string } = {}): Promise<string> {
  const { entry = join(here, 'client', 'app.ts'), outFile } = options;
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new McdeweyError('INVALID_ARGUMENT', 'Building the static site script needs esbuild (npm install -D esbuild), or a built @mcdewey/static', { cause: error });
  }
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  if (outFile) {
    await mkdir(dirname(outFile), { recursive: true });
    await writeFile(outFile, code);
  }
  return code;
}

/** The browser script: the prebuilt one next to the package's code, else bundled now. */
export async function clientScript(): Promise<string> {
  const prebuilt = join(here, 'client', 'app.js');
  if (existsSync(prebuilt)) return readFile(prebuilt, 'utf8');
  return bundleClient();
}
