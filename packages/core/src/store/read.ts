import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { McdeweyError } from '../errors.js';
import { LexicalIndex } from '../rank/lexical.js';
import { VectorIndex } from '../rank/vectors.js';
import type { DocumentRecord } from '../types.js';
import { previousDirOf } from './atomic.js';
import { decodeChunkChecksums } from './chunk-checksums.js';
import { decodeChunkHashes } from './chunk-hashes.js';
import { decodeChunkOffsets, scanLineOffsets } from './chunk-offsets.js';
import { ChunkStore } from './chunk-store.js';
import { IndexChecksums, checksumFile, checksumMismatch } from './checksums.js';
import { DocumentRows } from './document-rows.js';
import { INDEX_FILES, READABLE_FORMAT_VERSIONS, type Manifest } from './manifest.js';
import { checkManifestShape } from './manifest-shape.js';
import { documentRecordProblem } from './record-shape.js';

/** The raw contents of an index directory, as read from disk. */
export interface StoredIndex {
  /** The directory actually read (the `.previous` copy after an interrupted write). */
  dir: string;
  manifest: Manifest;
  documents: DocumentRecord[];
  /** Which rows each document holds, and so the chunk id of every row. */
  rows: DocumentRows;
  /** The chunk records, read on demand, each line checked as it is read. */
  chunks: ChunkStore;
  /** Every chunk's text hash as two uint32 words (`chunks.hashes`); undefined in a format 1 index. */
  chunkHashes: Uint32Array | undefined;
  /**
   * Loads the lexical index (deferred: commands like `show` never need it), checking
   * `lexical.bin` against its checksum first.
   * @throws McdeweyError `INDEX_CORRUPT` naming `lexical.bin` when it is damaged.
   */
  loadLexical(): LexicalIndex;
  /**
   * Loads the vectors, or undefined for a lexical-only index. Both files are checked before use; a
   * damaged `vectors.hnsw` is rebuilt in memory from `vectors.f32`, and `onNotice` is told.
   * @throws McdeweyError `INDEX_CORRUPT` naming `vectors.f32` when the rows themselves are damaged.
   */
  loadVectors(onNotice?: (message: string) => void): VectorIndex | undefined;
  /**
   * Checks every file the manifest lists in a folder of the index (`model` → the bundled model)
   * against its checksum, before native code loads them; nothing when the index records none.
   * @throws McdeweyError `INDEX_CORRUPT` naming the first damaged file.
   */
  checkFolder(folder: string): void;
}

/**
 * Reads an index directory, checking its format version, its manifest's fields and its files'
 * sizes and checksums. Files are checked before they are parsed: the small ones now, `lexical.bin`
 * and the vectors when they are loaded, `chunks.jsonl` line by line as chunks are read.
 * @throws McdeweyError `INDEX_NOT_FOUND`, `INDEX_FORMAT_UNSUPPORTED` or `INDEX_CORRUPT`.
 */
export function readStoredIndex(requestedDir: string): StoredIndex {
  const dir = locateIndexDir(resolve(requestedDir));
  const manifest = readManifest(dir);
  const checksums = new IndexChecksums(dir, manifest.files);
  for (const [name, { bytes }] of Object.entries(manifest.files)) {
    const path = join(dir, name);
    const actual = existsSync(path) ? statSync(path).size : -1;
    if (actual !== bytes) {
      throw new McdeweyError('INDEX_CORRUPT', `Index ${dir} is damaged: ${name} should be ${bytes} bytes but is ${actual < 0 ? 'missing' : `${actual} bytes`}; re-run mcdewey ingest`, {
        details: { dir, file: name },
      });
    }
  }
  const documents = readJsonLines<DocumentRecord>(join(dir, INDEX_FILES.documents), checksums.verify.bind(checksums, INDEX_FILES.documents), documentRecordProblem);
  const rows = new DocumentRows(documents);
  const chunkHashes = readChunkHashes(dir, manifest, checksums);
  const chunks = new ChunkStore(join(dir, INDEX_FILES.chunks), readChunkOffsets(dir, manifest, checksums), {
    lineChecksums: readChunkChecksums(dir, manifest, checksums),
    idAt: (row) => rows.chunkIdAt(row),
  });
  // Summed as numbers: the rows' Uint32Array would wrap a damaged count back into range.
  const listed = documents.reduce((sum, record) => sum + record.chunkCount, 0);
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
    rows,
    chunks,
    chunkHashes,
    loadLexical: () => loadLexical(dir, manifest, checksums),
    loadVectors: (onNotice) => loadVectors(dir, manifest, checksums, onNotice),
    checkFolder: (folder) => {
      for (const file of Object.keys(manifest.files).filter((name) => name.startsWith(`${folder}/`))) {
        const expected = checksums.expected(file);
        if (expected !== undefined && checksumFile(join(dir, file)) !== expected) throw checksumMismatch(dir, file);
      }
    },
  };
}

function loadLexical(dir: string, manifest: Manifest, checksums: IndexChecksums): LexicalIndex {
  const lexical = LexicalIndex.fromBytes(readChecked(dir, INDEX_FILES.lexical, checksums), join(dir, INDEX_FILES.lexical), manifest.lexical);
  if (lexical.rowCount !== manifest.counts.chunks) {
    throw new McdeweyError('INDEX_CORRUPT', `Index ${dir} is damaged: ${INDEX_FILES.lexical} indexes ${lexical.rowCount} chunks, the manifest says ${manifest.counts.chunks}; re-run mcdewey ingest`, {
      details: { dir, file: INDEX_FILES.lexical },
    });
  }
  return lexical;
}

