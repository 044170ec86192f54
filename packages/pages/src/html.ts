import type { Highlighter } from './highlight.js';

/**
 * Escape-by-default HTML: every value interpolated into an `html` template is escaped unless it
 * is itself the result of `html` (or `raw`). Documents come from vendors and may contain markup,
 * so nothing from the index ever reaches a page unescaped: not on the server, not in the static
 * site's browser script (which puts these strings in the page through a `<template>`).
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML text node or a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** What an `html` template accepts: text (escaped), numbers, nested `html`, lists of these. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false || value === true) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`; nested `html` results pass through. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Marks a string the caller built safely (a fixed literal) as HTML. Never pass document text. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

/** A snippet with its `[start, end)` highlights wrapped in `<mark>`, every piece escaped. */
export function highlighted(text: string, highlights: readonly (readonly [number, number])[]): SafeHtml {
  const parts: SafeHtml[] = [];
  let cursor = 0;
  for (const [from, to] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (from < cursor || to <= from || to > text.length) continue;
    parts.push(html`${text.slice(cursor, from)}<mark>${text.slice(from, to)}</mark>`);
    cursor = to;
  }
  parts.push(html`${text.slice(cursor)}`);
  return html`${parts}`;
}

/**
 * Chunk text as paragraphs (blank lines separate them; single line breaks are kept by CSS), the
 * query's words marked when a highlighter is given.
 */
export function paragraphs(text: string, highlighter?: Highlighter): SafeHtml {
  return html`${text
    .split(/\n[ \t]*\n\s*/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => html`<p>${highlighter ? highlighted(paragraph, highlighter.ranges(paragraph)) : paragraph}</p>`)}`;
}
