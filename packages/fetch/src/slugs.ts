import type { DocumentFormat } from '@mcdewey/core';
import { FORMAT_EXTENSIONS } from './content.js';
import { extensionOf, type CrawlScope } from './scope.js';

/** A fetched file waiting for its place in the corpus. */
export interface Placeable {
  url: URL;
  format: DocumentFormat;
}

/** What `placeFiles` must keep clear of or keep. */
export interface Placement {
  scope: CrawlScope;
  /** Every document of the crawl goes in this group (`--group`); default: the first folder below the start URL's path. */
  group?: string | undefined;
  /** The path (`group/doc.ext`) each URL had in the previous fetch: it keeps it. */
  previousPaths: ReadonlyMap<string, string>;
  /** Document keys (`group/doc`) of files in the version folder that this fetch did not write: never overwritten. */
  foreign: ReadonlySet<string>;
}

/**
 * The path of each fetched file inside the version folder (`group/doc.ext`), by URL. Slugs come
 * from the URL's path below the start URL's folder (`/docs/guide/install.html` → `guide/install.html`,
 * deeper folders joined with `-`). A URL keeps the path it had last time; two URLs that want one
 * document id are settled in URL order, the later ones getting `-2`, `-3`…, so the outcome does
 * not depend on the order pages arrived in.
 */
export function placeFiles(files: readonly Placeable[], placement: Placement): Map<string, string> {
  const sorted = [...files].sort((a, b) => (a.url.href < b.url.href ? -1 : a.url.href > b.url.href ? 1 : 0));
  const taken = new Set(placement.foreign);
  const paths = new Map<string, string>();
  const wanted = sorted.map((file) => ({ file, path: placement.previousPaths.get(file.url.href) }));
  for (const entry of wanted) {
    if (entry.path === undefined || taken.has(documentKey(entry.path))) continue;
    taken.add(documentKey(entry.path));
    paths.set(entry.file.url.href, entry.path);
  }
  for (const { file } of wanted) {
    if (paths.has(file.url.href)) continue;
    const { group, doc, extension } = slugOf(file, placement);
    let candidate = `${group}/${doc}`;
    for (let n = 2; taken.has(candidate); n++) candidate = `${group}/${doc}-${n}`;
    taken.add(candidate);
    paths.set(file.url.href, `${candidate}.${extension}`);
  }
  return paths;
}

/** `group/doc` of a path `group/doc.ext`: one document id per key. */
export function documentKey(path: string): string {
  return path.replace(/\.[^./]+$/, '');
}

function slugOf(file: Placeable, placement: Placement): { group: string; doc: string; extension: string } {
  const { scope } = placement;
  const path = decodePath(file.url.pathname);
  const below = file.url.host === scope.start.host && path.startsWith(scope.prefix) ? path.slice(scope.prefix.length) : path.replace(/^\//, '');
  const segments = below.split('/');
  const last = (segments.pop() ?? '').replace(/\.[^.]*$/, '') || 'index';
  const folders = segments.filter(Boolean);
  const group = placement.group ?? (folders.length > 0 ? slug(folders.shift()!) : slug(scope.prefix.split('/').filter(Boolean).pop() ?? '') || 'site');
  const doc = [...folders, last].map(slug).filter(Boolean).join('-') || 'index';
  const own = extensionOf(file.url);
  const extension = FORMAT_EXTENSIONS[file.format] === own || (file.format === 'html' && own === 'htm') ? own : FORMAT_EXTENSIONS[file.format];
  return { group, doc, extension };
}

/** A corpus slug (`[a-z0-9._-]`) from a path segment. */
export function slug(segment: string): string {
  return segment
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
