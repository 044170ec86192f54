import { DEFAULT_INGEST_LIMITS, type DocumentFormat } from '@mcdewey/core';
import { decodeBuffer, getEncoding } from 'encoding-sniffer';
import { extensionOf } from './scope.js';

/** A fetched body read as a document: its format and the bytes to store, or why it is not one. */
export type Classified = { format: DocumentFormat; bytes: Buffer } | { format: undefined; reason: string };

const EXTENSION_FORMATS: Record<string, DocumentFormat> = { pdf: 'pdf', md: 'markdown', markdown: 'markdown', txt: 'text', text: 'text', html: 'html', htm: 'html', xhtml: 'html' };

/** The file extension a stored document of each format gets. */
export const FORMAT_EXTENSIONS: Record<DocumentFormat, string> = { html: 'html', pdf: 'pdf', markdown: 'md', text: 'txt' };

/**
 * What a body is, from its Content-Type first and its bytes where the type is generic or wrong (a
 * PDF served as `text/html` or `application/octet-stream`, a page served as `text/plain`); images,
 * scripts, archives and the like are not documentation. Text is stored as UTF-8: a page in another
 * charset (from the header, a BOM or `<meta charset>`) is decoded and written again as UTF-8, its
 * charset declaration with it.
 */
export function classifyBody(body: Buffer, contentType: string, url: URL): Classified {
  const mime = contentType.split(';')[0]!.trim();
  const format = formatOf(body, mime, url);
  if (format === undefined) return { format: undefined, reason: `not documentation (${mime || 'no Content-Type'})` };
  if (format === 'pdf') return { format, bytes: body };
  const charset = charsetOf(contentType);
  if (format === 'html') return { format, bytes: htmlAsUtf8(body, charset) };
  return { format, bytes: textAsUtf8(body, charset) };
}

function formatOf(body: Buffer, mime: string, url: URL): DocumentFormat | undefined {
  if (startsWith(body, '%PDF-')) return 'pdf';
  const byExtension = EXTENSION_FORMATS[extensionOf(url)];
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return 'html';
  if (mime === 'application/pdf') return undefined; // says PDF, is not one
  if (mime === 'text/markdown' || mime === 'text/x-markdown') return 'markdown';
  const generic = mime === '' || mime === 'application/octet-stream' || mime === 'binary/octet-stream' || mime === 'text/plain';
  if (!generic) return undefined;
  if (looksLikeHtml(body)) return byExtension === 'markdown' || byExtension === 'text' ? byExtension : 'html';
  if (byExtension !== undefined && byExtension !== 'pdf') return byExtension;
  return mime === 'text/plain' ? 'text' : undefined;
}

/** Content types that are never documentation: their bodies are not read at all. */
const NOT_DOCUMENTATION_TYPE =
  /^(image|audio|video|font)\/|^(application|text)\/(javascript|ecmascript|css|wasm|zip|gzip|x-gzip|x-tar|x-7z-compressed|x-rar-compressed|x-bzip2|x-xz|java-archive|vnd\.)/;

/**
 * How much of a body to read for a Content-Type: the size ingest would read for its format
 * (`DEFAULT_INGEST_LIMITS.maxFileBytes`, or `override`), or why not to read it at all.
 */
export function bodyLimit(contentType: string, url: URL, override: number | undefined): number | string {
  const mime = contentType.split(';')[0]!.trim();
  if (NOT_DOCUMENTATION_TYPE.test(mime)) return `not documentation (${mime})`;
  if (override !== undefined) return override;
  const limits = DEFAULT_INGEST_LIMITS.maxFileBytes;
  if (mime === 'text/html' || mime === 'application/xhtml+xml') return limits.html;
  if (mime === 'text/markdown') return limits.markdown;
  if (mime === 'text/plain') return limits.text;
  return EXTENSION_FORMATS[extensionOf(url)] === 'html' && mime !== 'application/pdf' ? limits.html : limits.pdf;
}

function charsetOf(contentType: string): string | undefined {
  return /charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
}

function htmlAsUtf8(body: Buffer, charset: string | undefined): Buffer {
  const options = charset ? { transportLayerEncodingLabel: charset } : {};
  if (getEncoding(body, options) === 'UTF-8') return body;
  const text = decodeBuffer(body, options);
  return Buffer.from(text.replace(/(<meta[^>]*?charset\s*=\s*["']?)[\w.:-]+/i, '$1utf-8'), 'utf8');
}

function textAsUtf8(body: Buffer, charset: string | undefined): Buffer {
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii') return body;
  try {
    return Buffer.from(new TextDecoder(charset).decode(body), 'utf8');
  } catch {
    return body; // an unknown label: stored as sent, ingest decodes it as UTF-8 with its usual checks
  }
}

function startsWith(body: Buffer, magic: string): boolean {
  return body.subarray(0, 1024).toString('latin1').trimStart().startsWith(magic);
}

function looksLikeHtml(body: Buffer): boolean {
  return /^(\ufeff)?\s*(<!--[\s\S]*?-->\s*)*<(!doctype html|html|head|body)\b/i.test(body.subarray(0, 2048).toString('latin1'));
}
