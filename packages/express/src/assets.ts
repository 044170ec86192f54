import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleScript } from '@mcdewey/core';
import { STYLESHEET } from '@mcdewey/pages';
import type { NextFunction, Request, Response } from 'express';

/** One static asset of the web app, held in memory. */
export interface Asset {
  name: string;
  contentType: string;
  body: Buffer;
  /** Short content hash: the `?v=` of asset URLs and the ETag. */
  version: string;
  /** Bytes gzip-compressed (served to clients that accept gzip). */
  gzipped: Buffer;
}

/** Where the package build writes the page script: `dist/assets/app.js`, next to `dist/index.js`. */
const PREBUILT_SCRIPT = new URL('./assets/app.js', import.meta.url);

/**
 * Bundles the page script (`client/app.ts`, with the behaviour shared with the static site from
 * `@mcdewey/pages/client`) into one minified browser module. The package build runs this once
 * into `dist/assets/app.js`; running from source (the monorepo's tests), the router runs it.
 */
export function bundleAppScript(options: { entry?: string; outFile?: string } = {}): string {
  const { entry = fileURLToPath(new URL('./client/app.ts', import.meta.url)), outFile } = options;
  return bundleScript({ entry, ...(outFile ? { outFile } : {}), purpose: 'Building the web app script', builtPackage: '@mcdewey/express' });
}

/** The stylesheet is the one shared with the static site; the script is the web app's own. */
const ASSET_SOURCES: { name: string; contentType: string; read: () => Buffer }[] = [
  { name: 'style.css', contentType: 'text/css; charset=utf-8', read: () => Buffer.from(STYLESHEET) },
  { name: 'app.js', contentType: 'text/javascript; charset=utf-8', read: () => (existsSync(PREBUILT_SCRIPT) ? readFileSync(PREBUILT_SCRIPT) : Buffer.from(bundleAppScript())) },
];

let cache: Map<string, Asset> | undefined;

/** The app's assets (read once per process). */
export function loadAssets(): Map<string, Asset> {
  if (cache) return cache;
  cache = new Map();
  for (const { name, contentType, read } of ASSET_SOURCES) {
    const body = read();
    const version = createHash('sha256').update(body).digest('hex').slice(0, 12);
    cache.set(name, { name, contentType, body, version, gzipped: gzipSync(body, { level: 9 }) });
  }
  return cache;
}

/** Byte sizes of the assets the search page loads, raw and gzip-compressed. */
export function assetSizes(): { name: string; bytes: number; gzipBytes: number }[] {
  return [...loadAssets().values()].map((asset) => ({ name: asset.name, bytes: asset.body.length, gzipBytes: asset.gzipped.length }));
}

/**
 * Serves an asset by name: `?v=<hash>` URLs are cached for a year (the hash changes with the
 * content), others revalidate by ETag; gzip when the client accepts it.
 */
export function assetHandler(assets: Map<string, Asset>) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const asset = assets.get(String(request.params.name));
    if (!asset) return next();
    const etag = `"${asset.version}"`;
    response.setHeader('Content-Type', asset.contentType);
    response.setHeader('ETag', etag);
    response.setHeader('Vary', 'Accept-Encoding');
    response.setHeader('Cache-Control', request.query.v === asset.version ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (request.headers['if-none-match'] === etag) {
      response.status(304).end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (gzip) response.setHeader('Content-Encoding', 'gzip');
    response.end(gzip ? asset.gzipped : asset.body);
  };
}
