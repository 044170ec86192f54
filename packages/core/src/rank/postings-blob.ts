import { McdeweyError } from '../errors.js';

/** Length of the magic that opens every lexical blob (`MCDLEX01`, `MCDLEX02`). */
export const MAGIC_BYTES = 8;

/** The error for a blob that is cut short or does not add up. */
export function corrupt(path: string, reason: string): McdeweyError {
  return new McdeweyError('INDEX_CORRUPT', `${path} ${reason}`, { details: { path } });
}

/**
 * A blob as consecutive parts: the magic and little-endian Float64 header words, then each
 * section, every part followed by zero padding to a multiple of 8 bytes so that readers can view
 * each section in place. Written one after another (or joined by `writeBlob`) they are the blob.
 */
export function blobParts(magic: string, words: readonly number[], sections: readonly ArrayBufferView[]): Uint8Array[] {
  const header = new DataView(new ArrayBuffer(MAGIC_BYTES + words.length * 8));
  magic.split('').forEach((char, i) => header.setUint8(i, char.charCodeAt(0)));
  words.forEach((word, i) => header.setFloat64(MAGIC_BYTES + i * 8, word, true));
  const parts: Uint8Array[] = [];
  for (const part of [header, ...sections]) {
    parts.push(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    const padding = align(part.byteLength) - part.byteLength;
    if (padding > 0) parts.push(new Uint8Array(padding));
  }
  return parts;
}

/** Parts (as `blobParts` gives them) joined into one array. */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Reads the parts of a blob written by `writeBlob` as views on its buffer, checking every bound. */
export class BlobReader {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = MAGIC_BYTES;

  constructor(
    bytes: Uint8Array,
    private readonly path: string,
  ) {
    // Typed-array views need aligned offsets; a pooled or sliced Buffer may not be aligned.
    this.bytes = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  /**
   * The next `count` header words, which must be non-negative integers unless `fractional(i)`.
   * `count` is checked against the bytes left before anything is allocated for it (a damaged
   * header may ask for billions).
   */
  words(count: number, fractional: (i: number) => boolean = () => false): number[] {
    if (!Number.isSafeInteger(count) || count < 0) throw corrupt(this.path, 'has a corrupt header');
    if (this.offset + count * 8 > this.bytes.byteLength) throw corrupt(this.path, 'is truncated');
    const words: number[] = [];
    for (let i = 0; i < count; i++) {
      const word = this.view.getFloat64(this.offset + i * 8, true);
      if (fractional(i) ? !Number.isFinite(word) : !Number.isSafeInteger(word) || word < 0) throw corrupt(this.path, 'has a corrupt header');
      words.push(word);
    }
    this.offset += count * 8;
    return words;
  }

  /** Ends the header: sections start at the next multiple of 8. */
  endHeader(): void {
    this.offset = align(this.offset);
  }

  /** The next section as a typed array of `length` elements. */
  take<T>(make: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T, bytesPerElement: number, length: number): T {
    const byteLength = length * bytesPerElement;
    if (!Number.isSafeInteger(length) || length < 0 || this.offset + byteLength > this.bytes.byteLength) throw corrupt(this.path, 'is truncated');
    const value = new make(this.bytes.buffer, this.bytes.byteOffset + this.offset, length);
    this.offset += align(byteLength);
    return value;
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
