import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DocumentInitParameters } from 'pdfjs-dist/types/src/display/api.js';
import { McdeweyError } from '../errors.js';
import { DEFAULT_INGEST_LIMITS, formatBytes, limitExceeded, type IngestLimits } from './limits.js';
import { pageBlocks, resolveHyphens } from './pdf-blocks.js';
import { headingKey } from './pdf-headings.js';
import { pageLines, type Line } from './pdf-lines.js';
import { loadPdfJs } from './pdf-load.js';
import { coverTitle, infoOf } from './pdf-metadata.js';
import { outlineOf } from './pdf-outline.js';
import { pageLabelsOf } from './pdf-page-labels.js';
import { dropRunningLines } from './pdf-running-lines.js';
import { inflatedStreamBytes } from './pdf-streams.js';
import type { Block, ExtractedDocument } from '../types.js';
import { baseName } from './text.js';

/**
 * Reads a PDF with pdfjs: text per physical page (every block carries its 1-based `page` and never
 * spans two pages), lines rebuilt from text items, paragraphs split on wider gaps, monospaced runs
 * kept as code, line-end hyphenation undone, running headers and footers dropped. The outline, when
 * there is one, gives `heading` blocks (level = outline depth) placed where each entry points.
 * Printed page labels ("iv", "23"), when the PDF defines them, come back as `pageLabels`.
 *
 * @param bytes The file's content (not modified; pdfjs gets a copy).
 * @param fileName The file's name or corpus path, used in error messages and as the fallback title.
 * @param limits Pages, extracted characters, and the bytes compressed streams may inflate to
 *   (checked before pdfjs decodes anything). Default `DEFAULT_INGEST_LIMITS`.
 * @throws McdeweyError `UNREADABLE_DOCUMENT` when the PDF is encrypted, corrupt, has no text or
 *   exceeds a limit.
 */
export async function readPdf(
  bytes: Uint8Array,
  fileName: string,
  limits: Pick<IngestLimits, 'maxPdfPages' | 'maxPdfDecodedBytes' | 'maxTextChars'> = DEFAULT_INGEST_LIMITS,
): Promise<ExtractedDocument> {
  if ((await inflatedStreamBytes(bytes, limits.maxPdfDecodedBytes)) > limits.maxPdfDecodedBytes) {
    throw limitExceeded(fileName, `compressed streams inflate to more than ${formatBytes(limits.maxPdfDecodedBytes)}`, 'maxPdfDecodedBytes');
  }
  const { pdfjs, dataUrls } = await loadPdfJs();
  const params: DocumentInitParameters & { isEvalSupported: boolean } = {
    data: new Uint8Array(bytes),
    disableFontFace: true,
    // pdfjs 5 no longer reads this option (it has no eval path left); it stays for older versions.
    isEvalSupported: false,
    useSystemFonts: false,
    useWorkerFetch: false,
    verbosity: 0,
    ...dataUrls,
  };
  const task = pdfjs.getDocument(params);
  try {
    let doc: PDFDocumentProxy;
    try {
      doc = await task.promise;
    } catch (error) {
      throw loadError(error, fileName);
    }
    if (doc.numPages > limits.maxPdfPages) throw limitExceeded(fileName, `more than ${limits.maxPdfPages.toLocaleString('en')} pages`, 'maxPdfPages');
    const metadata = await infoOf(doc, pdfjs);
    const { headings, firstTitle } = await outlineOf(doc);
    const pageLabels = await pageLabelsOf(doc);

    const pages: Line[][] = [];
    const failed: number[] = [];
    let chars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const lines = await pageLines(doc, n);
        pages.push(lines);
        for (const line of lines) chars += line.text.length;
        if (chars > limits.maxTextChars) throw limitExceeded(fileName, `more than ${limits.maxTextChars.toLocaleString('en')} characters of text`, 'maxTextChars');
      } catch (error) {
        if (error instanceof McdeweyError) throw error;
        failed.push(n);
        pages.push([]);
        if (failed.length === doc.numPages) throw loadError(error, fileName);
      }
    }
    if (failed.length > 0) metadata.unreadablePages = failed.join(', ');
    if (!pages.some((lines) => lines.length > 0)) {
      throw new McdeweyError('UNREADABLE_DOCUMENT', `${fileName}: no extractable text (scanned?)`, { details: { fileName } });
    }

    dropRunningLines(pages, new Set([...headings.values()].flat().map((heading) => headingKey(heading.title))));
    const blocks: Block[] = [];
    let previousPitch = 1.2;
    pages.forEach((lines, index) => {
      previousPitch = pageBlocks(lines, index + 1, headings.get(index) ?? [], previousPitch, blocks);
    });
    resolveHyphens(blocks);

    return {
      format: 'pdf',
      title: metadata.title || coverTitle(pages) || firstTitle || baseName(fileName),
      blocks,
      metadata,
      pageCount: doc.numPages,
      ...(pageLabels ? { pageLabels } : {}),
    };
  } finally {
    await task.destroy();
  }
}

function loadError(error: unknown, fileName: string): McdeweyError {
  if (error instanceof McdeweyError) return error;
  if (error instanceof Error && error.name === 'PasswordException') {
    return new McdeweyError('UNREADABLE_DOCUMENT', `${fileName}: PDF is encrypted (password required)`, { cause: error, details: { fileName } });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new McdeweyError('UNREADABLE_DOCUMENT', `${fileName}: corrupt or truncated PDF (${reason})`, { cause: error, details: { fileName } });
}
