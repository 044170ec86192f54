import { documentParts } from '@mcdewey/pages/client';

/**
 * The document view: the target centred and, where a long document is drawn in part, the chunks
 * above and below fetched from the server (`?part=&from=&to=`) as they near the viewport.
 */
export function loadDocumentParts(): void {
  if (!document.querySelector('.document')) return;
  documentParts(async ({ side, from, to }) => {
    const url = new URL(location.href);
    url.hash = '';
    for (const [key, value] of Object.entries({ part: side, from, to })) url.searchParams.set(key, String(value));
    url.searchParams.delete('chunk');
    const response = await fetch(url, { headers: { accept: 'text/html' } });
    if (!response.ok) return undefined;
    const template = document.createElement('template');
    template.innerHTML = await response.text();
    return template.content;
  });
}
