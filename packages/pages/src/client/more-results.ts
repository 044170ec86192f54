/**
 * "More results" in place: the next page's results fragment (the server's partial, or what the
 * static site renders in the browser) is appended under the list shown, its pager takes the old
 * one's place (less its "Previous" link: the earlier results are still above), the screen-reader
 * status says what was added, and the first new result takes the focus. Without script the link
 * opens that page on its own.
 */
export function appendResults(region: HTMLElement, next: ParentNode): void {
  const list = region.querySelector('ol.results');
  const added = next.querySelector('ol.results');
  if (!list || !added) return;
  const items = Array.from(added.children);
  list.append(...items);
  const pager = next.querySelector('nav.more-results');
  pager?.querySelector('a[rel="prev"]')?.remove();
  const old = region.querySelector('nav.more-results');
  if (pager?.querySelector('a')) old?.replaceWith(pager);
  else old?.remove();
  const status = document.getElementById('search-status');
  const shown = list.querySelectorAll(':scope > li').length;
  if (status) status.textContent = `${items.length} more results added; ${shown} shown`;
  items[0]?.querySelector<HTMLElement>('.result-link')?.focus();
}
