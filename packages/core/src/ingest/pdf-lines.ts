// Text items of a page regrouped into visual lines.
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

/** One visual line of a page, in the page's text direction. */
export interface Line {
  text: string;
  /** Position across the text direction (the baseline y for upright text); larger is higher. */
  y: number;
  /** Start position along the text direction. */
  x: number;
  size: number;
  mono: boolean;
  charWidth: number;
}

/** The lines of one page (1-based number), in content-stream order. */
export async function pageLines(doc: PDFDocumentProxy, pageNumber: number): Promise<Line[]> {
  const page = await doc.getPage(pageNumber);
  try {
    const content = await page.getTextContent();
    const monospace = new Set(
      Object.entries(content.styles)
        .filter(([, style]) => style.fontFamily === 'monospace')
        .map(([name]) => name),
    );
    return buildLines(
      content.items.filter((item): item is TextItem => 'str' in item),
      monospace,
    );
  } finally {
    page.cleanup();
  }
}

/** Groups text items into lines: a new line starts after `hasEOL` or when the baseline moves. */
function buildLines(items: TextItem[], monospace: Set<string>): Line[] {
  const lines: Line[] = [];
  let current: (Line & { end: number }) | undefined;
  let breakPending = false;

  const finish = (): void => {
    if (current) {
      const text = current.mono ? current.text.replace(/\s+$/, '') : current.text.replace(/\s+/g, ' ').trim();
      if (text !== '') lines.push({ text, y: current.y, x: current.x, size: current.size, mono: current.mono, charWidth: current.charWidth });
    }
    current = undefined;
  };

  for (const item of items) {
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
    const scale = Math.hypot(a, b) || 1;
    const along = (a * e + b * f) / scale;
    const across = (a * f - b * e) / scale;
    const size = Math.hypot(c, d) || item.height;
    const blank = item.str.trim() === '';

    if (!blank) {
      if (current && (breakPending || Math.abs(across - current.y) > 0.5 * Math.max(size, current.size))) finish();
      breakPending = false;
      const mono = monospace.has(item.fontName);
      if (!current) {
        current = { text: '', y: across, x: along, size, mono, charWidth: 0, end: along };
      } else if (along - current.end > 0.25 * size && !/\s$/.test(current.text) && !/^\s/.test(item.str)) {
        current.text += ' ';
      }
      current.text += item.str;
      current.size = Math.max(current.size, size);
      current.mono &&= mono;
      if (mono && current.charWidth === 0 && item.str.length > 0) current.charWidth = item.width / item.str.length;
      current.end = along + item.width;
    } else if (current && item.str !== '') {
      current.text += item.str;
      current.end = along + item.width;
    }
    if (item.hasEOL) breakPending = true;
  }
  finish();
  return lines;
}
