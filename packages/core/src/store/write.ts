import { mkdir, open, readFile, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { ChunkRecord, DocumentRecord } from '../types.js';
import type { LexicalIndex } from '../rank/lexical.js';
import type { VectorIndex } from '../rank/vectors.js';
import { commitStagingDir, makeStagingDir } from './atomic.js';
import { encodeChunkChecksums, lineChecksum } from './chunk-checksums.js';
import { encodeChunkHashes, hashWords } from './chunk-hashes.js';
import { checksumFile } from './checksums.js';
import { encodeChunkOffsets } from './chunk-offsets.js';
import { ChunkStore } from './chunk-store.js';
import { INDEX_FILES, type Manifest } from './manifest.js';

/** What an index directory holds besides its chunks. The manifest's `files` is filled in while writing. */
export interface IndexContents {
  manifest: Omit<Manifest, 'files'>;
  documents: readonly DocumentRecord[];
  lexical: LexicalIndex;
  vectors?: VectorIndex | undefined;
  /** Folders copied into the index, by name inside it (`model` → a bundled embedding model); their files are listed in the manifest's `files`. */
  folders?: Record<string, string> | undefined;
}

const FLUSH_CHARS = 1 << 20;

/**
 * Writes a new index directory atomically: chunks are appended to a temporary sibling while they
 * are made (so ingest never holds them all in memory), the other files follow in `commit`, each
 * file is flushed to disk, the manifest is written last, then the directory is renamed into place.
 */
export class IndexWriter {
  private readonly files: Manifest['files'] = {};
  private readonly offsets: number[] = [0];
  private readonly hashes: number[] = [];
  /** CRC-32 of every chunk line, for `chunks.crc`. */
  private readonly lineChecksums: number[] = [];
  private pending = '';
  private bytes = 0;
  private reader: ChunkStore | undefined;

  private constructor(
    private readonly dir: string,
    private readonly staging: string,
    private readonly chunkFile: FileHandle,
  ) {}

  /** Starts a new index for `dir` (which keeps its current contents until `commit`). */
  static async create(dir: string): Promise<IndexWriter> {
    const staging = await makeStagingDir(dir);
    return new IndexWriter(dir, staging, await open(join(staging, INDEX_FILES.chunks), 'w'));
  }

  /** Number of chunks appended so far; the next chunk gets this row. */
  get chunkCount(): number {
    return this.offsets.length - 1;
  }

  /** Appends chunks in row order (document by document). */
  async appendChunks(chunks: Iterable<ChunkRecord>): Promise<void> {
    this.reader?.close();
    this.reader = undefined;
    for (const chunk of chunks) {
      this.hashes.push(...hashWords(chunk.hash, chunk.id));
      const line = `${JSON.stringify(chunk)}\n`;
      this.lineChecksums.push(lineChecksum(line));
      this.bytes += Buffer.byteLength(line);
      this.offsets.push(this.bytes);
      this.pending += line;
      if (this.pending.length > FLUSH_CHARS) await this.flush();
    }
  }

  /** The chunks appended so far, read back from the staging file (for embedding and training). */
  async appendedChunks(): Promise<ChunkStore> {
    await this.flush();
    this.reader ??= new ChunkStore(join(this.staging, INDEX_FILES.chunks), Float64Array.from(this.offsets));
    return this.reader;
  }

  /** Writes everything else and moves the new index into place. */
  async commit(contents: IndexContents): Promise<Manifest> {
    const { staging } = this;
    await this.flush();
    await this.chunkFile.sync();
    await this.chunkFile.close();
    this.reader?.close();
    await this.record(INDEX_FILES.chunks);
    await writeSynced(join(staging, INDEX_FILES.chunkOffsets), encodeChunkOffsets(Float64Array.from(this.offsets)));
    await this.record(INDEX_FILES.chunkOffsets);
    await writeSynced(join(staging, INDEX_FILES.chunkHashes), encodeChunkHashes(Uint32Array.from(this.hashes)));
    await this.record(INDEX_FILES.chunkHashes);
    await this.writeChunkChecksums();
    await writeLines(join(staging, INDEX_FILES.documents), contents.documents);
    await this.record(INDEX_FILES.documents);
    await writeSynced(join(staging, INDEX_FILES.lexical), contents.lexical.toParts());
    await this.record(INDEX_FILES.lexical);
    if (contents.vectors) {
      for (const name of contents.vectors.save(staging, INDEX_FILES.vectors)) await this.record(name);
    }
    for (const [name, from] of Object.entries(contents.folders ?? {})) {
      for (const { file, inIndex } of await folderFiles(name, from)) {
        await mkdir(dirname(join(staging, inIndex)), { recursive: true });
        await writeSynced(join(staging, inIndex), await readFile(file));
        await this.record(inIndex);
      }
    }

    const manifest: Manifest = { ...contents.manifest, files: this.files };
    await writeSynced(join(staging, INDEX_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    await commitStagingDir(staging, this.dir);
    return manifest;
  }

  /** Drops the unfinished index; the current one at `dir` stays as it was. */
  async abort(): Promise<void> {
    this.reader?.close();
    await this.chunkFile.close().catch(() => {});
    await rm(this.staging, { recursive: true, force: true });
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.chunkFile.writeFile(this.pending);
    this.pending = '';
  }

  /** Writes `chunks.crc`: the checksum of every chunk line, checked when the line is read. */
  private async writeChunkChecksums(): Promise<void> {
    await writeSynced(join(this.staging, INDEX_FILES.chunkChecksums), encodeChunkChecksums(Uint32Array.from(this.lineChecksums)));
    await this.record(INDEX_FILES.chunkChecksums);
  }

  /**
   * Lists a written file in the manifest with its size and checksum, read back from disk once it is
   * complete. `chunks.jsonl` gets none: it is checked line by line through `chunks.crc`.
   */
  private async record(name: string): Promise<void> {
    const path = join(this.staging, name);
    this.files[name] = name === INDEX_FILES.chunks ? { bytes: (await stat(path)).size } : await fileEntry(path);
  }
}

/** A file as a manifest lists it: its size and checksum, read back from disk. */
export async function fileEntry(path: string): Promise<{ bytes: number; checksum: string }> {
  return { bytes: (await stat(path)).size, checksum: checksumFile(path) };
}

/** The files below `folder`, sorted, each with its name in an index that holds the folder as `name` (`name/…/file`). */
export async function folderFiles(name: string, folder: string): Promise<{ file: string; inIndex: string }[]> {
  return (await filesUnder(folder)).map((file) => ({ file, inIndex: [name, ...relative(folder, file).split(/[\\/]/)].join('/') }));
}

/** Every file below `dir`, sorted by path. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function writeLines(path: string, records: readonly unknown[]): Promise<void> {
  await writeSynced(path, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
}

/** Writes a file and flushes it to disk; parts are written one after another. */
export async function writeSynced(path: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  const handle = await open(path, 'w');
  try {
    if (Array.isArray(data)) {
      // writeFile continues from the current position and writes every byte (write may write fewer).
      for (const part of data as readonly Uint8Array[]) await handle.writeFile(part);
    } else {
      await handle.writeFile(data as string | Uint8Array);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}
