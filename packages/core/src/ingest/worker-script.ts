import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleScript } from './bundle-script.js';

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
  const code = bundleScript({
    entry: fileURLToPath(new URL('./read-worker.ts', import.meta.url)),
    platform: 'node',
    purpose: 'Running ingest from the TypeScript sources',
    builtPackage: '@mcdewey/core',
  });
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
