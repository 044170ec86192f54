import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { McdeweyError } from '../errors.js';

let script: Promise<URL> | undefined;

/**
 * The reader worker's script: `read-worker.js` beside the package's built code. Run from the
 * TypeScript sources (the monorepo's tests), there is none, so `read-worker.ts` is bundled on
 * first use with esbuild (loaded only then) into `node_modules/.cache/` of the package, where its
 * package imports resolve.
 */
export function readWorkerUrl(): Promise<URL> {
  script ??= (async () => {
    const built = new URL('./read-worker.js', import.meta.url);
    if (!import.meta.url.endsWith('.ts') || existsSync(built)) return built;
    return bundleFromSource();
  })();
  script.catch(() => (script = undefined));
  return script;
}

async function bundleFromSource(): Promise<URL> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new McdeweyError('INVALID_ARGUMENT', 'Running ingest from the TypeScript sources needs esbuild (npm install -D esbuild), or a built @mcdewey/core', { cause: error });
  }
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./read-worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const dir = fileURLToPath(new URL('../../node_modules/.cache/mcdewey/', import.meta.url));
  const file = `${dir}read-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  if (!existsSync(file)) {
    // Test files run in parallel processes: write aside, then rename into place.
    await mkdir(dir, { recursive: true });
    const scratch = `${file}.${process.pid}.tmp`;
    await writeFile(scratch, code);
    await rename(scratch, file);
  }
  return pathToFileURL(file);
}
