import { readSync } from 'node:fs';
import { endianness } from 'node:os';
import { basename } from 'node:path';
import { crc32 } from 'node:zlib';
import { McdeweyError } from '../errors.js';

/** What an hnswlib graph file was checked to hold. */
export interface HnswFileFacts {
  /** The CRC-32 of the whole file, computed in the same pass. */
  crc32: number;
  M: number;
  efConstruction: number;
}

const HEADER_BYTES = 96;
const BLOCK_BYTES = 4 << 20;
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Checks an hnswlib graph file (the layout of hnswlib 0.8's `saveIndex`, which hnswlib-node 3
 * writes: a 96-byte header of 64-bit sizes, every node's level-0 block, then every node's upper
 * levels) before native code reads it. hnswlib trusts the file: a node id, level or count out of
 * range makes its search read outside its arrays and kill the process. Here every link must
 * point at a node that exists on that level, every count must fit its block, labels must be the
 * rows `0..count-1`, and the file must end where the layout does.
 * @param fd an open descriptor of the file, read from its start
 * @throws McdeweyError `INDEX_CORRUPT` naming the file and the first thing that does not fit.
 */
export function checkHnswFile(fd: number, path: string, expected: { dims: number; count: number }): HnswFileFacts {
  const { dims, count } = expected;
  const damaged = (why: string) => new McdeweyError('INDEX_CORRUPT', `Index file ${path} is damaged: ${why}; re-run mcdewey ingest`, { details: { path, file: basename(path) } });
  const input = new CheckedInput(fd, () => damaged('it ends too soon'));

  const header = input.take(HEADER_BYTES);
  const size = (offset: number) => {
    const value = header.getBigUint64(offset, LITTLE_ENDIAN);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(value);
  };
  const M = size(72);
  const maxM = size(56);
  const maxM0 = size(64);
  const efConstruction = size(88);
  if (!(M >= 2 && M <= 0x7fff && maxM === M && maxM0 === 2 * M)) throw damaged('its link counts (M) are not ones hnswlib writes');
  const linksLevel0 = (maxM0 + 1) * 4;
  const perNode = linksLevel0 + dims * 4 + 8;
  if (size(0) !== 0 || size(40) !== linksLevel0 || size(32) !== linksLevel0 + dims * 4 || size(24) !== perNode) {
    throw damaged(`its node layout does not fit ${dims}-dimensional vectors`);
  }
  if (size(8) !== count || size(16) !== count) throw damaged(`it does not hold ${count} nodes`);
  const maxLevel = header.getInt32(48, LITTLE_ENDIAN);
  const entryPoint = header.getUint32(52, LITTLE_ENDIAN);
  if (maxLevel < 0 || maxLevel > 64) throw damaged(`its top level ${maxLevel} is out of range`);
  if (entryPoint >= count) throw damaged(`its entry point ${entryPoint} is not one of its ${count} nodes`);
  if (!Number.isFinite(header.getFloat64(80, LITTLE_ENDIAN)) || efConstruction < 1) throw damaged('its build settings are out of range');

  const labelSeen = new Uint8Array(count);
  for (let node = 0; node < count; node++) {
    const block = input.take(perNode);
    const links = block.getUint32(0, LITTLE_ENDIAN);
    // The low 16 bits count the links; the rest must be 0 (no deletion mark: McDewey never deletes).
    if (links > maxM0) throw damaged(`node ${node} has ${links} links on level 0, at most ${maxM0} fit`);
    for (let i = 1; i <= links; i++) {
      const target = block.getUint32(i * 4, LITTLE_ENDIAN);
      if (target >= count) throw damaged(`node ${node} links to node ${target}, which does not exist`);
    }
    const label = block.getBigUint64(perNode - 8, LITTLE_ENDIAN);
    if (label >= BigInt(count) || labelSeen[Number(label)]) throw damaged(`node ${node} has label ${label}; labels must be the rows 0..${count - 1}, each once`);
    labelSeen[Number(label)] = 1;
  }

  const linksPerLevel = (maxM + 1) * 4;
  const levels = new Uint8Array(count);
  // Upper-level links, checked once every node's level is known: [target, level] pairs.
  const upper: number[] = [];
  for (let node = 0; node < count; node++) {
    const bytes = input.take(4).getUint32(0, LITTLE_ENDIAN);
    if (bytes === 0) continue;
    const level = bytes / linksPerLevel;
    if (!Number.isInteger(level) || level > maxLevel) throw damaged(`node ${node} has an upper-level block of ${bytes} bytes`);
    levels[node] = level;
    const block = input.take(bytes);
    for (let l = 1; l <= level; l++) {
      const at = (l - 1) * linksPerLevel;
      const links = block.getUint32(at, LITTLE_ENDIAN);
      if (links > maxM) throw damaged(`node ${node} has ${links} links on level ${l}, at most ${maxM} fit`);
      for (let i = 1; i <= links; i++) {
        const target = block.getUint32(at + i * 4, LITTLE_ENDIAN);
        if (target >= count) throw damaged(`node ${node} links to node ${target}, which does not exist`);
        upper.push(target, l);
      }
    }
  }
  for (let i = 0; i < upper.length; i += 2) {
    if (levels[upper[i]!]! < upper[i + 1]!) throw damaged(`a level-${upper[i + 1]} link points at node ${upper[i]}, which is not on that level`);
  }
  if (levels[entryPoint] !== maxLevel) throw damaged(`its entry point ${entryPoint} is not on its top level ${maxLevel}`);
  if (!input.atEnd()) throw damaged('it has bytes after its last node');
  return { crc32: input.crc32, M, efConstruction };
}

/** The CRC-32 of a whole file, read in blocks from its start. */
export function fileCrc32(fd: number): number {
  const block = Buffer.allocUnsafe(BLOCK_BYTES);
  let value = 0;
  for (let position = 0, n: number; (n = readSync(fd, block, 0, block.length, position)) > 0; position += n) value = crc32(block.subarray(0, n), value);
  return value;
}

/** Sequential reads of a file in large blocks, each byte read once and added to a running CRC-32. */
class CheckedInput {
  crc32 = 0;
  private buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  private position = 0;
  private start = 0;
  private end = 0;

  constructor(
    private readonly fd: number,
    private readonly tooShort: () => Error,
  ) {}

  /** The next `length` bytes, as a view valid until the next call. */
  take(length: number): DataView {
    if (this.end - this.start < length) this.fill(length);
    const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + this.start, length);
    this.start += length;
    return view;
  }

  /** True when every byte of the file has been taken. */
  atEnd(): boolean {
    return this.start === this.end && this.read(0) === 0;
  }

  private fill(length: number): void {
    const kept = this.end - this.start;
    if (length > this.buffer.length) {
      const larger = Buffer.allocUnsafe(Math.max(length, this.buffer.length * 2));
      this.buffer.copy(larger, 0, this.start, this.end);
      this.buffer = larger;
    } else {
      this.buffer.copy(this.buffer, 0, this.start, this.end);
    }
    this.start = 0;
    this.end = kept;
    while (this.end < length) {
      const n = this.read(this.end);
      if (n === 0) throw this.tooShort();
      this.end += n;
    }
  }

  private read(at: number): number {
    const n = readSync(this.fd, this.buffer, at, this.buffer.length - at, this.position);
    if (n > 0) this.crc32 = crc32(this.buffer.subarray(at, at + n), this.crc32);
    this.position += n;
    return n;
  }
}
