import { constants, existsSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { McdeweyError } from '../errors.js';
import { isSlug } from '../chunk/ids.js';
import type { DocumentKey } from '../types.js';
import { formatBytes, limitExceeded, type IngestLimits } from './limits.js';
import { formatOf } from './read.js';
import type { DocumentFormat } from '../types.js';

/** A document file found in the corpus. */
export interface CorpusFile extends DocumentKey {
  /** Absolute path. */
  path: string;
  /** Path inside the corpus, `/`-separated. */
  source: string;
  format: DocumentFormat;
}

/** A file that is not read as a document, and why. */
export interface PassedOverFile {
  source: string;
  reason: string;
}

/** The documents of a corpus and the files that are not documents. */
export interface CorpusListing {
  files: CorpusFile[];
  ignored: PassedOverFile[];
  skipped: PassedOverFile[];
}

/** Documents live at `vendor/version/group/doc.ext`: folders below that depth hold none. */
const DOCUMENT_DEPTH = 4;

/**
 * Lists a corpus laid out as `vendor/version/group/doc.ext`, sorted by path. Files elsewhere
 * (`SOURCES.md`, `_licenses/`, manifests) are `ignored`; files at document depth that cannot be
 * documents (unknown format, bad slug, two files for one document id) are `skipped`, and so is
 * every entry that cannot be followed safely: a symlink whose real path leaves the corpus, a
 * dangling or looping symlink, a folder that cannot be read, something that is not a regular file.
 * Symlinks that stay inside the corpus are followed (folder symlinks down to the group level).
 * @throws McdeweyError `CORPUS_NOT_FOUND` when the directory does not exist.
 */
export function listCorpus(corpusDir: string): CorpusListing {
  if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory()) {
    throw new McdeweyError('CORPUS_NOT_FOUND', `Corpus directory ${corpusDir} does not exist or is not a directory`, { details: { path: corpusDir } });
  }
  const listing: CorpusListing = { files: [], ignored: [], skipped: [] };
  const seen = new Map<string, string>();
  const realRoot = realpathSync(corpusDir);
  for (const entry of walk(corpusDir, realRoot, [realRoot])) {
    const source = relative(corpusDir, entry.path).split(sep).join('/');
    if (entry.problem !== undefined) {
      listing.skipped.push({ source, reason: entry.problem });
      continue;
    }
    const parts = source.split('/');
    if (parts.length !== DOCUMENT_DEPTH) {
      listing.ignored.push({ source, reason: 'not at vendor/version/group/doc.ext' });
      continue;
    }
    const [vendor, version, group, fileName] = parts as [string, string, string, string];
    const format = formatOf(fileName);
    if (!format) {
      listing.skipped.push({ source, reason: 'unsupported file type (PDF, HTML, Markdown and plain text are read)' });
      continue;
    }
    const doc = fileName.replace(/\.[^.]+$/, '');
    const badSlug = [vendor, version, group, doc].find((part) => !isSlug(part));
    if (badSlug !== undefined) {
      listing.skipped.push({ source, reason: `"${badSlug}" is not a slug (lower case a-z, 0-9, '.', '_', '-')` });
      continue;
    }
    const key = `${vendor}/${version}/${group}/${doc}`;
    const earlier = seen.get(key);
    if (earlier) {
      listing.skipped.push({ source, reason: `same document id as ${earlier}` });
      continue;
    }
    seen.set(key, source);
    listing.files.push({ path: entry.path, source, vendor, version, group, doc, format });
  }
  return listing;
}

interface WalkEntry {
  path: string;
  /** Why this entry is passed over; absent for a file to list. */
  problem?: string;
}

/** Files below `dir` in name order; `ancestors` are the real paths of the folders walked into, to stop symlink loops. */
function* walk(dir: string, realRoot: string, ancestors: string[]): Generator<WalkEntry> {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    yield { path: dir, problem: `folder cannot be read (${describeFsError(error)})` };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const depth = ancestors.length;
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(path, realRoot, [...ancestors, join(ancestors[ancestors.length - 1]!, entry.name)]);
    } else if (entry.isFile()) {
      yield { path };
    } else if (entry.isSymbolicLink()) {
      let target: { real: string; stats: Stats };
      try {
        target = realPathInside(realRoot, path);
      } catch (error) {
        yield { path, problem: (error as McdeweyError).details.reason as string };
        continue;
      }
      if (target.stats.isFile()) yield { path };
      else if (!target.stats.isDirectory()) yield { path, problem: 'not a regular file' };
      else if (ancestors.includes(target.real)) yield { path, problem: 'symlink loop (points to a folder above it)' };
      else if (depth < DOCUMENT_DEPTH) yield* walk(path, realRoot, [...ancestors, target.real]);
    } else {
      yield { path, problem: 'not a regular file' };
    }
  }
}

