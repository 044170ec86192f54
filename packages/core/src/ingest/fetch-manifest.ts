import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McdeweyError } from '../errors.js';

/**
 * The file `mcdewey fetch` keeps in each `vendor/version` folder it fills: every fetched file's
 * source URL, validators and hash. A dot file, so the corpus listing passes over it.
 */
export const FETCH_MANIFEST_FILE = '.mcdewey-fetch.json';

/** The manifest's format version; a reader refuses one it does not know. */
export const FETCH_MANIFEST_VERSION = 1;

/** What the fetch manifest records of one fetched file. */
export interface FetchManifestEntry {
  /** The page's URL after redirects, without query or fragment. */
  url: string;
  /** The start URL of the fetch that brought the file (a later `--prune` run of it may remove the file). */
  from: string;
  /** The `ETag` the server sent, for `If-None-Match` next time. */
  etag?: string;
  /** The `Last-Modified` the server sent, for `If-Modified-Since` next time. */
  lastModified?: string;
  /** sha256 (hex) of the bytes written. */
  sha256: string;
  bytes: number;
  /** When the file was last fetched (ISO 8601). */
  fetchedAt: string;
}

/** `vendor/version/.mcdewey-fetch.json`: fetched files by their path inside the version folder (`group/doc.ext`). */
export interface FetchManifest {
  formatVersion: number;
  files: Record<string, FetchManifestEntry>;
}

/**
 * Reads the fetch manifest of a `vendor/version` folder, or `undefined` when it has none.
 * @throws McdeweyError `INVALID_ARGUMENT` naming the file when it is not a manifest this version reads.
 */
export function readFetchManifest(versionDir: string): FetchManifest | undefined {
  const path = join(versionDir, FETCH_MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw manifestError(path, (error as Error).message, error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw manifestError(path, 'not JSON', error);
  }
  const manifest = value as Partial<FetchManifest> | null;
  if (manifest?.formatVersion !== FETCH_MANIFEST_VERSION) throw manifestError(path, `format version ${String(manifest?.formatVersion)} is not ${FETCH_MANIFEST_VERSION}`);
  if (typeof manifest.files !== 'object' || manifest.files === null) throw manifestError(path, '"files" is missing');
  for (const [file, entry] of Object.entries(manifest.files)) {
    if (typeof entry?.url !== 'string' || !/^https?:\/\//.test(entry.url) || typeof entry.sha256 !== 'string') throw manifestError(path, `entry "${file}" has no http(s) url or sha256`);
  }
  return manifest as FetchManifest;
}

/**
 * The source URL of each corpus file that a fetch manifest lists, by corpus path
 * (`vendor/version/group/doc.ext`). A damaged manifest is told to `onNotice` and passed over: the
 * documents still go in, without URLs.
 */
export function sourceUrlsOf(corpusDir: string, sources: readonly string[], onNotice?: (message: string) => void): Map<string, string> {
  const urls = new Map<string, string>();
  const versions = new Set(sources.map((source) => source.split('/').slice(0, 2).join('/')));
  for (const version of versions) {
    let manifest: FetchManifest | undefined;
    try {
      manifest = readFetchManifest(join(corpusDir, version));
    } catch (error) {
      onNotice?.(`${(error as Error).message}; documents of ${version} are read without their source URLs.`);
    }
    for (const [file, entry] of Object.entries(manifest?.files ?? {})) urls.set(`${version}/${file}`, entry.url);
  }
  return urls;
}

function manifestError(path: string, reason: string, cause?: unknown): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `Fetch manifest ${path} cannot be read: ${reason}`, { cause, details: { path } });
}
