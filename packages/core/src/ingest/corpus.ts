import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { McdeweyError } from '../errors.js';
import { isSlug } from '../chunk/ids.js';
import type { DocumentKey } from '../types.js';
import { formatOf } from './read.js';
import type { DocumentFormat } from './types.js';

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

/**
 * Lists a corpus laid out as `vendor/version/group/doc.ext`, sorted by path. Files elsewhere
 * (`SOURCES.md`, `_licenses/`, manifests) are `ignored`; files at document depth that cannot be
 * documents (unknown format, bad slug, two files for one document id) are `skipped`.
 * @throws McdeweyError `CORPUS_NOT_FOUND` when the directory does not exist.
 */
export function listCorpus(corpusDir: string): CorpusListing {
  if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory()) {
    throw new McdeweyError('CORPUS_NOT_FOUND', `Corpus directory ${corpusDir} does not exist or is not a directory`, { details: { path: corpusDir } });
  }
  const listing: CorpusListing = { files: [], ignored: [], skipped: [] };
  const seen = new Map<string, string>();
  for (const path of walk(corpusDir)) {
    const source = relative(corpusDir, path).split(sep).join('/');
    const parts = source.split('/');
    if (parts.length !== 4) {
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
    listing.files.push({ path, source, vendor, version, group, doc, format });
  }
  return listing;
}

function* walk(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() || (entry.isSymbolicLink() && statSync(path).isFile())) yield path;
  }
}