function loadVectors(dir: string, manifest: Manifest, checksums: IndexChecksums, onNotice: ((message: string) => void) | undefined): VectorIndex | undefined {
  if (!manifest.vectors) return undefined;
  const { dimensions, M, efConstruction } = manifest.vectors;
  const vectors = VectorIndex.load(dir, INDEX_FILES.vectors, dimensions, {
    verifyCrc32: (file, value) => checksums.verifyValue(file, value),
    rebuildDamagedGraph: {
      M,
      efConstruction,
      onRebuild: (error) =>
        onNotice?.(
          `${error.message.replace(/; re-run mcdewey ingest$/, '')}. The HNSW graph was rebuilt in memory from ${INDEX_FILES.vectors}.f32 (slower to open); re-run mcdewey ingest to repair the index.`,
        ),
    },
    onDamagedRows: (error) =>
      onNotice?.(`${error.message.replace(/; re-run mcdewey ingest$/, '')}. Vector search uses the HNSW graph's own copy of the rows; re-run mcdewey ingest to repair the index.`),
  });
  // A row is a chunk: a vector beyond the last chunk would answer with a chunk that does not exist.
  if (vectors.size !== manifest.counts.chunks) {
    const file = `${INDEX_FILES.vectors}.f32`;
    throw new McdeweyError('INDEX_CORRUPT', `Index ${dir} is damaged: ${file} holds ${vectors.size} vectors, the manifest says ${manifest.counts.chunks} chunks; re-run mcdewey ingest`, {
      details: { dir, file },
    });
  }
  return vectors;
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
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new McdeweyError('INDEX_CORRUPT', `Index manifest ${path} is not valid JSON`, { cause, details: { dir, file: INDEX_FILES.manifest } });
  }
  if (typeof manifest !== 'object' || manifest === null || typeof manifest.formatVersion !== 'number') {
    throw new McdeweyError('INDEX_CORRUPT', `Index manifest ${path} has no formatVersion`, { details: { dir, file: INDEX_FILES.manifest, field: 'formatVersion' } });
  }
  if (!READABLE_FORMAT_VERSIONS.includes(manifest.formatVersion)) {
    throw new McdeweyError(
      'INDEX_FORMAT_UNSUPPORTED',
      `Index ${dir} has format version ${manifest.formatVersion}; this McDewey reads version ${READABLE_FORMAT_VERSIONS.join(', ')}. Re-ingest the corpus, or use a McDewey that knows that format.`,
      { details: { dir, formatVersion: manifest.formatVersion } },
    );
  }
  return checkManifestShape(manifest, dir);
}

/** Line offsets of `chunks.jsonl`: from `chunks.offsets`, or found by scanning in a format 1 index. */
function readChunkOffsets(dir: string, manifest: Manifest, checksums: IndexChecksums): Float64Array {
  const chunksPath = join(dir, INDEX_FILES.chunks);
  if (manifest.formatVersion < 2) return scanLineOffsets(chunksPath);
  const bytes = readChecked(dir, INDEX_FILES.chunkOffsets, checksums);
  return decodeChunkOffsets(bytes, join(dir, INDEX_FILES.chunkOffsets), manifest.counts.chunks, statSync(chunksPath).size);
}

function readChunkHashes(dir: string, manifest: Manifest, checksums: IndexChecksums): Uint32Array | undefined {
  if (manifest.formatVersion < 2) return undefined;
  return decodeChunkHashes(readChecked(dir, INDEX_FILES.chunkHashes, checksums), join(dir, INDEX_FILES.chunkHashes), manifest.counts.chunks);
}

/** The per-line checksums of `chunks.jsonl`; undefined in an index written before them. */
function readChunkChecksums(dir: string, manifest: Manifest, checksums: IndexChecksums): Uint32Array | undefined {
  if (!checksums.recorded) return undefined;
  const bytes = readChecked(dir, INDEX_FILES.chunkChecksums, checksums);
  return decodeChunkChecksums(bytes, join(dir, INDEX_FILES.chunkChecksums), manifest.counts.chunks);
}

/** A whole index file, checked against its recorded checksum before anything parses it. */
function readChecked(dir: string, file: string, checksums: IndexChecksums): Buffer {
  const path = join(dir, file);
  // Asked first, so that a manifest without the file's entry is named rather than a missing file.
  checksums.expected(file);
  if (!existsSync(path)) throw new McdeweyError('INDEX_CORRUPT', `Index ${dir} is damaged: ${file} is missing; re-run mcdewey ingest`, { details: { dir, file } });
  const bytes = readFileSync(path);
  checksums.verify(file, bytes);
  return bytes;
}

function readJsonLines<T>(path: string, verify: (bytes: Uint8Array) => void, problemOf: (record: unknown) => string | undefined): T[] {
  // Decoded line by line: as one string, a chunk file past V8's ~512 MiB string limit (about a
  // million chunks) could not be read at all.
  const bytes = readFileSync(path);
  verify(bytes);
  const records: T[] = [];
  let lineNumber = 0;
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    lineNumber++;
    if (end > start) {
      let record: unknown;
      try {
        record = JSON.parse(bytes.toString('utf8', start, end));
      } catch (cause) {
        throw new McdeweyError('INDEX_CORRUPT', `Index file ${path} line ${lineNumber} is not valid JSON`, { cause, details: { path, line: lineNumber } });
      }
      const problem = problemOf(record);
      if (problem) throw new McdeweyError('INDEX_CORRUPT', `Index file ${path} line ${lineNumber} is damaged: ${problem}; re-run mcdewey ingest`, { details: { path, line: lineNumber } });
      records.push(record as T);
    }
    start = end + 1;
  }
  return records;
}
