import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelFolderRecord } from '../embed/model-folder.js';
import type { EmbedderFingerprint } from '../embed/types.js';
import type { RankingSettings } from '../rank/ranking-settings.js';
import type { VectorIndex } from '../rank/vectors.js';
import { writeFileAtomically } from './atomic-file.js';
import { INDEX_FILES, type Manifest } from './manifest.js';
import { pendingEmbeddingDir } from './pending-embedding.js';
import { fileEntry, folderFiles } from './write.js';

/** What lands in a generation that was published before its vectors (`Manifest.pendingEmbedding`). */
export interface VectorLanding {
  embedder: EmbedderFingerprint;
  vectors: VectorIndex;
  /** The fusion weights and floor of the embedder's kind. */
  ranking: RankingSettings;
  /** The local folder the model came from, remembered as ingest remembers it. */
  modelFolder?: ModelFolderRecord | undefined;
  /** Folders to move into the index, by name inside it (`model` → a model trained for the index), from the same file system. */
  folders?: Record<string, string> | undefined;
}

/**
 * Lands the vectors of the generation at `dir`, published with `manifest` while they were being
 * computed: writes the vector files and moves the folders in (names the current manifest does
 * not list, so no reader looks at them), then replaces `manifest.json` in one rename. A reader
 * that opened the generation before keeps reading the same chunk files; one that opens it after
 * finds the vectors listed with their sizes and checksums. Killed before the rename, the
 * generation is still the lexical one it was.
 */
export async function landVectors(dir: string, manifest: Manifest, landing: VectorLanding): Promise<Manifest> {
  const files: Manifest['files'] = { ...manifest.files };
  for (const [name, from] of Object.entries(landing.folders ?? {})) {
    await rm(join(dir, name), { recursive: true, force: true });
    await rename(from, join(dir, name));
    for (const { file, inIndex } of await folderFiles(name, join(dir, name))) files[inIndex] = await fileEntry(file);
  }
  for (const name of landing.vectors.save(dir, INDEX_FILES.vectors)) files[name] = await fileEntry(join(dir, name));
  const { pendingEmbedding: _pending, ...rest } = manifest;
  const landed: Manifest = {
    ...rest,
    embedder: landing.embedder,
    ...(landing.modelFolder ? { modelFolder: landing.modelFolder } : {}),
    ranking: landing.ranking,
    vectors: vectorsEntry(landing.vectors),
    files,
  };
  await replaceManifest(dir, landed);
  await rm(pendingEmbeddingDir(dir), { recursive: true, force: true });
  return landed;
}

/** Replaces `manifest.json` of the index at `dir` in one rename (flushed first). */
export async function replaceManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeFileAtomically(join(dir, INDEX_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The manifest's `vectors` entry for a vector index: its size, width and graph settings. */
export function vectorsEntry(vectors: VectorIndex): NonNullable<Manifest['vectors']> {
  return { count: vectors.size, dimensions: vectors.dims, ...vectors.settings };
}
