import { mkdir, open, readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { ChunkRecord, DocumentRecord } from '../types.js';
import type { LexicalIndex } from '../rank/lexical.js';
import type { VectorIndex } from '../rank/vectors.js';
import { commitStagingDir, makeStagingDir } from './atomic.js';
import { INDEX_FILES, type Manifest } from './manifest.js';

/** Everything an index directory holds. The manifest's `files` is filled in while writing. */
export interface IndexContents {
  manifest: Omit<Manifest, 'files'>;
  documents: readonly DocumentRecord[];
  chunks: readonly ChunkRecord[];
  lexical: LexicalIndex;
  vectors?: VectorIndex | undefined;
  /** Folders copied into the index, by name inside it (`model` → a bundled embedding model); their files are listed in the manifest's `files`. */
  folders?: Record<string, string> | undefined;
}

/**
 * Writes an index directory atomically: everything goes to a temporary sibling, each file is
 * flushed to disk, the manifest is written last, then the directory is renamed into place.
 */
export async function writeIndex(dir: string, contents: IndexContents): Promise<Manifest> {
  const staging = await makeStagingDir(dir);
  const files: Manifest['files'] = {};
  const record = async (name: string) => {
    files[name] = { bytes: (await stat(join(staging, name))).size };
  };

  await writeLines(join(staging, INDEX_FILES.documents), contents.documents);
  await record(INDEX_FILES.documents);
  await writeLines(join(staging, INDEX_FILES.chunks), contents.chunks);
  await record(INDEX_FILES.chunks);
  await writeSynced(join(staging, INDEX_FILES.lexical), contents.lexical.toBytes());
  await record(INDEX_FILES.lexical);
  if (contents.vectors) {
    for (const name of contents.vectors.save(staging, INDEX_FILES.vectors)) await record(name);
  }
  for (const [name, from] of Object.entries(contents.folders ?? {})) {
    for (const file of await filesUnder(from)) {
      const inIndex = [name, ...relative(from, file).split(/[\\/]/)].join('/');
      await mkdir(dirname(join(staging, inIndex)), { recursive: true });
      await writeSynced(join(staging, inIndex), await readFile(file));
      await record(inIndex);
    }
  }

  const manifest: Manifest = { ...contents.manifest, files };
  await writeSynced(join(staging, INDEX_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  await commitStagingDir(staging, dir);
  return manifest;
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
  const handle = await open(path, 'w');
  try {
    let buffer = '';
    for (const item of records) {
      buffer += `${JSON.stringify(item)}\n`;
      if (buffer.length > 1 << 20) {
        await handle.write(buffer);
        buffer = '';
      }
    }
    await handle.write(buffer);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeSynced(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
