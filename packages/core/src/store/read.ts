import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { McdeweyError } from '../errors.js';
import { LexicalIndex } from '../rank/lexical.js';
import { VectorIndex } from '../rank/vectors.js';
import type { DocumentRecord } from '../types.js';
import { previousDirOf } from './atomic.js';
import { decodeChunkHashes } from './chunk-hashes.js';
import { decodeChunkOffsets, scanLineOffsets } from './chunk-offsets.js';
import { ChunkStore } from './chunk-store.js';
import { INDEX_FILES, READABLE_FORMAT_VERSIONS, type Manifest } from './manifest.js';

/** The raw contents of an index directory, as read from disk. */
export interface StoredIndex {
  /** The directory actually read (the `.previous` copy after an interrupted write). */
  dir: string;
  manifest: Manifest;
  documents: DocumentRecord[];
  /** The chunk records, read on demand. */
  chunks: ChunkStore;
  /** Every chunk's text hash as two uint32 words (`chunks.hashes`); undefined in a format 1 index. */
  chunkHashes: Uint32Array | undefined;
  /** Loads the lexical index (deferred: commands like `show` never need it). */
  loadLexical(): LexicalIndex;
  /** Loads the vectors, or undefined for a lexical-only index. */
  loadVectors(): VectorIndex | undefined;
}

/**
 * Reads an index directory, checking its format version and file sizes.
 * @throws McdeweyError `INDEX_NOT_FOUND`, `INDEX_FORMAT_UNSUPPORTED` or `INDEX_CORRUPT`.
 */
export function readStoredIndex(requestedDir: string): StoredIndex {
  const dir = locateIndexDir(resolve(requestedDir));
  const manifest = readManifest(dir);
  for (const [name, { bytes }] of Object.entries(manifest.files)) {
    const path = join(dir, name);
    const actual = existsSync(path) ? statSync(path).size : -1;
    if (actual !== bytes) {
      throw new McdeweyError('INDEX_CORRUPT', `Index ${dir} is damaged: ${name} should be ${bytes} bytes but is ${actual < 0 ? 'missing' : `${actual} bytes`}; re-run mcdewey ingest`, {
        details: { dir, file: name },
      });
    }
  }
  const documents = readJsonLines<DocumentRecord>(join(dir, INDEX_FILES.documents));
  const chunkHashes = readChunkHashes(dir, manifest);
  const chunks = new ChunkStore(join(dir, INDEX_FILES.chunks), readChunkOffsets(dir, manifest));
  const listed = documents.reduce((sum, document) => sum + document.chunkCount, 0);
  if (chunks.count !== manifest.counts.chunks || listed !== chunks.count) {
    chunks.close();
    throw new McdeweyError(
      'INDEX_CORRUPT',
      `Index ${dir} is damaged: ${INDEX_FILES.chunks} has ${chunks.count} chunks, ${INDEX_FILES.documents} lists ${listed}, the manifest says ${manifest.counts.chunks}; re-run mcdewey ingest`,
      { details: { dir } },
    );
  }
  return {
    dir,
    manifest,
    documents,
    chunks,
    chunkHashes,
    loadLexical: () => LexicalIndex.fromBytes(readFileSync(join(dir, INDEX_FILES.lexical)), join(dir, INDEX_FILES.lexical), manifest.lexical),
    loadVectors: () => (manifest.vectors ? VectorIndex.load(dir, INDEX_FILES.vectors, manifest.vectors.dimensions) : undefined),
  };
}

/** True when `dir` (or its `.previous` copy) holds an index. */
export function indexExists(dir: string): boolean {
  const absolute = resolve(dir);
  return existsSync(join(absolute, INDEX_FILES.manifest)) || existsSync(join(previousDirOf(absolute), INDEX_FILES.manifest));
}

function locateIndexDir(dir: string): string {
  if (existsSync(join(dir, INDEX_FILES.manifest))) return dir;
  // A write interrupted between its two renames leaves the complete old index here.
  const previous = previousDirOf(dir);
  if (!existsSync(dir) && existsSync(join(previous, INDEX_FILES.manifest))) return previous;
  const what = existsSync(dir) ? `${dir} has no ${INDEX_FILES.manifest}` : `${dir} does not exist`;
  throw new McdeweyError('INDEX_NOT_FOUND', `No McDewey index at ${dir}: ${what}; create one with: mcdewey ingest <corpus-dir> --index ${dir}`, { details: { dir } });
}

function readManifest(dir: string): Manifest {
  const path = join(dir, INDEX_FILES.manifest);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (cause) {
    throw new McdeweyError('INDEX_CORRUPT', `Index manifest ${path} is not valid JSON`, { cause, details: { dir } });
  }
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.formatVersion !== 'number') {
    throw new McdeweyError('INDEX_CORRUPT', `Index manifest ${path} has no formatVersion`, { details: { dir } });
  }
  if (!READABLE_FORMAT_VERSIONS.includes(manifest.formatVersion)) {
    throw new McdeweyError(
      'INDEX_FORMAT_UNSUPPORTED',
      `Index ${dir} has format version ${manifest.formatVersion}; this McDewey reads version ${READABLE_FORMAT_VERSIONS.join(', ')}. Re-ingest the corpus, or use a McDewey that knows that format.`,
      { details: { dir, formatVersion: manifest.formatVersion } },
    );
  }
  return manifest;
}

/** Line offsets of `chunks.jsonl`: from `chunks.offsets`, or found by scanning in a format 1 index. */
function readChunkOffsets(dir: string, manifest: Manifest): Float64Array {
  const chunksPath = join(dir, INDEX_FILES.chunks);
  if (manifest.formatVersion < 2) return scanLineOffsets(chunksPath);
  const path = join(dir, INDEX_FILES.chunkOffsets);
  if (!existsSync(path)) throw new McdeweyError('INDEX_CORRUPT', `Index ${dir} is damaged: ${INDEX_FILES.chunkOffsets} is missing; re-run mcdewey ingest`, { details: { dir } });
  return decodeChunkOffsets(readFileSync(path), path, manifest.counts.chunks, statSync(chunksPath).size);
}

function readChunkHashes(dir: string, manifest: Manifest): Uint32Array | undefined {
  if (manifest.formatVersion < 2) return undefined;
  const path = join(dir, INDEX_FILES.chunkHashes);
  if (!existsSync(path)) throw new McdeweyError('INDEX_CORRUPT', `Index ${dir} is damaged: ${INDEX_FILES.chunkHashes} is missing; re-run mcdewey ingest`, { details: { dir } });
  return decodeChunkHashes(readFileSync(path), path, manifest.counts.chunks);
}

function readJsonLines<T>(path: string): T[] {
  // Decoded line by line: as one string, a chunk file past V8's ~512 MiB string limit (about a
  // million chunks) could not be read at all.
  const bytes = readFileSync(path);
  const records: T[] = [];
  let lineNumber = 0;
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    lineNumber++;
    if (end > start) {
      try {
        records.push(JSON.parse(bytes.toString('utf8', start, end)) as T);
      } catch (cause) {
        throw new McdeweyError('INDEX_CORRUPT', `Index file ${path} line ${lineNumber} is not valid JSON`, { cause, details: { path, line: lineNumber } });
      }
    }
    start = end + 1;
  }
  return records;
}
