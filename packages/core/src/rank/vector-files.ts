// The on-disk form of a VectorIndex: `.f32` rows (little-endian float32) and hnswlib's `.hnsw` graph.
import { closeSync, existsSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { McdeweyError } from '../errors.js';
import { checkHnswFile, fileCrc32, type HnswFileFacts } from './hnsw-file.js';
import { loadHnswlib, type HierarchicalNSW } from './hnswlib.js';

const LITTLE_ENDIAN = endianness() === 'LE';
/** Where Linux shows this process's open files by descriptor (undefined elsewhere, or without /proc). */
const OPEN_FILES_DIR = process.platform === 'linux' && existsSync('/proc/self/fd') ? '/proc/self/fd' : undefined;

/**
 * Opens a graph file, checks it (structure, then `verify` with its CRC-32) and only then lets
 * hnswlib read it. On Linux hnswlib reads the very file checked, through its open descriptor, so
 * replacing the index directory in between cannot slip other bytes in.
 */
export function readCheckedGraph(path: string, dims: number, count: number, verify: (crc: number) => void): { graph: HierarchicalNSW; M: number; efConstruction: number } {
  const fd = openIndexFile(path);
  try {
    let facts: HnswFileFacts;
    try {
      facts = checkHnswFile(fd, path, { dims, count });
    } catch (error) {
      // A file that is not the one recorded is reported as such, not by its first odd byte.
      verify(fileCrc32(fd));
      throw error;
    }
    verify(facts.crc32);
    const graph = new (loadHnswlib().HierarchicalNSW)('cosine', dims);
    try {
      graph.readIndexSync(OPEN_FILES_DIR ? `${OPEN_FILES_DIR}/${fd}` : path);
    } catch (error) {
      throw corrupt(`cannot read ${path}`, path, error);
    }
    if (graph.getCurrentCount() !== count) throw corrupt(`${path} holds ${graph.getCurrentCount()} vectors, expected ${count}`, path);
    return { graph, M: facts.M, efConstruction: facts.efConstruction };
  } finally {
    closeSync(fd);
  }
}

/** The rows as little-endian float32 bytes (a view, not a copy, on a little-endian machine). */
export function littleEndianBytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return bytes;
}

/** The rows of a `.f32` file; on a little-endian machine a view of `bytes` (no copy) when they are aligned. */
export function fromLittleEndianBytes(bytes: Uint8Array): Float32Array {
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const data = new Float32Array(bytes.length / 4);
  if (LITTLE_ENDIAN) {
    new Uint8Array(data.buffer).set(bytes);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(i * 4, true);
  }
  return data;
}

/** Writes the file and flushes it to disk. */
export function writeFileSynced(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a file another writer (hnswlib) wrote to disk. */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Opens a file of the index for reading. @throws McdeweyError `INDEX_CORRUPT` when it cannot be read. */
export function openIndexFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw corrupt(`cannot read ${path}`, path, error);
  }
}

/** An `INDEX_CORRUPT` error naming the file. */
export function corrupt(message: string, path: string, cause?: unknown): McdeweyError {
  return new McdeweyError('INDEX_CORRUPT', message, { cause, details: { path } });
}
