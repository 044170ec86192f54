import { constants, createInflate, inflateSync } from 'node:zlib';

/** Streams up to this size are inflated in one call; larger or damaged ones are counted as they stream. */
const INFLATE_AT_ONCE = 16 * 1024 * 1024;
/** How far before `stream` its dictionary is looked for. */
const DICTIONARY_WINDOW = 16 * 1024;

/**
 * How many bytes a PDF's Flate-compressed streams inflate to, all together, counting up to just past
 * `budget` and no further. Image streams are left out (text extraction never decodes them); page
 * contents, forms, fonts and object streams count, since pdfjs decodes each of them whole into
 * memory. A "flate bomb" (a small file whose streams inflate to gigabytes) is caught here before
 * pdfjs sees it, in constant memory.
 */
export async function inflatedStreamBytes(pdf: Uint8Array, budget: number): Promise<number> {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  let total = 0;
  let previousEnd = 0;
  let at = bytes.indexOf('stream');
  while (at !== -1 && total <= budget) {
    if (at >= 3 && bytes.toString('latin1', at - 3, at) === 'end') {
      at = bytes.indexOf('stream', at + 6);
      continue;
    }
    let start = at + 6;
    if (bytes[start] === 0x0d) start++;
    if (bytes[start] === 0x0a) start++;
    const end = bytes.indexOf('endstream', start);
    // The dictionary lies between the previous stream's end and this one (each byte looked at once).
    const from = Math.max(previousEnd, at - DICTIONARY_WINDOW);
    const dictionary = bytes.toString('latin1', from + Math.max(0, bytes.subarray(from, at).lastIndexOf('obj')), at);
    if (!/\/Subtype\s*\/Image\b/.test(dictionary) && /\/Filter\s*(?:\[\s*)?\/(?:FlateDecode|Fl)\b/.test(dictionary)) {
      total += await inflatedSize(bytes.subarray(start, end === -1 ? bytes.length : end), budget - total + 1);
    }
    if (end === -1) break;
    previousEnd = end + 9;
    at = bytes.indexOf('stream', previousEnd);
  }
  return total;
}

/** Bytes `data` inflates to, stopping once past `cap`; a damaged stream counts what inflated before the damage. */
async function inflatedSize(data: Buffer, cap: number): Promise<number> {
  try {
    return inflateSync(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: Math.min(cap, INFLATE_AT_ONCE) }).length;
  } catch {
    return inflatedSizeStreaming(data, cap);
  }
}

function inflatedSizeStreaming(data: Buffer, cap: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflate({ finishFlush: constants.Z_SYNC_FLUSH });
    let size = 0;
    const done = (): void => resolve(size);
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) inflate.destroy();
    });
    inflate.once('end', done);
    inflate.once('error', done);
    inflate.once('close', done);
    inflate.end(data);
  });
}
