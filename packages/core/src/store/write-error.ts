import { dirname, resolve } from 'node:path';
import { McdeweyError } from '../errors.js';

/** What a file-system error code means for someone writing an index. */
const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'a folder is where a file must go',
  EEXIST: 'something is already in the way',
  ENOTEMPTY: 'a folder in the way is not empty',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  EIO: 'an input/output error from the disk',
  EBUSY: 'a file is busy',
  EXDEV: 'the index and its siblings are on different file systems',
};

/** Codes that only a write can raise: whatever path they name, writing the index failed. */
const WRITE_ONLY = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

/**
 * `error` as a one-line `INDEX_WRITE_FAILED` when it is a file-system error about the index at
 * `dir`, its siblings (`.tmp-*`, `.previous`, `.lock`) or its parent folders; any other error is
 * returned unchanged (a corpus file that cannot be read is not a write failure).
 */
export function asIndexWriteError(dir: string, error: unknown): unknown {
  if (error instanceof McdeweyError || !(error instanceof Error)) return error;
  const { code, path } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  const target = resolve(dir);
  if (!WRITE_ONLY.has(code) && !(typeof path === 'string' && concernsIndex(target, resolve(path)))) return error;
  const reason = REASONS[code] ?? error.message;
  const where = typeof path === 'string' && resolve(path) !== target ? ` (${path})` : '';
  return new McdeweyError('INDEX_WRITE_FAILED', `Cannot write the index ${target}: ${reason}${where} [${code}]; nothing there was replaced`, {
    cause: error,
    details: { dir: target, path, errno: code },
  });
}

/** `path` is the index, a sibling named after it, or a folder above it. */
function concernsIndex(target: string, path: string): boolean {
  if (path.startsWith(target)) return true;
  let above = dirname(target);
  for (;;) {
    if (path === above) return true;
    const next = dirname(above);
    if (next === above) return false;
    above = next;
  }
}
