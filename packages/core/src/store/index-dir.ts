import { readFileSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { McdeweyError } from '../errors.js';
import { INDEX_FILES } from './manifest.js';

/**
 * A file every index directory McDewey writes carries, so that ingest can tell its own folders
 * from anything else before it replaces or removes one.
 */
export const INDEX_MARKER = '.mcdewey-index';

/** Writes the marker into a directory that is becoming an index. */
export async function writeIndexMarker(dir: string): Promise<void> {
  await writeFile(join(dir, INDEX_MARKER), 'This folder is a McDewey index; mcdewey ingest may replace it.\n');
}

/**
 * True when `dir` is a directory written by McDewey: it carries the marker, or (an index written
 * before the marker existed) a manifest that parses as a McDewey manifest.
 */
export function isIndexDir(dir: string): boolean {
  if (isFile(join(dir, INDEX_MARKER))) return true;
  try {
    const manifest = JSON.parse(readFileSync(join(dir, INDEX_FILES.manifest), 'utf8')) as { formatVersion?: unknown; tool?: { name?: unknown } };
    return typeof manifest.formatVersion === 'number' && manifest.tool?.name === 'mcdewey';
  } catch {
    return false;
  }
}

/**
 * What is at `path`, for deciding whether ingest may replace it: nothing, an empty directory,
 * an index, or something else (a file, a folder of other things).
 */
export function targetKind(path: string): 'absent' | 'empty' | 'index' | 'other' {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  if (!info.isDirectory()) return 'other';
  if (readdirSync(path).length === 0) return 'empty';
  return isIndexDir(path) ? 'index' : 'other';
}

/**
 * Refuses to go on when `path` holds something that is not an index, so that ingest never
 * replaces or removes a user's folder (`--index` pointed at the wrong place).
 * @throws McdeweyError `NOT_AN_INDEX` naming the path; nothing has been touched.
 */
export function assertReplaceable(path: string): void {
  if (targetKind(path) !== 'other') return;
  throw new McdeweyError(
    'NOT_AN_INDEX',
    `${path} is not empty and is not a McDewey index (no ${INDEX_FILES.manifest} or ${INDEX_MARKER}); refusing to replace it. Choose a new or empty folder for --index, or move that one away.`,
    { details: { path } },
  );
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
