import { describe, expect, test } from 'vitest';
import { escapeHtml, highlighted, html, paragraphs, raw } from '../src/html.js';

describe('html', () => {
  test('escapes every interpolated value, in text and in attributes', () => {
    const evil = `<img src=x onerror="alert('1')">&`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</p>',
    );
    expect(escapeHtml('a & b')).toBe('a &amp; b');
  });

  test('nested templates and arrays pass through once; nullish and booleans render nothing', () => {
    const items = ['<a>', 'b'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
    expect(html`${raw('<br>')}`.value).toBe('<br>');
  });

  test('highlights become <mark>, with the text around them escaped', () => {
    expect(
      highlighted('a <b> snapshot & restore', [
        [6, 14],
        [17, 24],
      ]).value,
    ).toBe('a &lt;b&gt; <mark>snapshot</mark> &amp; <mark>restore</mark>');
  });

  test('overlapping, empty or out-of-range highlights are ignored, never break the text', () => {
    expect(
      highlighted('abcdef', [
        [2, 4],
        [3, 5],
        [4, 4],
        [5, 99],
      ]).value,
    ).toBe('ab<mark>cd</mark>ef');
    expect(
      highlighted('abc', [
        [1, 2],
        [0, 1],
      ]).value,
    ).toBe('<mark>a</mark><mark>b</mark>c');
  });

  test('paragraphs split on blank lines and keep single line breaks', () => {
    expect(paragraphs('One\nline two\n\n\nThree <x>\n \n').value).toBe('<p>One\nline two</p><p>Three &lt;x&gt;</p>');
  });
});
