import { closeSync, openSync, readSync } from 'node:fs';
import { McdeweyError } from '../errors.js';

const MAGIC = 'MCDOFS01';

/**
 * `chunks.offsets`: the byte offset of every line of `chunks.jsonl` and the file's end, as
 * little-endian float64 (exact to 2^53 bytes) after an 8-byte magic.
 */
export function encodeChunkOffsets(offsets: Float64Array): Uint8Array {
  const out = new Uint8Array(8 + offsets.length * 8);
  for (let i = 0; i < 8; i++) out[i] = MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer);
  offsets.forEach((offset, i) => view.setFloat64(8 + i * 8, offset, true));
  return out;
}

/**
 * Reads `chunks.offsets`, checking it against the record count and the size of `chunks.jsonl`.
 * @throws McdeweyError `INDEX_CORRUPT` naming the file when it does not fit.
 */
export function decodeChunkOffsets(bytes: Uint8Array, path: string, count: number, chunkFileBytes: number): Float64Array {
  const corrupt = (why: string) => new McdeweyError('INDEX_CORRUPT', `Index file ${path} is damaged: ${why}; re-run mcdewey ingest`, { details: { path } });
  if (String.fromCharCode(...bytes.subarray(0, 8)) !== MAGIC) throw corrupt('bad header');
  if (bytes.length !== 8 + (count + 1) * 8) throw corrupt(`it holds ${(bytes.length - 8) / 8 - 1} offsets, the manifest says ${count} chunks`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i <= count; i++) {
    offsets[i] = view.getFloat64(8 + i * 8, true);
    if (!Number.isSafeInteger(offsets[i])) throw corrupt(`offset ${i} (${offsets[i]}) is not a byte position`);
    if (i === 0 ? offsets[0] !== 0 : !(offsets[i]! > offsets[i - 1]!)) throw corrupt(`offset ${i} is out of order`);
  }
  if (offsets[count] !== chunkFileBytes) throw corrupt(`it ends at byte ${offsets[count]}, the chunk file has ${chunkFileBytes}`);
  return offsets;
}

/**
 * The line offsets of a JSON-lines file found by scanning it (indexes of format 1 have no
 * `chunks.offsets`). Empty lines are not records.
 */
export function scanLineOffsets(path: string): Float64Array {
  const starts: number[] = [];
  const fd = openSync(path, 'r');
  try {
    const block = Buffer.allocUnsafe(4 << 20);
    let position = 0;
    let lineStart = 0;
    for (;;) {
      const n = readSync(fd, block, 0, block.length, position);
      if (n === 0) break;
      for (let at = block.indexOf(0x0a); at >= 0 && at < n; at = block.indexOf(0x0a, at + 1)) {
        const end = position + at + 1;
        if (end - lineStart > 1) starts.push(lineStart);
        lineStart = end;
      }
      position += n;
    }
    if (position > lineStart) starts.push(lineStart);
    const offsets = new Float64Array(starts.length + 1);
    offsets.set(starts);
    offsets[starts.length] = position;
    // A record runs to the next one's start, taking any empty lines after it: whitespace to JSON.parse.
    return offsets;
  } finally {
    closeSync(fd);
  }
}
