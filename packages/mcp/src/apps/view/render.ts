import { contextUrl, pageRangeText, pageText, type CardData } from './card-data.js';

/**
 * Renders the chunk card into `root`, laid out like the web app's card: "Page N" and "↗ View in
 * doc context" (and "↗ View on vendor site" for a fetched document), then page / source / chunk_id / title / section, then the text. Every field is set
 * with `textContent` (never parsed as HTML), so document text stays text whatever it contains.
 */
export function renderCard(root: HTMLElement, card: CardData, options: { publicUrl?: string; onOpenLink?: (url: string) => void }): void {
  const doc = root.ownerDocument;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const article = el('article', 'card');
  article.setAttribute('aria-labelledby', 'card-title');
  const head = el('header', 'card-head');
  const range = pageRangeText(card);
  // A PDF's card is headed by its section (the page is in the page row), as on the web card.
  const heading = el('h1', undefined, range ? (card.headings.at(-1) ?? card.title) : card.title);
  heading.id = 'card-title';
  head.append(heading);
  const link = (url: string, label: string, className: string) => {
    const anchor = el('a', className);
    anchor.href = url;
    anchor.target = '_blank';
    anchor.rel = 'noopener noreferrer';
    anchor.append(el('span', undefined, '↗'), doc.createTextNode(` ${label}`));
    anchor.firstElementChild!.setAttribute('aria-hidden', 'true');
    // A sandboxed iframe may not open windows itself: the host opens the link (ui/open-link).
    anchor.addEventListener('click', (event) => {
      if (!options.onOpenLink) return;
      event.preventDefault();
      options.onOpenLink(url);
    });
    head.append(anchor);
  };
  const url = contextUrl(options.publicUrl, card);
  if (url) link(url, 'View in doc context', 'context-link');
  if (card.sourceUrl) link(card.sourceUrl, 'View on vendor site', 'context-link vendor-link');
  article.append(head);

  const meta = el('table', 'card-meta');
  const body = el('tbody');
  const row = (name: string, value: string, code = false) => {
    const tr = el('tr');
    tr.dataset.field = name;
    const th = el('th', undefined, name);
    th.scope = 'row';
    const td = el('td');
    td.append(code ? el('code', undefined, value) : doc.createTextNode(value));
    tr.append(th, td);
    body.append(tr);
  };
  const pages = pageText(card);
  if (pages) row('page', pages);
  row('source', card.source, true);
  row('chunk_id', card.chunkId, true);
  row('title', card.title);
  if (card.headings.length > 0) row('section', card.headings.join(' › '));
  meta.append(body);
  article.append(meta);

  if (card.snippet) article.append(el('p', 'snippet-note', 'Snippet of the top search result'));
  // One pre-wrapped block keeps the text exactly: code indentation, line breaks and blank lines.
  article.append(el('div', 'chunk-text', card.text));
  root.replaceChildren(article);
}

/** Replaces `root`'s content by one line of muted text (waiting, or nothing to show). */
export function renderMessage(root: HTMLElement, message: string): void {
  const p = root.ownerDocument.createElement('p');
  p.className = 'muted';
  p.textContent = message;
  root.replaceChildren(p);
}
