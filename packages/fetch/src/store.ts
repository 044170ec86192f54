import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FETCH_MANIFEST_FILE, FETCH_MANIFEST_VERSION, McdeweyError, readFetchManifest, type FetchManifest, type FetchManifestEntry } from '@mcdewey/core';
import { documentKey } from './slugs.js';

/** A version folder's fetch manifest, read once, with its entries by URL. */
export interface PreviousFetch {
  manifest: FetchManifest;
  byUrl: Map<string, { path: string; entry: FetchManifestEntry }>;
}

/**
 * The fetch manifest of a version folder (an empty one when there is none).
 * @throws McdeweyError `INVALID_ARGUMENT` naming the file when it is damaged (it is never overwritten then).
 */
export function loadPreviousFetch(versionDir: string): PreviousFetch {
  const manifest = readFetchManifest(versionDir) ?? { formatVersion: FETCH_MANIFEST_VERSION, files: {} };
  const byUrl = new Map(Object.entries(manifest.files).map(([path, entry]) => [entry.url, { path, entry }]));
  return { manifest, byUrl };
}

/** Document keys (`group/doc`) of the files in a version folder that no fetch wrote: fetch never replaces them. */
export function foreignDocuments(versionDir: string, manifest: FetchManifest): Set<string> {
  const foreign = new Set<string>();
  if (!existsSync(versionDir)) return foreign;
  for (const group of readdirSync(versionDir, { withFileTypes: true })) {
    if (!group.isDirectory() || group.name.startsWith('.')) continue;
    for (const file of readdirSync(join(versionDir, group.name))) {
      const path = `${group.name}/${file}`;
      if (!file.startsWith('.') && manifest.files[path] === undefined) foreign.add(documentKey(path));
    }
  }
  return foreign;
}

/** A folder beside the files where fetched bodies wait until the crawl ends (same file system: moved in by rename). */
export class Staging {
  readonly dir: string;
  private count = 0;

  constructor(versionDir: string) {
    this.dir = join(versionDir, `.mcdewey-fetch-staging-${process.pid}`);
    mkdirSync(this.dir, { recursive: true });
  }

  /** Writes a body and returns where it waits. */
  put(bytes: Uint8Array): string {
    const path = join(this.dir, String(this.count++));
    writeFileSync(path, bytes);
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Moves a staged file to its place (`group/doc.ext` in the version folder), replacing an earlier copy. */
export function moveInto(versionDir: string, path: string, staged: string): void {
  const target = join(versionDir, path);
  mkdirSync(dirname(target), { recursive: true });
  renameSync(staged, target);
}

/** Removes a file an earlier fetch wrote (its page is gone) and its group folder when that is left empty. */
export function removeFetched(versionDir: string, path: string): void {
  const target = join(versionDir, path);
  rmSync(target, { force: true });
  const folder = dirname(target);
  if (existsSync(folder) && readdirSync(folder).length === 0) rmSync(folder, { recursive: true, force: true });
}

/** Writes the manifest atomically (a temporary file renamed over it). */
export function writeManifest(versionDir: string, files: Record<string, FetchManifestEntry>): void {
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const manifest: FetchManifest = { formatVersion: FETCH_MANIFEST_VERSION, files: sorted };
  const path = join(versionDir, FETCH_MANIFEST_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(versionDir, { recursive: true });
    writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new McdeweyError('INVALID_ARGUMENT', `Cannot write the fetch manifest ${path}: ${(error as Error).message}`, { cause: error, details: { path } });
  }
}
