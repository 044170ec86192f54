import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SiteLoader } from './client/engine.js';

/** A {@link SiteLoader} over an exported site's folder, to run the site's search in Node. */
export function siteFileLoader(siteDir: string): SiteLoader & { bytesRead: number; filesRead: string[] } {
  const root = resolve(siteDir);
  const loader = {
    bytesRead: 0,
    filesRead: [] as string[],
    async bytes(path: string): Promise<Uint8Array> {
      if (path.startsWith('/') || path.split('/').includes('..')) throw new Error(`not a site path: ${path}`);
      const data = await readFile(join(root, ...path.split('/')));
      loader.bytesRead += data.length;
      loader.filesRead.push(path);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    },
    async json<T>(path: string): Promise<T> {
      return JSON.parse(new TextDecoder().decode(await loader.bytes(path))) as T;
    },
  };
  return loader;
}
