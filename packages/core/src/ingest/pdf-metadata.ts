// Document-level facts: the Info dictionary / XMP metadata, and a cover title from the first page.
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PdfJs } from './pdf-load.js';
import type { Line } from './pdf-lines.js';

const INFO_KEYS: Record<string, string> = {
  Title: 'title',
  Author: 'author',
  Subject: 'subject',
  Keywords: 'keywords',
  Creator: 'creator',
  Producer: 'producer',
  CreationDate: 'created',
  ModDate: 'modified',
  PDFFormatVersion: 'pdfVersion',
};

export async function infoOf(doc: PDFDocumentProxy, pdfjs: PdfJs): Promise<Record<string, string>> {
  const metadata: Record<string, string> = {};
  const { info, metadata: xmp } = await doc.getMetadata().catch(() => ({ info: {}, metadata: null }));
  for (const [key, name] of Object.entries(INFO_KEYS)) {
    const value = (info as Record<string, unknown>)[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const date = key.endsWith('Date') ? pdfjs.PDFDateString.toDateObject(value) : null;
    metadata[name] = date ? date.toISOString() : value.replace(/\s+/g, ' ').trim();
  }
  const xmpTitle = xmp?.get('dc:title');
  if (!metadata.title && typeof xmpTitle === 'string' && xmpTitle.trim() !== '') metadata.title = xmpTitle.trim();
  if (metadata.title && /^(untitled|microsoft word - .*)$/i.test(metadata.title)) delete metadata.title;
  return metadata;
}

/**
 * The largest text on the first page that has text, as a cover title ("R FAQ", "Writing R
 * Extensions"); texinfo and many generated manuals carry no Info Title, and their first outline
 * entry is a preface. Only used when that text stands out (larger than the body text).
 */
export function coverTitle(pages: Line[][]): string | undefined {
  const lines = pages.find((page) => page.length > 0) ?? [];
  if (lines.length === 0) return undefined;
  const sizes = lines.map((line) => line.size).sort((a, b) => a - b);
  const bodySize = sizes[Math.floor(sizes.length / 2)]!;
  const largest = sizes[sizes.length - 1]!;
  if (largest <= bodySize * 1.15) return undefined;
  const title = lines
    .filter((line) => line.size >= largest * 0.95)
    .map((line) => line.text.trim())
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return title.length >= 2 && title.length <= 120 ? title : undefined;
}
