import { describe, expect, it } from 'vitest';
import { chunkText } from '../src/chunk-text.js';
import type { Highlighter } from '../src/highlight.js';

describe('chunkText', () => {
  const text = 'Start the daemon:\n\nacme serve \\\n    --data-dir /var/lib/acme\n\nThen <check> the log.';
  const start = text.indexOf('acme serve');
  const end = text.indexOf('acme\n\nThen') + 4;

  it('shows code verbatim in <pre><code> with a copy button, prose as paragraphs, everything escaped', () => {
    const out = chunkText({ text, code: [[start, end]] }).value;
    expect(out).toBe(
      '<p>Start the daemon:</p>' +
        '<div class="code-block"><pre tabindex="0"><code>acme serve \\\n    --data-dir /var/lib/acme</code></pre>' +
        '<button type="button" class="copy copy-code" data-copy="acme serve \\\n    --data-dir /var/lib/acme" aria-label="Copy code" hidden>Copy</button></div>' +
        '<p>Then &lt;check&gt; the log.</p>',
    );
  });

  it('marks query words inside code too, and shows a chunk without code (or with bad offsets) as prose', () => {
    const highlighter: Highlighter = { ranges: (piece) => [...piece.matchAll(/acme/g)].map((match) => [match.index, match.index + 4] as [number, number]) };
    expect(chunkText({ text, code: [[start, end]] }, highlighter).value).toContain('<code><mark>acme</mark> serve');
    expect(chunkText({ text }).value).not.toContain('<pre');
    expect(chunkText({ text, code: [[5, 9999]] }).value).not.toContain('<pre');
  });
});
