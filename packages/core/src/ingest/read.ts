import { McdeweyError } from '../errors.js';
import { formatBytes, limitExceeded, resolveLimits, type IngestLimits, type IngestLimitsOptions } from './limits.js';
import { readText } from './text.js';
import type { DocumentFormat, ExtractedDocument } from '../types.js';

const FORMATS: Record<string, DocumentFormat> = {
  pdf: 'pdf',
  html: 'html',
  htm: 'html',
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
  text: 'text',
};

/** Below this share of invalid bytes a text file is decoded with U+FFFD replacements and a warning. */
const LENIENT_INVALID_RATIO = 0.01;
/** Above this share of control characters (besides tab, line feed, form feed, carriage return) content is binary. */
const BINARY_CONTROL_RATIO = 0.05;

/**
 * The document format for a file name, by extension (`.pdf`, `.html`/`.htm`, `.md`/`.markdown`,
 * `.txt`/`.text`, any case), or `undefined` for a file McDewey does not read.
 */
export function formatOf(fileName: string): DocumentFormat | undefined {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : FORMATS[extension];
}

/** Options of `readDocument`. */
export interface ReadDocumentOptions {
  /**
   * Per-document limits (file size, front matter size, nesting depth, extracted text, PDF pages
   * and decoded stream bytes); a document over one is refused with the limit named. Time and
   * memory limits apply only in `ingest`, which reads each document in a worker thread.
   * Default `DEFAULT_INGEST_LIMITS`.
   */
  limits?: IngestLimitsOptions | IngestLimits;
}

/**
 * Reads one document file, choosing the reader by extension. Text formats are decoded as UTF-8
 * (BOM stripped, `\r\n` turned into `\n`, NFC-normalised).
 *
 * @param bytes The file's content.
 * @param fileName The file's name or corpus path: picks the format and prefixes error messages.
 * @throws McdeweyError `UNREADABLE_DOCUMENT` for an unknown extension, an empty file, binary or
 *   badly encoded text, an encrypted, corrupt or text-less PDF, a document without text, or one
 *   over a limit (the reason names it, like `nesting deeper than 200 levels (limits.maxNestingDepth)`).
 */
export async function readDocument(bytes: Uint8Array, fileName: string, options: ReadDocumentOptions = {}): Promise<ExtractedDocument> {
  const format = formatOf(fileName);
  if (format === undefined) throw unreadable(fileName, 'unsupported file type');
  if (bytes.length === 0) throw unreadable(fileName, 'empty file');
  const limits = resolveLimits(options.limits);
  const maxBytes = limits.maxFileBytes[format];
  if (bytes.length > maxBytes) throw limitExceeded(fileName, `larger than ${formatBytes(maxBytes)}`, `maxFileBytes.${format}`);

  let document: ExtractedDocument;
  try {
    // The readers (cheerio, marked, pdf.js) load on first use: opening and searching an index never needs them.
    if (format === 'pdf') {
      const { readPdf } = await import('./pdf.js');
      document = await readPdf(bytes, fileName, limits);
    } else {
      const { text, warning } = decodeText(bytes, fileName);
      if (format === 'html') document = (await import('./html.js')).readHtml(text, fileName, limits);
      else if (format === 'markdown') document = (await import('./markdown.js')).readMarkdown(text, fileName, limits);
      else document = readText(text, fileName);
      if (warning !== undefined) document.metadata.encodingWarning = warning;
    }
  } catch (error) {
    if (error instanceof McdeweyError) throw error;
    throw unreadable(fileName, error instanceof Error ? error.message : String(error), error);
  }
  if (!document.blocks.some((block) => block.text.trim() !== '')) throw unreadable(fileName, 'no text content');
  const chars = document.blocks.reduce((sum, block) => sum + block.text.length, 0);
  if (chars > limits.maxTextChars) throw limitExceeded(fileName, `more than ${limits.maxTextChars.toLocaleString('en')} characters of text`, 'maxTextChars');
  return document;
}

function unreadable(fileName: string, reason: string, cause?: unknown): McdeweyError {
  return new McdeweyError('UNREADABLE_DOCUMENT', `${fileName}: ${reason}`, { cause, details: { fileName, reason } });
}

/**
 * Invalid UTF-8 policy: a file with a few bad bytes (under 1%) is most likely UTF-8 with a stray
 * Latin-1 character or a cut multi-byte sequence, so it is decoded with U+FFFD in their place and
 * the document carries `metadata.encodingWarning`. More than that means another encoding, which
 * would come out as mojibake, so the file is rejected with the offset of the first bad byte.
 */
function decodeText(bytes: Uint8Array, fileName: string): { text: string; warning?: string } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const content = bytes.subarray(bom);
  if (looksBinary(content)) throw unreadable(fileName, 'binary content, not text');

  let text: string;
  let warning: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
  } catch {
    const { invalid, first } = scanUtf8(content);
    if (invalid >= content.length * LENIENT_INVALID_RATIO) throw unreadable(fileName, `invalid UTF-8 at byte ${bom + first}`);
    text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(content);
    warning = `${invalid} invalid UTF-8 byte(s) replaced with U+FFFD, first at byte ${bom + first}`;
  }
  text = text.replace(/\r\n?/g, '\n').normalize('NFC');
  return warning === undefined ? { text } : { text, warning };
}

function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  for (const byte of bytes) {
    if (byte === 0) return true;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) control++;
  }
  return control > bytes.length * BINARY_CONTROL_RATIO;
}

/** Counts bytes in ill-formed UTF-8 sequences (as the WHATWG decoder would replace them). */
function scanUtf8(bytes: Uint8Array): { invalid: number; first: number } {
  let invalid = 0;
  let first = -1;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    let length = 0;
    let low = 0x80;
    let high = 0xbf;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    }
    let valid = length > 0 ? 1 : 0;
    while (valid > 0 && valid < length) {
      const next = bytes[i + valid];
      const [min, max] = valid === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) break;
      valid++;
    }
    if (length > 0 && valid === length) {
      i += length;
    } else {
      const bad = Math.max(valid, 1);
      if (first < 0) first = i;
      invalid += bad;
      i += bad;
    }
  }
  return { invalid, first };
}
