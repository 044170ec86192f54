import { describe, expect, it } from 'vitest';
import { htmlNestingDepth, markdownNestingDepth } from '../../src/ingest/nesting.js';

describe('htmlNestingDepth', () => {
  it('counts open elements as an HTML parser keeps them', () => {
    expect(htmlNestingDepth('<html><body><div><section><p>Text</p></section></div></body></html>')).toBe(2);
    expect(htmlNestingDepth('<div><div></div><div><span>x</span></div></div>')).toBe(3);
    // `<div/>` does not close itself in HTML: the parser keeps it open.
    expect(htmlNestingDepth('<div/><div/><div/>')).toBe(3);
    // ... but in SVG it does.
    expect(htmlNestingDepth(`<svg>${'<path d="M0 0"/>'.repeat(50)}</svg>`)).toBe(1);
  });

  it('leaves out void elements, optional end tags, comments, raw text and stray end tags', () => {
    expect(htmlNestingDepth(`<ul>${'<li>item<br><img src=x>'.repeat(300)}</ul>`)).toBe(1);
    expect(htmlNestingDepth(`<!-- ${'<div>'.repeat(300)} --><script>if (a<b) x = "${'<div>'.repeat(300)}"</script><STYLE>${'<div>'.repeat(300)}</style>`)).toBe(0);
    expect(htmlNestingDepth(`${'</div>'.repeat(300)}<div>x</div>`)).toBe(1);
  });

  it('stops counting past the limit asked for', () => {
    expect(htmlNestingDepth('<div>'.repeat(100_000), 200)).toBe(201);
  });
});

describe('markdownNestingDepth', () => {
  it('bounds list and block quote nesting from markers and indentation', () => {
    expect(markdownNestingDepth('# Title\n\nText.\n')).toBe(0);
    expect(markdownNestingDepth('- a\n  - b\n    - c\n')).toBe(3);
    expect(markdownNestingDepth('> > > quoted\n')).toBe(3);
    expect(markdownNestingDepth('1. one\n   2) two\n')).toBe(2);
    expect(markdownNestingDepth('- - - a\n')).toBe(3);
  });

  it('does not count lines of spaces alone, and stops past the limit asked for', () => {
    expect(markdownNestingDepth(`Text\n${' '.repeat(1000)}\nMore text\n`)).toBe(0);
    expect(markdownNestingDepth('>'.repeat(10_000), 200)).toBe(10_000);
  });
});
