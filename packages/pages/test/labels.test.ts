import { describe, expect, it } from 'vitest';
import { cardHeading, chunkPageTitle, longPageLabel, moreLabel, shortPageLabel } from '../src/index.js';

describe('page labels (one function each, over core pageCitation)', () => {
  it('short and long labels for one page, a run of pages and none', () => {
    expect([shortPageLabel({ page: 3 }), shortPageLabel({ page: 3, pageEnd: 5 }), shortPageLabel({})]).toEqual(['p. 3', 'pp. 3–5', '']);
    expect([longPageLabel({ page: 3, pageEnd: 3 }), longPageLabel({ page: 3, pageEnd: 5 }), longPageLabel({})]).toEqual(['page 3', 'pages 3–5', '']);
  });

  it('cite the printed page first when the PDF prints its own numbers', () => {
    expect(shortPageLabel({ page: 29, pageEnd: 29, pageLabel: '23' })).toBe('p. 23 (PDF page 29)');
    expect(longPageLabel({ page: 29, pageEnd: 30, pageLabel: '23', pageLabelEnd: '24' })).toBe('pages 23–24 (PDF pages 29–30)');
    expect(moreLabel({ id: 'a::b::c::d::4', headings: [], page: 29, pageEnd: 29, pageLabel: 'xii' })).toBe('p. xii (PDF page 29)');
  });

  it("the card heading is a PDF chunk's section (else the title), and the title for unpaged documents", () => {
    expect(cardHeading({ title: 'Guide', headings: ['Guide', 'Install'], page: 27, pageEnd: 28 })).toBe('Install');
    expect(cardHeading({ title: 'Guide', headings: [], page: 27, pageEnd: 28 })).toBe('Guide');
    expect(cardHeading({ title: 'Install', headings: ['Install', 'Linux'] })).toBe('Install');
  });

  it('a chunk page title names its pages, vendor and version', () => {
    expect(chunkPageTitle({ title: 'Guide', page: 4, vendor: 'acme', version: 'v2' })).toBe('Guide, page 4 (acme v2)');
    expect(chunkPageTitle({ title: 'Guide', vendor: 'acme', version: 'v2' })).toBe('Guide (acme v2)');
  });

  it('"more in this document" names a page, else the innermost heading, else the chunk\'s place', () => {
    expect(moreLabel({ id: 'a::b::c::d::4', headings: ['X'], page: 12, pageEnd: 13 })).toBe('pp. 12–13');
    expect(moreLabel({ id: 'a::b::c::d::4', headings: ['X', 'Restore'] })).toBe('Restore');
    expect(moreLabel({ id: 'a::b::c::d::4', headings: [] })).toBe('chunk 4');
  });
});
