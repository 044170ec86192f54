import { McdeweyError } from '../errors.js';

const MAGIC = 'MCDHSH01';
const HEX = /^[0-9a-f]{16}$/;

/**
 * `chunks.hashes`: every chunk's 64-bit text hash (the 16 hex digits of its `hash`) as two
 * little-endian uint32 after an 8-byte magic. Search folds identical chunks by hash; with the
 * hashes in memory it reads only the chunks it returns.
 */
export function encodeChunkHashes(hashes: Uint32Array): Uint8Array {
  const out = new Uint8Array(8 + hashes.length * 4);
  for (let i = 0; i < 8; i++) out[i] = MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer);
  hashes.forEach((word, i) => view.setUint32(8 + i * 4, word, true));
  return out;
}

/** The two uint32 words of a chunk's hex hash, high first. */
export function hashWords(hash: string, chunkId: string): [number, number] {
  if (!HEX.test(hash)) throw new McdeweyError('INVALID_ARGUMENT', `Chunk ${chunkId} has hash "${hash}"; expected 16 lower-case hex digits`, { details: { id: chunkId } });
  return [Number.parseInt(hash.slice(0, 8), 16), Number.parseInt(hash.slice(8), 16)];
}

/** The hex hash of `row` back from the words. */
export function hashHex(hashes: Uint32Array, row: number): string {
  return hashes[row * 2]!.toString(16).padStart(8, '0') + hashes[row * 2 + 1]!.toString(16).padStart(8, '0');
}

/**
 * Reads `chunks.hashes`, checking it holds `count` hashes.
 * @throws McdeweyError `INDEX_CORRUPT` naming the file when it does not.
 */
export function decodeChunkHashes(bytes: Uint8Array, path: string, count: number): Uint32Array {
  const corrupt = (why: string) => new McdeweyError('INDEX_CORRUPT', `Index file ${path} is damaged: ${why}; re-run mcdewey ingest`, { details: { path } });
  if (String.fromCharCode(...bytes.subarray(0, 8)) !== MAGIC) throw corrupt('bad header');
  if (bytes.length !== 8 + count * 8) throw corrupt(`it holds ${(bytes.length - 8) / 8} hashes, the manifest says ${count} chunks`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hashes = new Uint32Array(count * 2);
  for (let i = 0; i < hashes.length; i++) hashes[i] = view.getUint32(8 + i * 4, true);
  return hashes;
}