/**
 * The real path of a file in the corpus, after checking that it stays inside the corpus: `source`
 * is a corpus path (`vendor/version/group/doc.ext`, `/`-separated, no `.`/`..` parts), and its
 * real path, every symlink resolved, must lie inside the corpus folder's real path. Every surface
 * that reads original files (ingest, the web app's `/files`, the static export's copies) goes
 * through this check.
 *
 * @throws McdeweyError `OUTSIDE_CORPUS` when the path or a symlink on it leads outside the corpus;
 *   `UNREADABLE_DOCUMENT` when it does not exist (or is a dangling symlink), cannot be read, or is
 *   not a regular file; `CORPUS_NOT_FOUND` when the corpus folder does not exist.
 */
export function resolveCorpusFile(corpusDir: string, source: string): string {
  const parts = source.split('/');
  if (isAbsolute(source) || parts.some((part) => part === '' || part === '.' || part === '..' || /[\\\0]/.test(part))) {
    throw new McdeweyError('OUTSIDE_CORPUS', `${source}: not a path inside the corpus`, { details: { source, reason: 'not a path inside the corpus' } });
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(corpusDir);
  } catch (error) {
    throw new McdeweyError('CORPUS_NOT_FOUND', `Corpus directory ${corpusDir} does not exist or is not a directory`, { cause: error, details: { path: corpusDir } });
  }
  const { real, stats } = realPathInside(realRoot, join(realRoot, ...parts), source);
  if (!stats.isFile()) throw corpusFileError('UNREADABLE_DOCUMENT', source, 'not a regular file');
  return real;
}

/** The one "does this path stay inside the corpus" check: `path`'s real path and what it is, or a typed error. */
function realPathInside(realRoot: string, path: string, source = path): { real: string; stats: Stats } {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const link = isSymlink(path);
    if (code === 'ENOENT') throw corpusFileError('UNREADABLE_DOCUMENT', source, link ? 'dangling symlink (its target does not exist)' : 'file not found (removed while ingest ran?)', error);
    if (code === 'ELOOP') throw corpusFileError('UNREADABLE_DOCUMENT', source, 'symlink loop', error);
    throw corpusFileError('UNREADABLE_DOCUMENT', source, `cannot be read (${describeFsError(error)})`, error);
  }
  if (!isInside(realRoot, real)) {
    throw corpusFileError('OUTSIDE_CORPUS', source, isSymlinkOnTheWay(realRoot, path) ? 'symlink points outside the corpus' : 'path leads outside the corpus');
  }
  try {
    return { real, stats: statSync(real) };
  } catch (error) {
    throw corpusFileError('UNREADABLE_DOCUMENT', source, `cannot be read (${describeFsError(error)})`, error);
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** True when `path` or a folder on its way down from `root` is a symlink. */
function isSymlinkOnTheWay(root: string, path: string): boolean {
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return isSymlink(path);
  let current = root;
  for (const part of rel.split(sep)) {
    current = join(current, part);
    if (isSymlink(current)) return true;
  }
  return false;
}

function corpusFileError(code: 'OUTSIDE_CORPUS' | 'UNREADABLE_DOCUMENT', source: string, reason: string, cause?: unknown): McdeweyError {
  return new McdeweyError(code, `${source}: ${reason}`, { cause, details: { source, reason } });
}

function describeFsError(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Reads a listed document's bytes, through `resolveCorpusFile` (so a file swapped for a symlink
 * out of the corpus after listing is refused too), refusing anything larger than `maxBytes`.
 * The final path component is opened without following a symlink, and only `size` bytes are read
 * even if the file grows meanwhile.
 * @throws McdeweyError `UNREADABLE_DOCUMENT` (with the reason) or `OUTSIDE_CORPUS`.
 */
export async function readCorpusFile(corpusDir: string, source: string, limits: Pick<IngestLimits, 'maxFileBytes'>): Promise<Buffer> {
  const format = formatOf(source);
  if (format === undefined) throw corpusFileError('UNREADABLE_DOCUMENT', source, 'unsupported file type');
  const maxBytes = limits.maxFileBytes[format];
  const real = resolveCorpusFile(corpusDir, source);
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw corpusFileError('UNREADABLE_DOCUMENT', source, code === 'ENOENT' ? 'file not found (removed while ingest ran?)' : `cannot be read (${describeFsError(error)})`, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw corpusFileError('UNREADABLE_DOCUMENT', source, 'not a regular file');
    if (stats.size > maxBytes) throw limitExceeded(source, `larger than ${formatBytes(maxBytes)}`, `maxFileBytes.${format}`);
    const bytes = Buffer.alloc(stats.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } catch (error) {
    if (error instanceof McdeweyError) throw error;
    throw corpusFileError('UNREADABLE_DOCUMENT', source, `cannot be read (${describeFsError(error)})`, error);
  } finally {
    await handle.close();
  }
}
