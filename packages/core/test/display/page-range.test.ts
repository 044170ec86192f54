import { describe, expect, it } from 'vitest';
import { citationLine, pageCitation, pageRange, printedPageRange } from '../../src/ranking.js';

describe('pageRange', () => {
  it('labels one page, a run of pages, and no page', () => {
    expect(pageRange({ page: 27 })).toBe('27');
    expect(pageRange({ page: 27, pageEnd: 27 })).toBe('27');
    expect(pageRange({ page: 27, pageEnd: 28 })).toBe('27–28');
    expect(pageRange({})).toBe('');
    expect(pageRange({ page: undefined, pageEnd: 3 })).toBe('');
  });
});

describe('pageCitation and printedPageRange', () => {
  it('cites the printed page first and the physical page the link opens after it', () => {
    expect(pageCitation({ page: 29, pageEnd: 29, pageLabel: '23' })).toBe('p. 23 (PDF page 29)');
    expect(pageCitation({ page: 29, pageEnd: 30, pageLabel: '23', pageLabelEnd: '24' })).toBe('pp. 23–24 (PDF pages 29–30)');
    expect(pageCitation({ page: 29, pageEnd: 29, pageLabel: '23' }, 'long')).toBe('page 23 (PDF page 29)');
    expect(pageCitation({ page: 4, pageEnd: 5, pageLabel: 'iv', pageLabelEnd: '1' }, 'long')).toBe('pages iv–1 (PDF pages 4–5)');
    expect(printedPageRange({ page: 29, pageEnd: 30, pageLabel: '23', pageLabelEnd: '24' })).toBe('23–24');
  });

  it('falls back to the physical pages when the PDF prints none, and says nothing without a page', () => {
    expect(pageCitation({ page: 27 })).toBe('p. 27');
    expect(pageCitation({ page: 27, pageEnd: 28 })).toBe('pp. 27–28');
    expect(pageCitation({ page: 27, pageEnd: 28 }, 'long')).toBe('pages 27–28');
    expect(printedPageRange({ page: 27 })).toBe('');
    expect(pageCitation({})).toBe('');
    expect(pageCitation({ pageLabel: '3' })).toBe('');
  });
});

describe('citationLine', () => {
  const chunk = {
    id: 'acme::v2::guides::guide::7',
    vendor: 'acme',
    version: 'v2',
    title: 'Widget Guide',
    headings: ['Widget Guide', 'Install', 'Linux'],
    source: 'acme/v2/guides/guide.pdf',
    page: 29,
    pageEnd: 29,
    pageLabel: '23',
  };

  it('names vendor, version, title, section, printed and physical page, chunk id and URL on one line', () => {
    expect(citationLine(chunk, 'https://docs.example.com/chunk/acme::v2::guides::guide::7')).toBe(
      'acme v2 · Widget Guide · Install › Linux · p. 23 (PDF page 29) · acme::v2::guides::guide::7 · https://docs.example.com/chunk/acme::v2::guides::guide::7',
    );
  });

  it('ends with the source file without a URL, and leaves out what an HTML chunk lacks', () => {
    expect(citationLine({ ...chunk, headings: [], page: undefined, pageEnd: undefined, pageLabel: undefined, source: 'acme/v2/guides/guide.html' })).toBe(
      'acme v2 · Widget Guide · acme::v2::guides::guide::7 · acme/v2/guides/guide.html',
    );
  });

  it('stays one line whatever the headings hold', () => {
    expect(citationLine({ ...chunk, title: 'Two\nlines', headings: ['A\tB'] })).not.toMatch(/[\n\t]/);
  });
});
