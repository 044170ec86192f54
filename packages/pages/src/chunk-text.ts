import type { ChunkRecord } from '@mcdewey/core';
import type { Highlighter } from './highlight.js';
import { highlighted, html, paragraphs, type SafeHtml } from './html.js';

/** What `chunkText` needs of a chunk: its text and where code sits in it. */
export type TextOfChunk = Pick<ChunkRecord, 'text' | 'code'>;

/**
 * A chunk's text for a page: prose as paragraphs, each code range (`chunk.code`) verbatim in
 * `<pre><code>` with a Copy button (shown by the page script, which copies `data-copy`); the
 * query's words marked in both when a highlighter is given. Ranges that do not fit the text are
 * ignored, so a damaged record shows as prose.
 */
export function chunkText(chunk: TextOfChunk, highlighter?: Highlighter): SafeHtml {
  const parts: SafeHtml[] = [];
  let cursor = 0;
  for (const [start, end] of chunk.code ?? []) {
    if (start < cursor || end <= start || end > chunk.text.length) continue;
    parts.push(paragraphs(chunk.text.slice(cursor, start), highlighter), codeBlock(chunk.text.slice(start, end), highlighter));
    cursor = end;
  }
  parts.push(paragraphs(chunk.text.slice(cursor), highlighter));
  return html`${parts}`;
}

function codeBlock(code: string, highlighter: Highlighter | undefined): SafeHtml {
  const shown = highlighter ? highlighted(code, highlighter.ranges(code)) : code;
  // tabindex: a block wider than the screen scrolls, and keyboard users must reach it.
  return html`<div class="code-block"><pre tabindex="0"><code>${shown}</code></pre><button type="button" class="copy copy-code" data-copy="${code}" aria-label="Copy code" hidden>Copy</button></div>`;
}
