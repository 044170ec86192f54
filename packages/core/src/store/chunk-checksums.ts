import { crc32 } from 'node:zlib';
import { McdeweyError } from '../errors.js';

const MAGIC = 'MCDCRC01';

/**
 * `chunks.crc`: the CRC-32 of every line of `chunks.jsonl` (its bytes with the newline), as
 * little-endian uint32 after an 8-byte magic. `chunks.jsonl` is too large to check whole when an
 * index opens (~700 MB at a million chunks), so each line is checked when it is read.
 */
export function encodeChunkChecksums(checksums: Uint32Array): Uint8Array {
  const out = new Uint8Array(8 + checksums.length * 4);
  for (let i = 0; i < 8; i++) out[i] = MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer);
  checksums.forEach((value, i) => view.setUint32(8 + i * 4, value, true));
  return out;
}

/** The CRC-32 of one chunk line as `chunks.crc` keeps it (text with its newline). */
export function lineChecksum(line: string | Uint8Array): number {
  return crc32(line);
}

/**
 * Reads `chunks.crc`, checking it holds `count` checksums.
 * @throws McdeweyError `INDEX_CORRUPT` naming the file when it does not.
 */
export function decodeChunkChecksums(bytes: Uint8Array, path: string, count: number): Uint32Array {
  const corrupt = (why: string) => new McdeweyError('INDEX_CORRUPT', `Index file ${path} is damaged: ${why}; re-run mcdewey ingest`, { details: { path } });
  if (String.fromCharCode(...bytes.subarray(0, 8)) !== MAGIC) throw corrupt('bad header');
  if (bytes.length !== 8 + count * 4) throw corrupt(`it holds ${(bytes.length - 8) / 4} checksums, the manifest says ${count} chunks`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const checksums = new Uint32Array(count);
  for (let i = 0; i < count; i++) checksums[i] = view.getUint32(8 + i * 4, true);
  return checksums;
}
