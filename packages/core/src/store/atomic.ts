import { readdirSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { assertReplaceable, targetKind, writeIndexMarker } from './index-dir.js';
import { isProcessRunning } from './lock.js';
import { INDEX_FILES } from './manifest.js';

/** The folder a trained model is bundled in (embed/trained's BUNDLED_MODEL_DIR; store does not import embed). */
const BUNDLED_MODEL_FOLDER = 'model';

/** The previous generation of the index at `dir`, kept after each commit for `rollbackIndex`. */
export function previousDirOf(dir: string): string {
  return `${dir}.previous`;
}

/**
 * A fresh temporary sibling of `dir` to build the new contents in, marked as an index from the
 * start. Refuses first, touching nothing, when `dir` or `dir.previous` is not an index.
 * @throws McdeweyError `NOT_AN_INDEX`.
 */
export async function makeStagingDir(dir: string): Promise<string> {
  assertGenerationsReplaceable(dir);
  await mkdir(dirname(dir), { recursive: true });
  await removeStaleStagingDirs(dir);
  const staging = `${dir}.tmp-${process.pid}-${Date.now().toString(36)}`;
  await mkdir(staging);
  await writeIndexMarker(staging);
  return staging;
}

/**
 * Moves a fully written staging directory into place as `dir`; the index it replaces becomes
 * `dir.previous` (replacing an older one). At every instant either `dir` or `dir.previous` holds
 * a complete index, so a crash never leaves nothing readable; readers fall back to `dir.previous`
 * when `dir` is missing.
 * @throws McdeweyError `NOT_AN_INDEX` when `dir` or `dir.previous` holds something else.
 */
export async function commitStagingDir(staging: string, dir: string): Promise<void> {
  assertGenerationsReplaceable(dir);
  const kind = targetKind(dir);
  if (kind === 'empty') await rmdir(dir);
  if (kind === 'index') {
    await rm(previousDirOf(dir), { recursive: true, force: true });
    await rename(dir, previousDirOf(dir));
  }
  await rename(staging, dir);
}

/**
 * Swaps `dir` with `dir.previous`: the previous generation comes back and the current one becomes
 * `dir.previous`, so a swap undoes itself. While the swap runs, `dir` is missing only when
 * `dir.previous` holds the generation being restored, which readers then find.
 */
export async function swapWithPrevious(dir: string): Promise<void> {
  const previous = previousDirOf(dir);
  assertGenerationsReplaceable(dir);
  const kind = targetKind(dir);
  if (kind !== 'index') {
    if (kind === 'empty') await rmdir(dir);
    await rename(previous, dir);
    return;
  }
  // Not a `.tmp-` name: a crash here must not let the next ingest delete this generation.
  const aside = `${dir}.rollback-${process.pid}-${Date.now().toString(36)}`;
  await rename(dir, aside);
  try {
    await rename(previous, dir);
  } catch (error) {
    await rename(aside, dir);
    throw error;
  }
  await rename(aside, previous);
}

/** Both generation folders of `dir` hold nothing but an index (or nothing). */
function assertGenerationsReplaceable(dir: string): void {
  assertReplaceable(dir);
  assertReplaceable(previousDirOf(dir));
}

/** Removes staging directories left by writers that are no longer running, when they look like one. */
async function removeStaleStagingDirs(dir: string): Promise<void> {
  const prefix = `${basename(dir)}.tmp-`;
  const entries = await readdir(dirname(dir)).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && isProcessRunning(pid)) continue;
    const path = join(dirname(dir), entry);
    if (looksLikeStaging(path)) await rm(path, { recursive: true, force: true });
  }
}

/** A staging directory: marked, or (written before the marker existed) holding only index files. */
function looksLikeStaging(path: string): boolean {
  const kind = targetKind(path);
  if (kind !== 'other') return kind !== 'absent';
  let names: string[];
  try {
    names = readdirSync(path);
  } catch {
    return false; // a file, not a folder
  }
  const known = new Set<string>([...Object.values(INDEX_FILES), `${INDEX_FILES.vectors}.f32`, `${INDEX_FILES.vectors}.hnsw`, BUNDLED_MODEL_FOLDER]);
  return names.every((name) => known.has(name));
}
