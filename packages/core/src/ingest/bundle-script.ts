import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { McdeweyError } from '../errors.js';

/** What `bundleScript` bundles, for whom, and where the result goes. */
export interface BundleScriptOptions {
  /** The entry module (a file path). */
  entry: string;
  /**
   * `browser` (default): one minified ES2022 module with every dependency inside, for a page or an
   * MCP App view. `node`: an ES module for Node 20 that keeps package imports as imports.
   */
  platform?: 'browser' | 'node';
  /** Also write the bundle to this file (its folder is made as needed). Default: not written. */
  outFile?: string;
  /** What needs the bundle, for the error when esbuild is missing ("Building the static site script"). */
  purpose: string;
  /** The package whose build ships the bundle already ("@mcdewey/static"), named in that error. */
  builtPackage: string;
}

/**
 * Bundles one script with esbuild (loaded only now, so a built package never needs it): the
 * packages' builds run this once into their `dist/`, and code running from the TypeScript
 * sources (the monorepo's tests) runs it on demand. Synchronous, so a caller that must answer at
 * once (a router reading its assets) can use it too. Returns the bundled code.
 */
export function bundleScript(options: BundleScriptOptions): string {
  const { entry, platform = 'browser', outFile, purpose, builtPackage } = options;
  let esbuild: typeof import('esbuild');
  try {
    esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  } catch (error) {
    throw new McdeweyError('INVALID_ARGUMENT', `${purpose} needs esbuild (npm install -D esbuild), or a built ${builtPackage}`, { cause: error });
  }
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform,
    write: false,
    logLevel: 'silent',
    ...(platform === 'browser' ? { target: 'es2022', minify: true, legalComments: 'none' } : { target: 'node20', packages: 'external' }),
  });
  const code = result.outputFiles[0]!.text;
  if (outFile) {
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, code);
  }
  return code;
}
