import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Longest printed page label kept; a longer one is damage, not a page number. */
const MAX_LABEL_LENGTH = 32;

/**
 * The printed page labels of a PDF (its `/PageLabels` tree: "i", "ii", "1", "A-3"), one per
 * physical page, or undefined when the PDF defines none or every label is just the physical page
 * number. A label that is empty or unreasonably long is replaced by the physical number.
 */
export async function pageLabelsOf(doc: PDFDocumentProxy): Promise<string[] | undefined> {
  const raw = await doc.getPageLabels().catch(() => null);
  if (!raw || raw.length !== doc.numPages) return undefined;
  const labels = raw.map((label, index) => {
    const clean = typeof label === 'string' ? label.replace(/\s+/g, ' ').trim() : '';
    return clean === '' || clean.length > MAX_LABEL_LENGTH ? String(index + 1) : clean;
  });
  return labels.some((label, index) => label !== String(index + 1)) ? labels : undefined;
}
